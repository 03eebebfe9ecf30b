import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.forms import CompanyPickerField
from companies.models import Company, Industry
from core.autocomplete import AutocompleteFilter
from core.filters import ALL, search_widget
from core.forms import DateInput, NormalizedFilterForm
from mentoring.forms import MentorPickerField
from mentoring.models import MentorAssignment, MentoringSession, MentorProfile, SessionStatus
from users.models import Role, User
from users.permissions import MENTOR_ONLY, has_role


def _mentors(request):
    return User.objects.filter(role=Role.MENTOR).order_by("name", "email")


def _mentored_companies(request):
    """Companies with a mentor assignment the user may see (not the whole register)."""
    assignments = MentorAssignment.objects.visible_to(request.user)
    return Company.objects.filter(pk__in=assignments.values("company_id")).order_by("name", "pk")


class SessionFilter(django_filters.FilterSet):
    """Filters of the session list: mentor, company, date range, status."""

    mentor = AutocompleteFilter(
        label=_("mentor"),
        field_name="assignment__mentor",
        queryset=_mentors,
        field_class=MentorPickerField,
        required=False,
    )
    company = AutocompleteFilter(
        label=_("company"),
        field_name="assignment__company",
        queryset=_mentored_companies,
        field_class=CompanyPickerField,
        required=False,
    )
    held_from = django_filters.DateFilter(
        label=_("from"), field_name="held_on", lookup_expr="gte", widget=DateInput()
    )
    held_to = django_filters.DateFilter(
        label=_("to"), field_name="held_on", lookup_expr="lte", widget=DateInput()
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=SessionStatus.choices, empty_label=ALL
    )

    class Meta:
        model = MentoringSession
        form = NormalizedFilterForm
        fields = ["mentor", "company", "held_from", "held_to", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None and has_role(self.request.user, MENTOR_ONLY):
            # A mentor's list holds only their own sessions: a mentor filter means nothing there.
            del self.filters["mentor"]


class MentorFilter(django_filters.FilterSet):
    """Filters of the mentor pool: focus industry and a search over expertise, name, affiliation."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=search_widget(_("Expertise, name or affiliation")),
    )
    industry = django_filters.ChoiceFilter(
        label=_("focus industry"),
        choices=Industry.choices,
        empty_label=ALL,
        method="filter_industry",
    )

    class Meta:
        model = MentorProfile
        form = NormalizedFilterForm
        fields = ["q", "industry"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(expertise__icontains=value)
            | Q(user__name__icontains=value)
            | Q(affiliation__icontains=value)
        )

    def filter_industry(self, queryset, name, value):
        # The JSON list as text contains the quoted value: works alike on SQLite and PostgreSQL,
        # where the JSON `contains` lookup does not exist on SQLite. Values never contain quotes.
        return queryset.filter(focus_industries__icontains=f'"{value}"')
