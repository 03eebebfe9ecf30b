"""Jobs (일자리) from the firms' accepted yearly outcome reports: the net increase in insured
employees (new jobs) and the gross hires, two indicators with their own names."""

from reports.indicators.outcomes import reported, reporting_companies
from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit


@indicator(
    "new_jobs", unit=KpiUnit.PEOPLE, cumulative=CumulativeRule.SUM, companies=reporting_companies
)
def new_jobs(scope: Scope) -> int | None:
    """The net increase in employees at year end (insured employees, 고용보험 피보험자) over
    the firm's previous year end, summed over the firm-years that count; a firm's first yearly
    report is its baseline (outcomes.outcome_years). None while no report counts."""
    return reported(scope, "new_jobs")


@indicator(
    "survey_new_hires",
    unit=KpiUnit.PEOPLE,
    cumulative=CumulativeRule.SUM,
    companies=reporting_companies,
)
def survey_new_hires(scope: Scope) -> int | None:
    """Gross hires of the year (everyone hired, whoever left) of the reports that count."""
    return reported(scope, "hires")
