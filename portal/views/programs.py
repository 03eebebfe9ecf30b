"""Firm portal: the firm's own support awards. The company is always request.user.company."""

from django.urls import path
from django.views.generic import DetailView, ListView

from core.pagination import SafePaginationMixin
from portal.views.profile import FirmMixin
from programs.models import SupportAward


class PortalAwardListView(FirmMixin, SafePaginationMixin, ListView):
    template_name = "portal/award_list.html"
    context_object_name = "awards"

    def get_queryset(self):
        # visible_to already limits a firm user to its own company's awards.
        return (
            SupportAward.objects.visible_to(self.request.user)
            .select_related("program")
            .order_by("-awarded_on", "-pk")
        )


class PortalAwardDetailView(FirmMixin, DetailView):
    """One of the firm's awards with its schedule and disbursements; another firm's is a 404."""

    template_name = "portal/award_detail.html"
    context_object_name = "award"

    def get_queryset(self):
        return SupportAward.objects.visible_to(self.request.user).select_related("program")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instalments"] = list(self.object.instalments.all())
        context["disbursements"] = list(self.object.disbursements.all())
        return context


urlpatterns = [
    path("awards/", PortalAwardListView.as_view(), name="awards"),
    path("awards/<int:pk>/", PortalAwardDetailView.as_view(), name="award_detail"),
]
