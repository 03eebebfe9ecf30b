"""Jobs (일자리) from the firms' accepted yearly outcome reports: the net increase in insured
employees (new jobs) and the gross hires, two indicators with their own names."""

from datetime import date

from reports.indicators.outcomes import reported, reporting_companies
from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import accepted_yearly_reports, supported_in_year


def _headcounts(start: date, end: date) -> dict:
    """Company → {year: employees at year end} from the accepted yearly reports of the year
    before `start` to `end`, and the (company, year) pairs that count (supported that year).
    One query; the year before is read only as a baseline. Only the periods that had ended by
    `end` and the awards made by then count (an as-of report)."""
    rows = (
        accepted_yearly_reports(start.year - 1, end.year, on=end)
        .annotate(counts=supported_in_year("company", "period__year", on=end))
        .values_list("company_id", "period__year", "employees_at_end", "counts")
        .order_by()
    )
    headcounts, counting = {}, set()
    for company, year, employees, counts in rows:
        headcounts.setdefault(company, {})[year] = employees
        if counts and year >= start.year:
            counting.add((company, year))
    return {"headcounts": headcounts, "counting": counting}


@indicator(
    "new_jobs", unit=KpiUnit.PEOPLE, cumulative=CumulativeRule.SUM, companies=reporting_companies
)
def new_jobs(scope: Scope) -> int | None:
    """The net increase in employees at year end (insured employees, 고용보험 피보험자) over
    the firm's previous year end, summed over the firm-years that count; a firm's first yearly
    report is its baseline. None while no report counts."""
    data = scope.once(_headcounts)
    if not data["counting"]:
        return None
    headcounts = data["headcounts"]
    return sum(
        headcounts[company][year] - headcounts[company][year - 1]
        for company, year in data["counting"]
        if year - 1 in headcounts[company]
    )


@indicator(
    "survey_new_hires",
    unit=KpiUnit.PEOPLE,
    cumulative=CumulativeRule.SUM,
    companies=reporting_companies,
)
def survey_new_hires(scope: Scope) -> int | None:
    """Gross hires of the year (everyone hired, whoever left) of the reports that count."""
    return reported(scope, "hires")
