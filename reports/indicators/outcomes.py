"""Firms' accepted outcome reports (성과 보고): the firms that reported, and the totals the job,
revenue and investment indicators share, read in one pass for both columns of a report."""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, F

from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import accepted_reports, accepted_yearly_reports

OUTCOME_FIELDS = ("new_hires", "revenue_krw", "investment_krw")


@dataclass
class OutcomeYear:
    """The accepted reports that count for one year (or, under the key None, for all the
    years read: `firms` then counts each firm once)."""

    firms: int
    hires: int
    revenue: int
    investment: int
    # Reports with the firm's report of the year before: their net change in employees.
    net_jobs: int


def outcome_years(first: int, end: date) -> dict[int | None, OutcomeYear]:
    """The reports that count (accepted_reports) of the years `first` to `end`'s, per year and
    (key None) over all of them, each joined to the same firm's accepted report of the year
    before, its baseline for new jobs. One query: both querysets are Django's, joined as
    derived tables, because the ORM has no join on "the same firm, the year before". The
    derived tables are materialized so PostgreSQL joins them by hashing (it underestimates the
    supported firms' semi-join tenfold and would otherwise look each baseline up by index)."""
    counted = (
        accepted_reports(date(first, 1, 1), end)
        .annotate(report_year=F("period__year"))
        .values("company_id", "report_year", "employees_at_end", *OUTCOME_FIELDS)
        .order_by()
    )
    baselines = (
        accepted_yearly_reports(first - 1, end.year, on=end)
        .annotate(report_year=F("period__year"))
        .values("company_id", "report_year", "employees_at_end")
        .order_by()
    )
    counted_sql, counted_params = counted.query.sql_with_params()
    baseline_sql, baseline_params = baselines.query.sql_with_params()
    totals = "COUNT(DISTINCT c.company_id), SUM(c.new_hires), SUM(c.revenue_krw), "
    totals += "SUM(c.investment_krw), SUM(c.employees_at_end - b.employees_at_end)"
    sql = (
        f"WITH c AS MATERIALIZED ({counted_sql}), b AS MATERIALIZED ({baseline_sql}) "
        f"SELECT c.report_year, {totals} FROM c LEFT JOIN b "
        "ON b.company_id = c.company_id AND b.report_year = c.report_year - 1 "
        "GROUP BY c.report_year "
        # All the years' firms, each once; their sums are the years' (added up by the caller).
        "UNION ALL SELECT NULL, COUNT(DISTINCT company_id), 0, 0, 0, 0 FROM c"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*counted_params, *baseline_params))
        rows = cursor.fetchall()
    return {
        year: OutcomeYear(*(int(value or 0) for value in values))
        for year, *values in rows
        if values[0]  # the line over all years has no firm when no report counts
    }


def outcome_totals(scope: Scope) -> dict:
    """Firms (each once), hires, revenue, investment and net new jobs of the scope's reports
    that count; firms 0 when none counts. Worked out once per scope for all its indicators."""
    return scope.once(lambda _start, _end: _totals(scope), key=outcome_totals)


def _totals(scope: Scope) -> dict:
    years = scope.per_year(outcome_years)
    totals = {
        "hires": sum(year.hires for year in years.values()),
        "revenue": sum(year.revenue for year in years.values()),
        "investment": sum(year.investment for year in years.values()),
        "new_jobs": sum(year.net_jobs for year in years.values()),
    }
    if len(years) <= 1:
        firms = sum(year.firms for year in years.values())
    elif scope.start.year == scope.first_year:
        firms = scope.shared_read(outcome_years)[None].firms
    else:  # a range of several years not from the first: its firms counted once, afresh
        firms = reporting_companies(scope.start, scope.end).aggregate(
            n=Count("company", distinct=True)
        )["n"]
    return {"firms": firms, **totals}


def reported(scope: Scope, total: str) -> int | None:
    """One total of the accepted reports; None ("no data") while no report was accepted for
    the range, so an empty year never reads 0."""
    totals = outcome_totals(scope)
    return totals[total] if totals["firms"] else None


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
