"""MOUs (업무협약) and firms attracted to Gwangju (기업 유치)."""

from datetime import date

from django.db.models import Count

from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import relocations, signed_mous


def _mou_companies(start: date, end: date):
    return signed_mous(start, end).values("company")


def _relocated_companies(start: date, end: date):
    return relocations(start, end).values("company")


@indicator(
    "mous_signed",
    unit=KpiUnit.FIRMS,
    cumulative=CumulativeRule.DISTINCT_FIRMS,
    companies=_mou_companies,
)
def mous_signed(scope: Scope) -> int:
    """Companies with an MOU signed in the range, each once, drafts left out."""
    rows = signed_mous(scope.start, scope.end)
    return rows.aggregate(n=Count("company", distinct=True))["n"]


@indicator(
    "firms_attracted",
    unit=KpiUnit.FIRMS,
    cumulative=CumulativeRule.DISTINCT_FIRMS,
    companies=_relocated_companies,
)
def firms_attracted(scope: Scope) -> int:
    """Companies that moved to Gwangju in the range, each once."""
    rows = relocations(scope.start, scope.end)
    return rows.aggregate(n=Count("company", distinct=True))["n"]
