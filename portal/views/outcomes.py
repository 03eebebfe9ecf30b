"""Firm portal: outcome reports (성과 보고). The company is always request.user.company;
another firm's report or evidence file is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core.pagination import SafePaginationMixin
from core.views import add_service_errors
from outcomes.downloads import evidence_response, outcome_pdf_response
from outcomes.forms import EvidenceUploadForm, OutcomeFiguresForm, PatentForm
from outcomes.models import (
    FIGURE_FIELDS,
    EvidenceFile,
    OutcomeReport,
    Patent,
    ReportingPeriod,
)
from outcomes.services import (
    evidence_add,
    evidence_remove,
    outcome_report_save,
    outcome_report_submit,
    patent_add,
    patent_remove,
)
from users.permissions import FIRM_ONLY, RoleRequiredMixin, require_role


def portal_outcome_pdf(request, pk):
    """The firm's own report as a PDF; another firm's is a 404."""
    require_role(request.user, FIRM_ONLY)
    report = get_object_or_404(
        OutcomeReport.objects.visible_to(request.user).with_detail_relations(), pk=pk
    )
    return outcome_pdf_response(report, request.LANGUAGE_CODE)


class PortalOutcomeListView(RoleRequiredMixin, SafePaginationMixin, ListView):
    """The firm's reports, and the periods open for reporting now."""

    allowed_roles = FIRM_ONLY
    template_name = "portal/outcome_list.html"
    context_object_name = "reports"

    def get_queryset(self):
        return OutcomeReport.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        user = self.request.user
        periods = list(ReportingPeriod.objects.open(timezone.localdate()).order_by("due_on"))
        by_period = {
            r.period_id: r
            for r in OutcomeReport.objects.visible_to(user).filter(period__in=periods)
        }
        open_periods = [(p, by_period.get(p.pk)) for p in periods]
        return super().get_context_data(open_periods=open_periods, **kwargs)


class PortalOutcomeEditView(RoleRequiredMixin, FormView):
    """The firm's figures for a period; creates the draft on first save."""

    allowed_roles = FIRM_ONLY
    form_class = OutcomeFiguresForm
    template_name = "portal/outcome_form.html"

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        self.period = get_object_or_404(
            ReportingPeriod.objects.visible_to(request.user).filter(
                opens_on__lte=timezone.localdate()
            ),
            pk=kwargs["period_pk"],
        )
        self.report = (
            OutcomeReport.objects.visible_to(request.user).filter(period=self.period).first()
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.report
        kwargs["editable"] = self.report.editable_fields() if self.report else FIGURE_FIELDS
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, report=self.report, **kwargs)

    def form_valid(self, form):
        user = self.request.user
        figures = {name: form.cleaned_data[name] for name in FIGURE_FIELDS}
        try:
            report = outcome_report_save(
                company=user.company, period=self.period, by=user, figures=figures
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your figures were saved."))
        return redirect("portal:outcome_detail", pk=report.pk)


class PortalOutcomeDetailView(RoleRequiredMixin, DetailView):
    allowed_roles = FIRM_ONLY
    template_name = "portal/outcome_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return OutcomeReport.objects.visible_to(self.request.user).with_detail_relations()

    def get_context_data(self, **kwargs):
        editable = self.object.editable_fields()
        return super().get_context_data(
            editable=editable,
            patent_form=PatentForm() if "patents" in editable else None,
            evidence_form=EvidenceUploadForm() if "evidence" in editable else None,
            **kwargs,
        )


class ReportObjectMixin(RoleRequiredMixin):
    """A form about one of the firm's reports: role first, then visible_to (404)."""

    allowed_roles = FIRM_ONLY

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        self.report = get_object_or_404(
            OutcomeReport.objects.visible_to(request.user).select_related("company", "period"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)


class PortalPatentAddView(ReportObjectMixin, FormView):
    form_class = PatentForm
    template_name = "portal/outcome_patent_form.html"

    def form_valid(self, form):
        try:
            patent_add(report=self.report, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The patent was added."))
        return redirect("portal:outcome_detail", pk=self.report.pk)


class PortalEvidenceAddView(ReportObjectMixin, FormView):
    form_class = EvidenceUploadForm
    template_name = "portal/outcome_evidence_form.html"

    def form_valid(self, form):
        try:
            evidence_add(report=self.report, by=self.request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        messages.success(self.request, _("The evidence file was uploaded."))
        return redirect("portal:outcome_detail", pk=self.report.pk)


class PortalPatentRemoveView(RoleRequiredMixin, TemplateView):
    """Confirm, then take a patent off the firm's report (while patents are open)."""

    allowed_roles = FIRM_ONLY
    template_name = "portal/outcome_patent_remove.html"

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        self.patent = get_object_or_404(
            Patent.objects.visible_to(request.user).select_related("report__period"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(patent=self.patent, report=self.patent.report, **kwargs)

    def post(self, request, *args, **kwargs):
        report = self.patent.report
        try:
            patent_remove(patent=self.patent, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The patent was removed from the report."))
        return redirect("portal:outcome_detail", pk=report.pk)


class PortalEvidenceRemoveView(RoleRequiredMixin, TemplateView):
    """Confirm, then delete one of the firm's evidence files (while evidence is open)."""

    allowed_roles = FIRM_ONLY
    template_name = "portal/outcome_evidence_remove.html"

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        self.evidence = get_object_or_404(
            EvidenceFile.objects.visible_to(request.user).select_related("report__period"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            evidence=self.evidence, report=self.evidence.report, **kwargs
        )

    def post(self, request, *args, **kwargs):
        report = self.evidence.report
        try:
            evidence_remove(evidence=self.evidence, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The evidence file was deleted."))
        return redirect("portal:outcome_detail", pk=report.pk)


@require_POST
def portal_outcome_submit(request, pk):
    """Send the report to staff for review."""
    require_role(request.user, FIRM_ONLY)
    report = get_object_or_404(OutcomeReport.objects.visible_to(request.user), pk=pk)
    try:
        outcome_report_submit(report=report, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your report was submitted for review."))
    return redirect("portal:outcome_detail", pk=report.pk)


def portal_evidence_download(request, pk):
    """One of the firm's own evidence files; another firm's is a 404."""
    require_role(request.user, FIRM_ONLY)
    return evidence_response(
        get_object_or_404(EvidenceFile.objects.visible_to(request.user), pk=pk)
    )


urlpatterns = [
    path("outcomes/", PortalOutcomeListView.as_view(), name="outcome_list"),
    path(
        "outcomes/periods/<int:period_pk>/",
        PortalOutcomeEditView.as_view(),
        name="outcome_edit",
    ),
    path("outcomes/<int:pk>/", PortalOutcomeDetailView.as_view(), name="outcome_detail"),
    path("outcomes/<int:pk>/submit/", portal_outcome_submit, name="outcome_submit"),
    path("outcomes/<int:pk>/pdf/", portal_outcome_pdf, name="outcome_pdf"),
    path(
        "outcomes/<int:pk>/patents/new/", PortalPatentAddView.as_view(), name="outcome_patent_add"
    ),
    path(
        "outcomes/patents/<int:pk>/remove/",
        PortalPatentRemoveView.as_view(),
        name="outcome_patent_remove",
    ),
    path(
        "outcomes/<int:pk>/evidence/new/",
        PortalEvidenceAddView.as_view(),
        name="outcome_evidence_add",
    ),
    path("outcomes/evidence/<int:pk>/", portal_evidence_download, name="outcome_evidence"),
    path(
        "outcomes/evidence/<int:pk>/remove/",
        PortalEvidenceRemoveView.as_view(),
        name="outcome_evidence_remove",
    ),
]
