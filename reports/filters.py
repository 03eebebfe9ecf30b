"""List filters of the report screens."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.filters import ALL, search_widget
from core.forms import NormalizedFilterForm
from reports.models import KpiIndicator, KpiPeriod, KpiUnit


class KpiIndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=search_widget(_("Code or name")),
    )
    unit = django_filters.ChoiceFilter(label=_("unit"), choices=KpiUnit.choices, empty_label=ALL)
    period = django_filters.ChoiceFilter(
        label=_("period"), choices=KpiPeriod.choices, empty_label=ALL
    )

    class Meta:
        model = KpiIndicator
        fields = []
        form = NormalizedFilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name_ko__icontains=value) | Q(name_en__icontains=value)
        )


class DrilldownFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        field_name="name",
        lookup_expr="icontains",
        widget=search_widget(_("Company name")),
    )

    class Meta:
        model = Company
        fields = []
        form = NormalizedFilterForm
