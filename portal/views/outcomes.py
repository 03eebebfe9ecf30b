"""Firm portal: outcome reports (성과 보고). The company is always request.user.company;
another firm's report or evidence file is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core.pagination import SafePaginationMixin
from core.submissions import SubmitOnceMixin
from core.views import ObjectPageMixin, ServiceFormMixin
from outcomes.downloads import evidence_response, outcome_pdf_response
from outcomes.forms import EvidenceUploadForm, OutcomeFiguresForm, OutcomeSubmitForm, PatentForm
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


class PortalOutcomeEditView(ObjectPageMixin, ServiceFormMixin, FormView):
    """The firm's figures for a period; creates the draft on first save."""

    allowed_roles = FIRM_ONLY
    form_class = OutcomeFiguresForm
    template_name = "portal/outcome_form.html"
    object_context_name = "period"
    pk_url_kwarg = "period_pk"

    def object_queryset(self):
        return ReportingPeriod.objects.visible_to(self.request.user).filter(
            opens_on__lte=timezone.localdate()
        )

    @cached_property
    def report(self):
        """The firm's report for the period; None before its first save."""
        return (
            OutcomeReport.objects.visible_to(self.request.user).filter(period=self.target).first()
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.report
        kwargs["editable"] = self.report.editable_fields() if self.report else FIGURE_FIELDS
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def run_service(self, form):
        user = self.request.user
        figures = {name: form.cleaned_data[name] for name in FIGURE_FIELDS}
        return outcome_report_save(
            company=user.company, period=self.target, by=user, figures=figures
        )

    def success(self, report):
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
            submit_form=OutcomeSubmitForm(),
            **kwargs,
        )


class ReportObjectMixin(ObjectPageMixin, SubmitOnceMixin):
    """A form adding to one of the firm's reports, once per form token; back to the report when
    done, when sent again, or when the report was submitted meanwhile."""

    allowed_roles = FIRM_ONLY
    object_context_name = "report"

    def object_queryset(self):
        return OutcomeReport.objects.visible_to(self.request.user).select_related(
            "company", "period"
        )

    def done(self, message):
        messages.success(self.request, message)
        return redirect("portal:outcome_detail", pk=self.target.pk)

    def resubmitted_url(self, target):
        return reverse("portal:outcome_detail", args=[self.target.pk])

    def changed_meanwhile(self, error):
        for message in error.messages:
            messages.error(self.request, message)
        return redirect("portal:outcome_detail", pk=self.target.pk)


class PortalPatentAddView(ReportObjectMixin, FormView):
    form_class = PatentForm
    template_name = "portal/outcome_patent_form.html"

    def run_service(self, form):
        return patent_add(report=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, patent):
        return self.done(_("The patent was added."))


class PortalEvidenceAddView(ReportObjectMixin, FormView):
    form_class = EvidenceUploadForm
    template_name = "portal/outcome_evidence_form.html"
    service_error_field = "file"

    def run_service(self, form):
        return evidence_add(
            report=self.target,
            by=self.request.user,
            upload=form.cleaned_data["file"],
            figure=form.cleaned_data["figure"],
        )

    def success(self, evidence):
        return self.done(_("The evidence file was uploaded."))


class PortalPatentRemoveView(ObjectPageMixin, TemplateView):
    """Confirm, then take a patent off the firm's report (while patents are open)."""

    allowed_roles = FIRM_ONLY
    template_name = "portal/outcome_patent_remove.html"
    object_context_name = "patent"

    def object_queryset(self):
        return Patent.objects.visible_to(self.request.user).select_related("report__period")

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.target.report, **kwargs)

    def post(self, request, *args, **kwargs):
        report = self.target.report
        try:
            patent_remove(patent=self.target, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The patent was removed from the report."))
        return redirect("portal:outcome_detail", pk=report.pk)


class PortalEvidenceRemoveView(ObjectPageMixin, TemplateView):
    """Confirm, then delete one of the firm's evidence files (while evidence is open)."""

    allowed_roles = FIRM_ONLY
    template_name = "portal/outcome_evidence_remove.html"
    object_context_name = "evidence"

    def object_queryset(self):
        return EvidenceFile.objects.visible_to(self.request.user).select_related("report__period")

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.target.report, **kwargs)

    def post(self, request, *args, **kwargs):
        report = self.target.report
        try:
            evidence_remove(evidence=self.target, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The evidence file was deleted."))
        return redirect("portal:outcome_detail", pk=report.pk)


@require_POST
def portal_outcome_submit(request, pk):
    """Send the report to staff for review, once the firm ticked the confirmation."""
    require_role(request.user, FIRM_ONLY)
    report = get_object_or_404(OutcomeReport.objects.visible_to(request.user), pk=pk)
    form = OutcomeSubmitForm(request.POST)
    if not form.is_valid():
        for message in form.errors["confirm"]:
            messages.error(request, message)
        return redirect("portal:outcome_detail", pk=report.pk)
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
