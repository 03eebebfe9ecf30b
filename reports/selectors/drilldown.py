"""The companies behind each KPI figure, for the dashboard's drill-down pages."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from companies.models import Company
from outcomes.models import OutcomeReport, Patent
from reports.selectors.sources import (
    compute_allocations,
    counting_awards,
    cumulative_range,
    first_support_year,
    relocations,
    report_date,
    signed_mous,
    stage_on_subquery,
    year_range,
)


def _outcome_companies(start: date, end: date) -> QuerySet:
    years = (start.year, end.year)
    return OutcomeReport.objects.accepted().filter(period__year__range=years).values("company")


def _patent_companies(start: date, end: date) -> QuerySet:
    years = (start.year, end.year)
    return Patent.objects.counting().filter(report__period__year__range=years).values("company")


DRILLDOWN = {
    "survey_firms": _outcome_companies,
    "patents": _patent_companies,
    "mous_signed": lambda s, e: signed_mous(s, e).values("company"),
    "firms_attracted": lambda s, e: relocations(s, e).values("company"),
    "firms_supported": lambda s, e: counting_awards(s, e).values("company"),
    "compute_projects": lambda s, e: compute_allocations(s, e).values("company"),
    "cohort_firms": lambda s, e: (
        Company.objects.annotate(cohort=first_support_year())
        .filter(cohort__range=(s.year, e.year))
        .values("pk")
    ),
}


def drilldown_label(code: str) -> str:
    return {
        "mous_signed": _("MOUs signed"),
        "firms_attracted": _("Firms attracted"),
        "firms_supported": _("Firms supported"),
        "compute_projects": _("Compute projects"),
        "survey_firms": _("Survey firms"),
        "patents": _("Patents filed or registered"),
        "cohort_firms": _("Cohort of first support"),
    }[code]


def drilldown_companies(
    *,
    user,
    code: str,
    year: int,
    cumulative: bool = False,
    stage: str | None = None,
    industry: str | None = None,
    program: str | None = None,
) -> QuerySet:
    """The companies behind one number of the dashboard, scoped to what `user` may see."""
    start, end = cumulative_range(year) if cumulative else year_range(year)
    if code == "firms_supported" and (stage or industry or program):
        awards = counting_awards(start, end)
        if industry:
            awards = awards.filter(company__industry=industry)
        if program:
            awards = awards.filter(program__name=program)
        if stage:
            awards = awards.annotate(stage_at=stage_on_subquery(report_date(year))).filter(
                stage_at=stage
            )
        companies = awards.values("company")
    else:
        companies = DRILLDOWN[code](start, end)
    return (
        Company.objects.visible_to(user)
        .filter(pk__in=companies)
        .select_related("assigned_staff")
        .annotate(stage_at=stage_on_subquery(report_date(year), "pk"))
        .order_by("name", "pk")
    )
