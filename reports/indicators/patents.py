"""Patents (특허): filing (출원) and registration (등록) are separate events with their own
dates and numbers, each counted once by its number in the year it happened, for a firm
supported in that year; registering an earlier filing counts in the registration year."""

from datetime import date

from django.db import connection
from django.db.models import Count, Q, QuerySet

from companies.models import Company
from reports.indicators.outcomes import outcome_totals
from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import patent_filings, patent_registrations


def _event_years(queryset: QuerySet, number: str) -> dict[int | None, int]:
    """Year → the distinct numbers of the events in `queryset` that year, and (key None) over
    all its years, each number once. One query; the events are materialized once, so the
    supported firms' semi-join runs once for both counts."""
    events = queryset.values("event_year", number).order_by()
    events_sql, params = events.query.sql_with_params()
    sql = (
        f"WITH e AS MATERIALIZED ({events_sql}) "
        f"SELECT event_year, COUNT(DISTINCT {number}) FROM e GROUP BY event_year "
        f"UNION ALL SELECT NULL, COUNT(DISTINCT {number}) FROM e"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {None if year is None else int(year): n for year, n in rows if n}


def patent_years(first: int, end: date) -> dict[int | None, dict]:
    """Year → filings and registrations of the years `first` to `end`'s, each by its number,
    and (key None) over all of them: two queries for both columns of a report."""
    filed = _event_years(patent_filings(date(first, 1, 1), end), "application_number")
    registered = _event_years(patent_registrations(date(first, 1, 1), end), "registration_number")
    return {
        year: {"filed": filed.get(year, 0), "registered": registered.get(year, 0)}
        for year in filed.keys() | registered.keys()
    }


def _events(scope: Scope) -> dict:
    """Filings and registrations in the scope's range, each by its number, worked out once per
    scope (_count_events)."""
    return scope.once(lambda _start, _end: _count_events(scope), key=_events)


def _count_events(scope: Scope) -> dict:
    """Read year by year once for both columns of a report; a range that starts after 1
    January, or spans several years not from the first, is counted afresh (a number listed in
    two years counts once)."""
    from_new_year = scope.start == date(scope.start.year, 1, 1)
    years = scope.per_year(patent_years) if from_new_year else {}
    if not from_new_year or (len(years) > 1 and scope.start.year != scope.first_year):
        start, end = scope.start, scope.end
        return {
            "filed": patent_filings(start, end).aggregate(
                n=Count("application_number", distinct=True)
            )["n"],
            "registered": patent_registrations(start, end).aggregate(
                n=Count("registration_number", distinct=True)
            )["n"],
        }
    if len(years) > 1:
        years = {None: scope.shared_read(patent_years).get(None, {})}
    return {
        kind: sum(events.get(kind, 0) for events in years.values())
        for kind in ("filed", "registered")
    }


def _events_or_none(scope: Scope) -> dict | None:
    """The range's events; None ("no data") when there is none and no report counts."""
    events = _events(scope)
    if events["filed"] or events["registered"] or outcome_totals(scope)["firms"]:
        return events
    return None


def _filing_companies(start: date, end: date):
    return patent_filings(start, end).values("company")


def _registration_companies(start: date, end: date):
    return patent_registrations(start, end).values("company")


def _patent_companies(start: date, end: date):
    return Company.objects.filter(
        Q(pk__in=_filing_companies(start, end)) | Q(pk__in=_registration_companies(start, end))
    ).values("pk")


@indicator(
    "patents", unit=KpiUnit.CASES, cumulative=CumulativeRule.SUM, companies=_patent_companies
)
def patents(scope: Scope) -> int | None:
    """Filings and registrations in the range: a patent filed one year and registered the
    next counts once in each."""
    events = _events_or_none(scope)
    return None if events is None else events["filed"] + events["registered"]


@indicator(
    "patents_filed",
    unit=KpiUnit.CASES,
    cumulative=CumulativeRule.SUM,
    companies=_filing_companies,
)
def patents_filed(scope: Scope) -> int | None:
    """Applications filed in the range, each application number once."""
    events = _events_or_none(scope)
    return None if events is None else events["filed"]


@indicator(
    "patents_registered",
    unit=KpiUnit.CASES,
    cumulative=CumulativeRule.SUM,
    companies=_registration_companies,
)
def patents_registered(scope: Scope) -> int | None:
    """Patents registered in the range, each registration number once."""
    events = _events_or_none(scope)
    return None if events is None else events["registered"]
