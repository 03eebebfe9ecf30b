from django.db.models import Count, Q
from django.views.generic import TemplateView

from companies.models import Company
from users.permissions import STAFF_AND_EXECUTIVE, RoleRequiredMixin


class DashboardView(RoleRequiredMixin, TemplateView):
    """Executive landing page; the KPI figures arrive with the reports issue."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = Company.objects.visible_to(self.request.user).aggregate(
            companies=Count("pk"),
            active=Count("pk", filter=Q(is_active=True)),
            in_gwangju=Count("pk", filter=Q(is_in_gwangju=True)),
        )
        return context
