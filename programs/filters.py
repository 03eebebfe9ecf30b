"""List filters of the programme screens."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import ALL, ModelChoiceFilter, search_widget
from core.forms import NormalizedFilterForm
from programs.models import AwardStatus, Call, Program, SupportAward, SupportType

FIRST_YEAR = 2020


def year_choices():
    """Programme years from the cluster's start to next year, newest first."""
    return [
        (str(year), str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)
    ]


def programs(request):
    return Program.objects.visible_to(request.user).order_by("name")


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        field_name="name",
        lookup_expr="icontains",
        widget=search_widget(_("Programme name")),
    )
    support_type = django_filters.ChoiceFilter(
        label=_("support type"), choices=SupportType.choices, empty_label=ALL
    )

    class Meta:
        model = Program
        form = NormalizedFilterForm
        fields = ["q", "support_type"]


class CallState(django_filters.ChoiceFilter):
    """Upcoming, open or closed on today's date in Seoul."""

    def filter(self, qs, value):
        today = timezone.localdate()
        if value == "upcoming":
            return qs.filter(opens_on__gt=today)
        if value == "open":
            return qs.filter(opens_on__lte=today, closes_on__gte=today)
        if value == "closed":
            return qs.filter(closes_on__lt=today)
        return qs


class CallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        field_name="title",
        lookup_expr="icontains",
        widget=search_widget(_("Call title")),
    )
    program = ModelChoiceFilter(label=_("programme"), queryset=programs, empty_label=ALL)
    support_type = django_filters.ChoiceFilter(
        label=_("support type"),
        field_name="program__support_type",
        choices=SupportType.choices,
        empty_label=ALL,
    )
    year = django_filters.ChoiceFilter(
        label=_("year"),
        field_name="opens_on",
        lookup_expr="year",
        choices=year_choices,
        empty_label=ALL,
    )
    state = CallState(
        label=pgettext_lazy("programme", "call status"),
        choices=[
            ("upcoming", _("Upcoming")),
            ("open", _("Open")),
            ("closed", _("Closed")),
        ],
        empty_label=ALL,
    )

    class Meta:
        model = Call
        form = NormalizedFilterForm
        fields = ["q", "program", "support_type", "year", "state"]


class AwardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_company",
        widget=search_widget(_("Company name")),
    )
    program = ModelChoiceFilter(label=_("programme"), queryset=programs, empty_label=ALL)
    support_type = django_filters.ChoiceFilter(
        label=_("support type"),
        field_name="program__support_type",
        choices=SupportType.choices,
        empty_label=ALL,
    )
    year = django_filters.ChoiceFilter(
        label=_("year"),
        field_name="awarded_on",
        lookup_expr="year",
        choices=year_choices,
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=AwardStatus.choices, empty_label=ALL
    )
    o = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=[
            ("awarded_on", "awarded_on"),
            ("company__name", "company"),
            ("amount_krw", "amount_krw"),
            ("disbursed_krw", "disbursed_krw"),
        ],
    )

    class Meta:
        model = SupportAward
        form = NormalizedFilterForm
        fields = ["q", "program", "support_type", "year", "status"]

    def filter_company(self, queryset, name, value):
        return queryset.filter(
            Q(company__name__icontains=value) | Q(program__name__icontains=value)
        )
