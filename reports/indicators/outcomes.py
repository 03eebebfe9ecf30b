"""Firms' accepted outcome reports (성과 보고): the firms that reported, and the totals the job,
revenue and investment indicators share."""

from datetime import date

from django.db.models import Count, Sum

from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import accepted_reports


def outcome_totals(start: date, end: date) -> dict:
    """Firms, hires, revenue and investment of the range's accepted reports, in one query."""
    return accepted_reports(start, end).aggregate(
        firms=Count("company", distinct=True),
        hires=Sum("new_hires"),
        revenue=Sum("revenue_krw"),
        investment=Sum("investment_krw"),
    )


def reported(scope: Scope, total: str) -> int | None:
    """One total of the accepted reports; None ("no data") while no report was accepted for
    the range, so an empty year never reads 0."""
    totals = scope.once(outcome_totals)
    return (totals[total] or 0) if totals["firms"] else None


def reporting_companies(start: date, end: date):
    return accepted_reports(start, end).values("company")


@indicator(
    "survey_firms",
    unit=KpiUnit.FIRMS,
    cumulative=CumulativeRule.DISTINCT_FIRMS,
    companies=reporting_companies,
)
def survey_firms(scope: Scope) -> int | None:
    """Companies with an accepted outcome report for a period of the range, each once."""
    return reported(scope, "firms")
