import django_filters
from django.utils.translation import gettext_lazy as _

from companies.models import Company, GrowthStage, Industry
from core.filters import ALL, YES_NO, ModelChoiceFilter, filter_yes_no, search_widget
from core.forms import NormalizedFilterForm
from users.models import Role, User


class CompanyFilter(django_filters.FilterSet):
    """The company list's filters; the Excel export applies the same ones."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=search_widget(_("Company name or registration number")),
    )
    stage = django_filters.ChoiceFilter(
        label=_("growth stage"), choices=GrowthStage.choices, empty_label=ALL
    )
    industry = django_filters.ChoiceFilter(
        label=_("focus industry"), choices=Industry.choices, empty_label=ALL
    )
    is_in_gwangju = django_filters.ChoiceFilter(
        label=_("located in Gwangju"), choices=YES_NO, empty_label=ALL, method=filter_yes_no
    )
    assigned_staff = ModelChoiceFilter(
        label=_("assigned staff"),
        queryset=lambda request: User.objects.filter(role=Role.STAFF).order_by("name"),
        empty_label=ALL,
    )
    is_active = django_filters.ChoiceFilter(
        label=_("active"), choices=YES_NO, empty_label=ALL, method=filter_yes_no
    )
    o = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=[
            ("name", "name"),
            ("business_number", "business_number"),
            ("stage", "stage"),
            ("industry", "industry"),
            ("employee_count", "employee_count"),
            ("updated_at", "updated_at"),
        ],
    )

    class Meta:
        model = Company
        form = NormalizedFilterForm
        fields = ["q", "stage", "industry", "is_in_gwangju", "assigned_staff", "is_active"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
