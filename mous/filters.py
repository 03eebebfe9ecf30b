"""Filters of the MOU and relocation lists."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ALL, YES_NO, YearFilter, search_widget
from core.forms import NormalizedFilterForm
from mous.models import Mou, MouStage, Region, Relocation, RelocationType


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting by a column with equal values still pages the same way (ties by id)."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "-pk") if value else qs


class MouFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        widget=search_widget(_("Company name")),
    )
    stage = django_filters.ChoiceFilter(
        label=_("follow-through stage"), choices=MouStage.choices, empty_label=ALL
    )
    relocation_type = django_filters.ChoiceFilter(
        label=_("relocation type"), choices=RelocationType.choices, empty_label=ALL
    )
    year = YearFilter(
        label=_("year signed"),
        field_name="signed_on",
        lookup_expr="year",
        min_value=2000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2021"}),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("overdue follow-up"), choices=YES_NO, empty_label=ALL, method="filter_overdue"
    )
    o = StableOrderingFilter(
        label=_("Sort"),
        fields=[
            ("signed_on", "signed_on"),
            ("company__name", "company"),
            ("stage", "stage"),
            ("relocation_type", "relocation_type"),
            ("planned_investment_krw", "planned_investment_krw"),
            ("planned_local_hires", "planned_local_hires"),
            ("next_follow_up_on", "next_follow_up_on"),
        ],
    )

    class Meta:
        model = Mou
        form = NormalizedFilterForm
        fields = ["q", "stage", "relocation_type", "year", "overdue"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.overdue(today) if value == "true" else queryset.not_overdue(today)


class RelocationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        widget=search_widget(_("Company name")),
    )
    from_region = django_filters.ChoiceFilter(
        label=_("moved from"), choices=Region.choices, empty_label=ALL
    )
    relocation_type = django_filters.ChoiceFilter(
        label=_("relocation type"), choices=RelocationType.choices, empty_label=ALL
    )
    year = YearFilter(
        label=_("year moved"),
        field_name="moved_on",
        lookup_expr="year",
        min_value=2000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2021"}),
    )
    has_mou = django_filters.ChoiceFilter(
        label=_("linked to an MOU"), choices=YES_NO, empty_label=ALL, method="filter_has_mou"
    )
    o = StableOrderingFilter(
        label=_("Sort"),
        fields=[
            ("moved_on", "moved_on"),
            ("company__name", "company"),
            ("from_region", "from_region"),
            ("relocation_type", "relocation_type"),
        ],
    )

    class Meta:
        model = Relocation
        form = NormalizedFilterForm
        fields = ["q", "from_region", "relocation_type", "year", "has_mou"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_has_mou(self, queryset, name, value):
        return queryset.filter(mou__isnull=value != "true")
