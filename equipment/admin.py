"""Django admin for compute and equipment: superuser data fixes only (import from admin.py)."""

from django.contrib import admin

from equipment.models import DemoCentre, Equipment, EquipmentBooking


@admin.register(DemoCentre)
class DemoCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "host_institution", "industry", "opened_on"]
    search_fields = ["name", "host_institution"]


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "centre",
        "in_service_year",
        "is_bookable",
        "max_booking_hours",
        "max_days_ahead",
    ]
    list_filter = ["centre", "in_service_year"]
    list_select_related = ["centre"]
    search_fields = ["name"]


@admin.register(EquipmentBooking)
class EquipmentBookingAdmin(admin.ModelAdmin):
    list_display = ["equipment", "company", "starts_at", "ends_at", "status"]
    list_filter = ["status"]
    list_select_related = ["equipment", "company"]
    search_fields = ["equipment__name", "company__name"]
    raw_id_fields = ["equipment", "company", "requested_by", "decided_by", "cancelled_by"]
