"""The companies behind each KPI figure, for the dashboard's drill-down pages."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from companies.models import Company
from reports.indicators import REGISTRY
from reports.models import KpiIndicator
from reports.selectors.sources import (
    counting_awards,
    cumulative_range,
    first_support_year,
    report_date,
    stage_on_subquery,
    year_range,
)

COHORT_FIRMS = "cohort_firms"


def _cohort_companies(start: date, end: date) -> QuerySet:
    """Companies first supported in the years from `start` to `end` (the cohort table), by
    `end` (an as-of report's date)."""
    return (
        Company.objects.annotate(cohort=first_support_year(on=end))
        .filter(
            cohort__range=(start.year, end.year),
            pk__in=counting_awards(date(start.year, 1, 1), end).values("company"),
        )
        .values("pk")
    )


def drilldowns() -> dict:
    """Code → the companies behind its number: every indicator whose computation can list
    them, and the cohorts of first support."""
    companies = {code: c.companies for code, c in REGISTRY.items() if c.companies}
    return {**companies, COHORT_FIRMS: _cohort_companies}


def drilldown_label(code: str) -> str:
    """The indicator's name (one query), or the cohort table's title."""
    if code == COHORT_FIRMS:
        return _("Cohort of first support")
    indicator = KpiIndicator.objects.filter(code=code).first()
    return indicator.name if indicator else code


def drilldown_companies(
    *,
    user,
    code: str,
    year: int,
    cumulative: bool = False,
    as_of: date | None = None,
    stage: str | None = None,
    industry: str | None = None,
    program: str | None = None,
) -> QuerySet:
    """The companies behind one number of the dashboard (of an as-of report with `as_of`),
    scoped to what `user` may see; stages as on the report's date."""
    start, end = cumulative_range(year, as_of) if cumulative else year_range(year, as_of)
    stage_on = min(as_of, end) if as_of else report_date(year)
    if code == "firms_supported" and (stage or industry or program):
        awards = counting_awards(start, end)
        if industry:
            awards = awards.filter(company__industry=industry)
        if program:
            awards = awards.filter(program__name=program)
        if stage:
            awards = awards.annotate(stage_at=stage_on_subquery(stage_on)).filter(stage_at=stage)
        companies = awards.values("company")
    else:
        companies = drilldowns()[code](start, end)
    return (
        Company.objects.visible_to(user)
        .filter(pk__in=companies)
        .select_related("assigned_staff")
        .annotate(stage_at=stage_on_subquery(stage_on, "pk"))
        .order_by("name", "pk")
    )
