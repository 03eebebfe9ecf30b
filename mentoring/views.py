from django.views.generic import ListView

from companies.models import Company
from core.pagination import SafePaginationMixin
from users.permissions import MENTOR_ONLY, RoleRequiredMixin


class MentorHomeView(RoleRequiredMixin, SafePaginationMixin, ListView):
    """A mentor's landing page: the companies assigned to them now."""

    allowed_roles = MENTOR_ONLY
    template_name = "mentoring/mentor_home.html"
    context_object_name = "companies"

    def get_queryset(self):
        return Company.objects.visible_to(self.request.user).with_list_relations()
