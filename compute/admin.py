"""Django admin for compute and equipment: superuser data fixes only (import from admin.py)."""

from django.contrib import admin

from compute.models import (
    ComputeAllocation,
    ComputeCapacity,
    ComputeDateChange,
    ComputeReclaim,
    ComputeUsage,
    ComputeUsageImport,
)


@admin.register(ComputeCapacity)
class ComputeCapacityAdmin(admin.ModelAdmin):
    list_display = ["label", "starts_on", "ends_on", "capacity_pf", "storage_pb"]
    search_fields = ["label"]


@admin.register(ComputeAllocation)
class ComputeAllocationAdmin(admin.ModelAdmin):
    list_display = [
        "project_code",
        "project_title",
        "company",
        "capacity",
        "starts_on",
        "ends_on",
        "pf_allocated",
        "gpu_hours_allocated",
        "is_off_purpose",
    ]
    list_filter = ["capacity", "is_off_purpose"]
    list_select_related = ["company", "capacity"]
    search_fields = ["project_code", "project_title", "company__name"]
    raw_id_fields = ["company", "capacity", "recorded_by"]


@admin.register(ComputeUsageImport)
class ComputeUsageImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "row_count", "imported_by", "imported_at"]
    list_select_related = ["imported_by"]
    search_fields = ["filename"]
    raw_id_fields = ["imported_by"]


@admin.register(ComputeUsage)
class ComputeUsageAdmin(admin.ModelAdmin):
    list_display = ["allocation", "used_on", "gpu_hours"]
    list_select_related = ["allocation"]
    search_fields = ["allocation__project_code"]
    raw_id_fields = ["allocation", "source"]


@admin.register(ComputeReclaim)
class ComputeReclaimAdmin(admin.ModelAdmin):
    list_display = ["allocation", "pf_reclaimed", "gpu_hours_reclaimed", "reclaimed_by"]
    list_select_related = ["allocation", "reclaimed_by"]
    search_fields = ["allocation__project_code", "reason"]
    raw_id_fields = ["allocation", "reclaimed_by"]


@admin.register(ComputeDateChange)
class ComputeDateChangeAdmin(admin.ModelAdmin):
    list_display = [
        "allocation",
        "previous_starts_on",
        "previous_ends_on",
        "starts_on",
        "ends_on",
        "changed_by",
    ]
    list_select_related = ["allocation", "changed_by"]
    search_fields = ["allocation__project_code", "reason"]
    raw_id_fields = ["allocation", "changed_by"]
