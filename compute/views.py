"""Staff screens: compute capacity, allocations, usage import and reclaims."""

from django.contrib import messages
from django.db.models import Max, Min, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from audit.selectors import history_for
from companies.models import Company
from compute.filters import AllocationFilter
from compute.forms import (
    AllocationCompanyPickerField,
    AllocationCreateForm,
    AllocationDatesForm,
    AllocationReclaimForm,
    AllocationUpdateForm,
    ComputeCapacityForm,
    UsageUploadForm,
)
from compute.models import ComputeAllocation, ComputeCapacity, ComputeUsageImport
from compute.selectors import period_peaks
from compute.services import (
    USAGE_HEADERS,
    allocation_change_dates,
    allocation_create,
    allocation_reclaim,
    allocation_used_gpu_hours,
    reclaim_plan,
    usage_import,
    usage_validate,
)
from core.autocomplete import AutocompleteView
from core.display import format_number
from core.exports import CSV_CONTENT_TYPE, ExportFile, csv_bytes, export_response
from core.imports import DryRunImportView, Importer, ImportJobView, run_stored_import
from core.pagination import SafePaginationMixin
from core.text import ascii_id
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from users.permissions import STAFF_AND_EXECUTIVE, STAFF_ONLY, RoleRequiredMixin, require_role


class CapacityListView(RoleRequiredMixin, SafePaginationMixin, ListView):
    """Capacity periods with what is allocated in each and the projects' results."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "compute/compute_capacity_list.html"
    context_object_name = "periods"

    def get_queryset(self):
        return ComputeCapacity.objects.visible_to(self.request.user).with_totals()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's periods and their peak use: the ledger of their days, two queries.
        peaks = period_peaks(context["periods"])
        for period in context["periods"]:
            period.peak = peaks.get(period.pk)
        return context


class CapacityCreateView(RoleRequiredMixin, CreateView):
    allowed_roles = STAFF_ONLY
    form_class = ComputeCapacityForm
    template_name = "compute/compute_capacity_form.html"

    def form_valid(self, form):
        self.object = form.save()
        messages.success(
            self.request, _("Capacity period %(period)s was added.") % {"period": self.object}
        )
        return redirect("compute:capacity_list")


class AllocationCompanyAutocompleteView(AutocompleteView):
    """The companies the allocation list's filter offers: those with allocations."""

    allowed_roles = STAFF_AND_EXECUTIVE
    field_class = AllocationCompanyPickerField


class AllocationListView(FilteredListMixin, ListView):
    filterset_class = AllocationFilter
    template_name = "compute/allocation_list.html"
    context_object_name = "allocations"

    def base_queryset(self):
        return ComputeAllocation.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        return super().get_context_data(totals=self.object_list.totals(), **kwargs)


class AllocationDetailView(RoleRequiredMixin, DetailView):
    """One allocation: amounts, usage by month, reclaim history."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "compute/allocation_detail.html"
    context_object_name = "allocation"

    def get_queryset(self):
        return (
            ComputeAllocation.objects.visible_to(self.request.user)
            .with_list_relations()
            .select_related("recorded_by")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        allocation = self.object
        # Months of a period are few; a month's total reads better than daily rows.
        context["usage_by_month"] = (
            allocation.usage.annotate(month=TruncMonth("used_on"))
            .values("month")
            .annotate(gpu_hours=Sum("gpu_hours"))
            .order_by("month")
        )
        context["reclaims"] = allocation.reclaims.select_related("reclaimed_by")
        context["date_changes"] = allocation.date_changes.select_related("changed_by")
        context["history"] = history_for(allocation)
        return context


class AllocationCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    allowed_roles = STAFF_ONLY
    form_class = AllocationCreateForm
    template_name = "compute/allocation_form.html"
    extra_context = {"page_title": gettext_lazy("Allocate compute")}

    def get_initial(self):
        initial = super().get_initial()
        company = ascii_id(self.request.GET.get("company"))
        if company is not None:
            initial["company"] = (
                Company.objects.visible_to(self.request.user).filter(pk=company).first()
            )
        return initial

    def run_service(self, form):
        return allocation_create(by=self.request.user, **form.cleaned_data)

    def success(self, allocation):
        messages.success(
            self.request,
            _("Compute was allocated to %(project)s.") % {"project": allocation.project_code},
        )
        return HttpResponseRedirect(allocation.get_absolute_url())


class AllocationUpdateView(RoleRequiredMixin, UpdateView):
    """The project title, agreement date and results (AI models trained, commercial models)."""

    allowed_roles = STAFF_ONLY
    form_class = AllocationUpdateForm
    template_name = "compute/allocation_form.html"
    extra_context = {"page_title": gettext_lazy("Edit project and results")}

    def get_queryset(self):
        return ComputeAllocation.objects.visible_to(self.request.user)

    def form_valid(self, form):
        messages.success(
            self.request,
            _("Project %(project)s was saved.") % {"project": form.instance.project_code},
        )
        return super().form_valid(form)


class AllocationDatesView(ObjectPageMixin, ServiceFormMixin, FormView):
    """Move an allocation's first or last day (extended, ended early), with a reason."""

    allowed_roles = STAFF_ONLY
    form_class = AllocationDatesForm
    template_name = "compute/allocation_dates.html"
    object_context_name = "allocation"

    def object_queryset(self):
        return ComputeAllocation.objects.visible_to(self.request.user).select_related(
            "company", "capacity"
        )

    def get_initial(self):
        return {"starts_on": self.target.starts_on, "ends_on": self.target.ends_on}

    def get_context_data(self, **kwargs):
        # The days with usage bound the new dates; the page says which they are.
        used = self.target.usage.aggregate(first=Min("used_on"), last=Max("used_on"))
        return super().get_context_data(
            usage_first=used["first"], usage_last=used["last"], **kwargs
        )

    def run_service(self, form):
        return allocation_change_dates(
            allocation=self.target, by=self.request.user, **form.cleaned_data
        )

    def success(self, change):
        messages.success(
            self.request,
            _("The compute of %(project)s is now held from %(start)s to %(end)s.")
            % {
                "project": self.target.project_code,
                "start": change.starts_on.isoformat(),
                "end": change.ends_on.isoformat(),
            },
        )
        return HttpResponseRedirect(self.target.get_absolute_url())


class AllocationReclaimView(ObjectPageMixin, ServiceFormMixin, FormView):
    """Flag an allocation as off-purpose and reclaim its unused part, after confirmation."""

    form_class = AllocationReclaimForm
    template_name = "compute/allocation_reclaim.html"
    object_context_name = "allocation"

    def object_queryset(self):
        return ComputeAllocation.objects.visible_to(self.request.user).select_related(
            "company", "capacity"
        )

    def get_context_data(self, **kwargs):
        used = allocation_used_gpu_hours(self.target)
        return super().get_context_data(plan=reclaim_plan(self.target, used), **kwargs)

    def run_service(self, form):
        return allocation_reclaim(
            allocation=self.target, reason=form.cleaned_data["reason"], by=self.request.user
        )

    def success(self, reclaim):
        messages.success(
            self.request,
            _(
                "%(project)s was flagged as off-purpose; %(pf)s PF and %(hours)s GPU-hours "
                "were reclaimed."
            )
            % {
                "project": self.target.project_code,
                "pf": format_number(reclaim.pf_reclaimed, 2),
                "hours": format_number(reclaim.gpu_hours_reclaimed),
            },
        )
        return HttpResponseRedirect(self.target.get_absolute_url())


# --- usage import ------------------------------------------------------------------------


def _write_usage(result, *, filename: str, by) -> int:
    return usage_import(result=result, filename=filename, by=by).row_count


USAGE_IMPORTER = Importer(
    path=f"{__name__}.USAGE_IMPORTER",
    storage_prefix="private/imports/compute",
    validate=usage_validate,
    write=_write_usage,
    conflict_message=gettext_lazy(
        "Nothing was imported: the database refused a row, probably because the same "
        "usage was imported meanwhile. Upload the file again to see which rows."
    ),
    title=gettext_lazy("Import compute usage"),
    upload_url_name="compute:usage_import",
    job_url_name="compute:usage_import_job",
    done_url_name="compute:allocation_list",
    done_label=gettext_lazy("Compute allocations"),
)


class UsageImportView(DryRunImportView):
    """Upload a usage file and see the dry run; nothing is written here."""

    allowed_roles = STAFF_ONLY
    form_class = UsageUploadForm
    template_name = "compute/compute_usage_import.html"
    session_key = "compute_usage_import_tokens"
    importer = USAGE_IMPORTER

    def get_context_data(self, **kwargs):
        recent = ComputeUsageImport.objects.select_related("imported_by")[:5]
        return super().get_context_data(columns=USAGE_HEADERS, recent_imports=recent, **kwargs)


@require_POST
def usage_import_confirm(request):
    """Run the import the dry run approved, re-validating the stored file first."""
    require_role(request.user, STAFF_ONLY)
    batch = run_stored_import(
        request,
        session_key=UsageImportView.session_key,
        storage=UsageImportView.storage(),
        validate=usage_validate,
        run=lambda result, entry: usage_import(result=result, filename=entry[1], by=request.user),
        conflict_message=str(USAGE_IMPORTER.conflict_message),
    )
    if batch is None:
        return redirect("compute:usage_import")
    messages.success(
        request,
        ngettext(
            "%(count)s usage row was imported.",
            "%(count)s usage rows were imported.",
            batch.row_count,
        )
        % {"count": format_number(batch.row_count)},
    )
    return redirect("compute:allocation_list")


class UsageImportJobView(ImportJobView):
    """A large usage file: the worker's check, the confirmation, the import."""

    allowed_roles = STAFF_ONLY
    importer = USAGE_IMPORTER


def usage_import_template(request):
    """An example usage CSV, UTF-8 with BOM so Korean Excel shows Hangul."""
    require_role(request.user, STAFF_ONLY)
    return export_response(
        ExportFile(
            filename="compute-usage-template.csv",
            content_type=CSV_CONTENT_TYPE,
            content=csv_bytes(USAGE_HEADERS, [["2021-001", "2021-07-01", "12.5"]]),
            row_count=1,
        )
    )
