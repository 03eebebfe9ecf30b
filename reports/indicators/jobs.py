"""Jobs (일자리) from the firms' accepted outcome reports."""

from reports.indicators.outcomes import reported, reporting_companies
from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit


@indicator(
    "new_jobs", unit=KpiUnit.PEOPLE, cumulative=CumulativeRule.SUM, companies=reporting_companies
)
def new_jobs(scope: Scope) -> int | None:
    """New hires of the accepted reports of the range."""
    return reported(scope, "hires")


@indicator(
    "survey_new_hires",
    unit=KpiUnit.PEOPLE,
    cumulative=CumulativeRule.SUM,
    companies=reporting_companies,
)
def survey_new_hires(scope: Scope) -> int | None:
    """New hires of the accepted reports of the range."""
    return reported(scope, "hires")
