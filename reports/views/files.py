"""Report files built in the background, and submitted report snapshots."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView

from core.downloads import private_file_response
from core.jobs import job_fail_stale
from core.pagination import SafePaginationMixin
from core.views import ServiceFormMixin
from reports import services
from reports.forms import SnapshotForm
from reports.models import ReportExport, ReportFormat, ReportSnapshot, SnapshotStatus
from reports.selectors.figures import kpi_report
from reports.selectors.snapshots import snapshot_diff
from reports.views.dashboard import FIRST_YEAR, as_of_context, chosen_year, year_choices
from users.permissions import (
    EXECUTIVE_ONLY,
    STAFF_AND_EXECUTIVE,
    RoleRequiredMixin,
    has_role,
    require_role,
)

CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _file_response(field, filename: str, fmt: str):
    return private_file_response(field, filename=filename, content_type=CONTENT_TYPES[fmt])


@require_POST
def export_create(request):
    """Queue a report file for the year, format and as-of date (empty: the calendar year)
    posted; then show its progress."""
    require_role(request.user, STAFF_AND_EXECUTIVE)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    try:
        export = services.report_export_request(
            year=year,
            fmt=request.POST.get("format", ""),
            by=request.user,
            as_of=_posted_as_of(request),
            firm_list=request.POST.get("firm_list") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:dashboard")
    return redirect(export)


def _posted_as_of(request) -> date | None:
    """The as-of date posted with a file request (the dashboard's), None if empty."""
    value = request.POST.get("as_of", "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("The as-of date must be a date, e.g. 2022-03-24."), code="as_of"
        ) from None


class ExportDetailView(RoleRequiredMixin, DetailView):
    """The progress of one report file; htmx polls the status fragment until it is done, or
    failed (also when its worker stopped showing progress)."""

    allowed_roles = STAFF_AND_EXECUTIVE
    context_object_name = "export"

    def get(self, request, *args, **kwargs):
        job_fail_stale(ReportExport)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return ReportExport.objects.visible_to(self.request.user).select_related("requested_by")

    def get_template_names(self):
        if self.request.htmx:
            return ["reports/export_detail.html#status"]
        return ["reports/export_detail.html"]

    def get_context_data(self, **kwargs):
        export = self.object
        previous = (
            ReportExport.objects.visible_to(self.request.user)
            .done()
            .filter(year=export.year, as_of=export.as_of, format=export.format)
            .exclude(pk=export.pk)
            .first()
        )
        return super().get_context_data(previous=previous, **kwargs)


def export_download(request, pk: int):
    """A built report file, named kpi-YYYY.pdf or kpi-YYYY.xlsx (kpi-YYYY-as-of-YYYY-MM-DD.pdf
    for a file as of a date)."""
    require_role(request.user, STAFF_AND_EXECUTIVE)
    export = get_object_or_404(ReportExport.objects.visible_to(request.user).done(), pk=pk)
    return _file_response(export.file, export.filename, export.format)


class ExportListView(RoleRequiredMixin, SafePaginationMixin, ListView):
    """Every report file requested, newest first."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "reports/export_list.html"
    context_object_name = "exports"

    def get_queryset(self):
        job_fail_stale(ReportExport)
        return ReportExport.objects.visible_to(self.request.user).select_related("requested_by")


class SnapshotListView(RoleRequiredMixin, SafePaginationMixin, ListView):
    """Submitted reports by year and version, each with what changed since the one before."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "reports/snapshot_list.html"
    context_object_name = "snapshots"

    def get_queryset(self):
        job_fail_stale(ReportSnapshot)
        snapshots = ReportSnapshot.objects.visible_to(self.request.user).select_related(
            "approved_by"
        )
        self.year = None
        if self.request.GET.get("year"):
            self.year = chosen_year(self.request)
            snapshots = snapshots.filter(year=self.year)
        return snapshots

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["snapshots"])
        known = {(s.year, s.version): s for s in page}
        # The previous versions not on this page, in one query.
        wanted = [(s.year, s.version - 1) for s in page if (s.year, s.version - 1) not in known]
        if wanted:
            condition = Q()
            for year, version in wanted:
                condition |= Q(year=year, version=version)
            known.update({(s.year, s.version): s for s in ReportSnapshot.objects.filter(condition)})
        for snapshot in page:
            previous = known.get((snapshot.year, snapshot.version - 1))
            snapshot.diff = snapshot_diff(snapshot.figures, previous.figures) if previous else None
        context.update(
            snapshots=page,
            year=self.year,
            years=year_choices(),
            can_submit=has_role(self.request.user, EXECUTIVE_ONLY),
        )
        return context


class SnapshotCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """An executive checks the year's figures and submits them as the next version."""

    allowed_roles = EXECUTIVE_ONLY
    form_class = SnapshotForm
    template_name = "reports/snapshot_form.html"

    def get_initial(self):
        chosen = as_of_context(self.request)
        return {"year": chosen["year"], "as_of": chosen["as_of_date"]}

    def get_context_data(self, **kwargs):
        form, year, as_of = kwargs.get("form"), None, None
        if form is not None and form.is_bound and form.is_valid():
            year, as_of = form.cleaned_data["year"], form.cleaned_data["as_of"]
        if year is None:
            chosen = as_of_context(self.request)
            year, as_of = chosen["year"], chosen["as_of_date"]
        if as_of is not None and as_of.year != year:
            as_of = None
        return super().get_context_data(
            report=kpi_report(year=year, as_of=as_of),
            year=year,
            as_of_date=as_of,
            first_year=FIRST_YEAR,
            previous=ReportSnapshot.objects.filter(year=year).first(),
            **kwargs,
        )

    def run_service(self, form):
        return services.snapshot_submit(
            year=form.cleaned_data["year"],
            by=self.request.user,
            note=form.cleaned_data["note"],
            as_of=form.cleaned_data["as_of"],
        )

    def success(self, snapshot):
        messages.success(
            self.request,
            _("Version %(version)s of the %(year)s report was submitted; its files are on the way.")
            % {"version": snapshot.version, "year": snapshot.year},
        )
        return redirect(snapshot)


def snapshot_file(request, pk: int, fmt: str):
    """A snapshot's frozen PDF or Excel file, named kpi-YYYY-vN.pdf/.xlsx."""
    require_role(request.user, STAFF_AND_EXECUTIVE)
    if fmt not in ReportFormat.values:
        raise Http404
    snapshot = get_object_or_404(
        ReportSnapshot.objects.visible_to(request.user).filter(status=SnapshotStatus.READY), pk=pk
    )
    return _file_response(getattr(snapshot, fmt), snapshot.filename(fmt), fmt)


@require_POST
def snapshot_retry(request, pk: int):
    """Queue the files of a snapshot whose building failed, or whose worker died, once more."""
    require_role(request.user, EXECUTIVE_ONLY)
    snapshot = get_object_or_404(ReportSnapshot.objects.visible_to(request.user), pk=pk)
    try:
        services.snapshot_retry(snapshot=snapshot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The files are being built again."))
    return redirect(snapshot)
