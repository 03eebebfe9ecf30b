"""Revenue and investment attracted, yearly flows from the firms' accepted outcome reports."""

from reports.indicators.outcomes import reported, reporting_companies
from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit


@indicator(
    "survey_revenue_krw",
    unit=KpiUnit.WON,
    # Revenues of different years do not add up to anything a reader could use.
    cumulative=CumulativeRule.NONE,
    companies=reporting_companies,
)
def survey_revenue_krw(scope: Scope) -> int | None:
    """Revenue of the accepted reports of the range, in won."""
    return reported(scope, "revenue")


@indicator(
    "investment_krw",
    unit=KpiUnit.WON,
    cumulative=CumulativeRule.SUM,
    companies=reporting_companies,
)
def investment_krw(scope: Scope) -> int | None:
    """Investment attracted of the accepted reports of the range, in won."""
    return reported(scope, "investment")
