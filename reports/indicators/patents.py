"""Patents (특허): filing (출원) and registration (등록) are separate events with their own
dates and numbers, each counted once by its number in the year it happened, for a firm
supported in that year; registering an earlier filing counts in the registration year."""

from datetime import date

from django.db.models import Count, Q

from companies.models import Company
from reports.indicators.outcomes import outcome_totals
from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import patent_filings, patent_registrations


def _events(start: date, end: date) -> dict:
    """Filings and registrations in the range, each by its number, in two queries."""
    filed = patent_filings(start, end).aggregate(n=Count("application_number", distinct=True))
    registered = patent_registrations(start, end).aggregate(
        n=Count("registration_number", distinct=True)
    )
    return {"filed": filed["n"], "registered": registered["n"]}


def _events_or_none(scope: Scope) -> dict | None:
    """The range's events; None ("no data") when there is none and no report counts."""
    events = scope.once(_events)
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
