"""Staff screens for firm outcome reports: list, review (accept, request changes, reopen),
patents and evidence downloads. Executives may read them."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from audit.selectors import history_for
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from outcomes.downloads import evidence_response, outcome_pdf_response
from outcomes.forms import (
    OutcomeReportFilter,
    PatentFilter,
    ReportingPeriodFilter,
    ReportingPeriodForm,
    ReviewDecisionForm,
)
from outcomes.models import EvidenceFile, OutcomeReport, OutcomeStatus, Patent, ReportingPeriod
from outcomes.services import (
    evidence_missing,
    outcome_report_accept,
    outcome_report_reopen,
    outcome_report_request_changes,
    reporting_period_create,
)
from users.permissions import (
    STAFF_AND_EXECUTIVE,
    STAFF_ONLY,
    RoleRequiredMixin,
    has_role,
    require_role,
)


class OutcomeReportListView(FilteredListMixin, ListView):
    filterset_class = OutcomeReportFilter
    template_name = "outcomes/outcome_list.html"
    context_object_name = "reports"

    def base_queryset(self):
        return OutcomeReport.objects.visible_to(self.request.user).with_list_relations()


class PatentListView(FilteredListMixin, ListView):
    filterset_class = PatentFilter
    template_name = "outcomes/outcome_patent_list.html"
    context_object_name = "patents"

    def base_queryset(self):
        return Patent.objects.visible_to(self.request.user).with_list_relations()


class OutcomeReviewView(ObjectPageMixin, ServiceFormMixin, FormView):
    """A report with its patents, evidence and history; staff decide on it here."""

    allowed_roles = STAFF_AND_EXECUTIVE
    form_class = ReviewDecisionForm
    template_name = "outcomes/outcome_review.html"
    object_context_name = "report"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":  # executives read; only staff decide
            require_role(request.user, STAFF_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def object_queryset(self):
        return OutcomeReport.objects.visible_to(self.request.user).with_detail_relations()

    def get_form_kwargs(self):
        missing = {}
        deciding = has_role(self.request.user, STAFF_ONLY)
        if deciding and self.target.status == OutcomeStatus.SUBMITTED:
            missing = evidence_missing(self.target)
        return {**super().get_form_kwargs(), "status": self.target.status, "missing": missing}

    def get_context_data(self, **kwargs):
        history = history_for(self.target, *self.target.patents.all())
        return super().get_context_data(history=history, **kwargs)

    def run_service(self, form):
        """Take the decision; returns what to tell the user."""
        data = form.cleaned_data
        user = self.request.user
        if data["action"] == form.ACCEPT:
            outcome_report_accept(
                report=self.target, by=user, note=data["reason"], waivers=form.waivers()
            )
            return _("The report was accepted.")
        if data["action"] == form.REQUEST_CHANGES:
            outcome_report_request_changes(
                report=self.target, by=user, fields=data["fields"], reason=data["reason"]
            )
            return _("Changes were requested from the firm.")
        outcome_report_reopen(
            report=self.target, by=user, fields=data["fields"], reason=data["reason"]
        )
        return _("The report was reopened.")

    def success(self, message):
        messages.success(self.request, message)
        return redirect("outcomes:review", pk=self.target.pk)


def outcome_report_pdf(request, pk):
    """A firm's outcome report as a PDF for staff and executives."""
    require_role(request.user, STAFF_AND_EXECUTIVE)
    report = get_object_or_404(
        OutcomeReport.objects.visible_to(request.user).with_detail_relations(), pk=pk
    )
    return outcome_pdf_response(report, request.LANGUAGE_CODE)


def outcome_evidence_download(request, pk):
    """An evidence file for staff and executives; never a public media URL."""
    require_role(request.user, STAFF_AND_EXECUTIVE)
    return evidence_response(
        get_object_or_404(EvidenceFile.objects.visible_to(request.user), pk=pk)
    )


class ReportingPeriodListView(FilteredListMixin, ListView):
    """Reporting periods with how many reports each has, by state."""

    filterset_class = ReportingPeriodFilter
    template_name = "outcomes/outcome_period_list.html"
    context_object_name = "periods"

    def base_queryset(self):
        return (
            ReportingPeriod.objects.visible_to(self.request.user)
            .annotate(
                report_count=Count("reports"),
                submitted_count=Count("reports", filter=Q(reports__status=OutcomeStatus.SUBMITTED)),
                accepted_count=Count("reports", filter=Q(reports__status=OutcomeStatus.ACCEPTED)),
            )
            .order_by("-year", "-quarter", "pk")
        )


class ReportingPeriodCreateView(RoleRequiredMixin, FormView):
    allowed_roles = STAFF_ONLY
    form_class = ReportingPeriodForm
    template_name = "outcomes/outcome_period_form.html"

    def form_valid(self, form):
        reporting_period_create(period=form.save(commit=False))
        messages.success(self.request, _("The reporting period was created."))
        return redirect("outcomes:period_list")
