"""Patents (특허) the firms reported in accepted outcome reports."""

from datetime import date

from django.db.models import Count

from reports.indicators.outcomes import outcome_totals
from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import counting_patents


def _patent_companies(start: date, end: date):
    return counting_patents(start, end).values("company")


@indicator(
    "patents", unit=KpiUnit.CASES, cumulative=CumulativeRule.SUM, companies=_patent_companies
)
def patents(scope: Scope) -> int | None:
    """Patents of the range's accepted reports, each application number once; no data while
    no report was accepted for the range."""
    if not scope.once(outcome_totals)["firms"]:
        return None
    rows = counting_patents(scope.start, scope.end)
    return rows.aggregate(n=Count("application_number", distinct=True))["n"]
