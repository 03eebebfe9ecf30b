"""List filters of the compute and equipment screens (staff and firm portal)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from compute.forms import AllocationCompanyPickerField
from compute.models import ComputeAllocation, ComputeCapacity
from core.autocomplete import AutocompleteFilter
from core.filters import ALL, YES_NO, ModelChoiceFilter, filter_yes_no, search_widget
from core.forms import NormalizedFilterForm


class AllocationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=search_widget(_("Project number, title or company")),
    )
    capacity = ModelChoiceFilter(
        label=_("period"),
        queryset=lambda request: ComputeCapacity.objects.visible_to(request.user).order_by(
            "-starts_on"
        ),
        empty_label=ALL,
    )
    company = AutocompleteFilter(
        label=_("company"),
        field_class=AllocationCompanyPickerField,
        required=False,
    )
    is_off_purpose = django_filters.ChoiceFilter(
        label=_("off-purpose use"), choices=YES_NO, empty_label=ALL, method=filter_yes_no
    )

    class Meta:
        model = ComputeAllocation
        form = NormalizedFilterForm
        fields = ["q", "capacity", "company", "is_off_purpose"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(project_code__icontains=value)
            | Q(project_title__icontains=value)
            | Q(company__name__icontains=value)
        )
