"""List filters of the compute and equipment screens (staff and firm portal)."""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.filters import ALL, YES_NO
from companies.models import Company
from core.forms import DateInput, NormalizedFilterForm
from programs.models import (
    BookingStatus,
    ComputeAllocation,
    ComputeCapacity,
    DemoCentre,
    Equipment,
    EquipmentBooking,
)


def _companies_with_allocations(request):
    return Company.objects.filter(
        pk__in=ComputeAllocation.objects.visible_to(request.user).values("company_id")
    ).order_by("name", "pk")


class AllocationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Project number, title or company")}
        ),
    )
    capacity = django_filters.ModelChoiceFilter(
        label=_("period"),
        queryset=lambda request: ComputeCapacity.objects.visible_to(request.user).order_by(
            "-starts_on"
        ),
        empty_label=ALL,
    )
    company = django_filters.ModelChoiceFilter(
        label=_("company"), queryset=_companies_with_allocations, empty_label=ALL
    )
    is_off_purpose = django_filters.ChoiceFilter(
        label=_("off-purpose use"), choices=YES_NO, empty_label=ALL, method="filter_yes_no"
    )

    class Meta:
        model = ComputeAllocation
        form = NormalizedFilterForm
        fields = ["q", "capacity", "company", "is_off_purpose"]

    def filter_yes_no(self, queryset, name, value):
        return queryset.filter(**{name: value == "true"})

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(project_code__icontains=value)
            | Q(project_title__icontains=value)
            | Q(company__name__icontains=value)
        )


class EquipmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        field_name="name",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Equipment name")}),
    )
    centre = django_filters.ModelChoiceFilter(
        label=_("demonstration centre"),
        queryset=lambda request: DemoCentre.objects.visible_to(request.user),
        empty_label=ALL,
    )
    in_service_year = django_filters.NumberFilter(label=_("in service from (year)"))

    class Meta:
        model = Equipment
        form = NormalizedFilterForm
        fields = ["q", "centre", "in_service_year"]


class _BookingDayFilterMixin:
    def filter_day(self, queryset, name, value):
        """Bookings that share some of the day `value` (Seoul time)."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(value, time.min, zone)
        return queryset.filter(starts_at__lt=start + timedelta(days=1), ends_at__gt=start)


class BookingFilter(_BookingDayFilterMixin, django_filters.FilterSet):
    centre = django_filters.ModelChoiceFilter(
        label=_("demonstration centre"),
        field_name="equipment__centre",
        queryset=lambda request: DemoCentre.objects.visible_to(request.user),
        empty_label=ALL,
    )
    equipment = django_filters.ModelChoiceFilter(
        label=_("equipment"),
        queryset=lambda request: (
            Equipment.objects.visible_to(request.user).select_related("centre").order_by("name")
        ),
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=BookingStatus.choices, empty_label=ALL
    )
    day = django_filters.DateFilter(label=_("date"), method="filter_day", widget=DateInput())

    class Meta:
        model = EquipmentBooking
        form = NormalizedFilterForm
        fields = ["centre", "equipment", "status", "day"]


class PortalBookingFilter(_BookingDayFilterMixin, django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=BookingStatus.choices, empty_label=ALL
    )
    day = django_filters.DateFilter(label=_("date"), method="filter_day", widget=DateInput())

    class Meta:
        model = EquipmentBooking
        form = NormalizedFilterForm
        fields = ["status", "day"]
