"""Firms supported (전문기업 지원) and the support awarded to them."""

from datetime import date

from django.db.models import Count, Sum

from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import counting_awards


def _awards(start: date, end: date) -> dict:
    """Firms and amounts of the counting awards made in the range, in one query."""
    return counting_awards(start, end).aggregate(
        firms=Count("company", distinct=True), amount=Sum("amount_krw")
    )


def _awarded_companies(start: date, end: date):
    return counting_awards(start, end).values("company")


@indicator(
    "firms_supported",
    unit=KpiUnit.FIRMS,
    cumulative=CumulativeRule.DISTINCT_FIRMS,
    companies=_awarded_companies,
)
def firms_supported(scope: Scope) -> int:
    """Companies with an award (not cancelled) made in the range, each once."""
    return scope.once(_awards)["firms"]


@indicator(
    "support_krw",
    unit=KpiUnit.WON,
    cumulative=CumulativeRule.SUM,
    companies=_awarded_companies,
)
def support_krw(scope: Scope) -> int:
    """The amounts of the awards (not cancelled) made in the range, in won."""
    return scope.once(_awards)["amount"] or 0
