"""List filters of the compute and equipment screens (staff and firm portal)."""

from datetime import datetime, time, timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteFilter
from core.filters import ALL, ModelChoiceFilter, YearFilter, search_widget
from core.forms import DateInput, NormalizedFilterForm
from equipment.forms import EquipmentPickerField
from equipment.models import BookingStatus, DemoCentre, Equipment, EquipmentBooking


class EquipmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        field_name="name",
        lookup_expr="icontains",
        widget=search_widget(_("Equipment name")),
    )
    centre = ModelChoiceFilter(
        label=_("demonstration centre"),
        queryset=lambda request: DemoCentre.objects.visible_to(request.user),
        empty_label=ALL,
    )
    in_service_year = YearFilter(label=_("in service from (year)"))

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
    centre = ModelChoiceFilter(
        label=_("demonstration centre"),
        field_name="equipment__centre",
        queryset=lambda request: DemoCentre.objects.visible_to(request.user),
        empty_label=ALL,
    )
    equipment = AutocompleteFilter(
        label=_("equipment"),
        queryset=lambda request: (
            Equipment.objects.visible_to(request.user).select_related("centre").order_by("name")
        ),
        field_class=EquipmentPickerField,
        required=False,
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
