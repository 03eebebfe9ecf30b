"""Firm portal: mentoring. The company is always request.user.company."""

from django.urls import path
from django.views.generic import ListView

from core.pagination import SafePaginationMixin
from mentoring.selectors import portal_sessions
from portal.views.profile import FirmMixin


class PortalSessionListView(FirmMixin, SafePaginationMixin, ListView):
    """The firm's mentoring sessions: date, mentor, topic, next steps; never the mentor's notes."""

    template_name = "portal/session_list.html"
    context_object_name = "sessions"

    def get_queryset(self):
        # get_company() goes through visible_to; the firm's own company only.
        return portal_sessions(company=self.get_company())


urlpatterns = [
    path("mentoring/", PortalSessionListView.as_view(), name="mentoring"),
]
