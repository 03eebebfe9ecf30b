"""The records each KPI counts and the report's dates: the report date, a year's range and the
cumulative range since the programme started; and the one definition of a supported firm whose
outcomes count (supported_in_year)."""

from datetime import date

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from companies.models import StageChange
from compute.models import ComputeAllocation
from mous.models import Mou, Relocation
from outcomes.models import OutcomeReport, Patent, PatentStatus
from programs.models import SupportAward
from training.models import Trainee

PROGRAMME_START_YEAR = 2020


def report_date(year: int, today: date | None = None) -> date:
    """The date a year's report describes: 31 December, or today for the running year."""
    today = today or timezone.localdate()
    return min(date(year, 12, 31), today) if year >= today.year else date(year, 12, 31)


def year_range(year: int, as_of: date | None = None) -> tuple[date, date]:
    """The year's first and last day; with `as_of`, the year to that date."""
    return date(year, 1, 1), _cut(date(year, 12, 31), as_of)


def cumulative_range(year: int, as_of: date | None = None) -> tuple[date, date]:
    """From the programme's first day to the year's last; with `as_of`, to that date."""
    return date(PROGRAMME_START_YEAR, 1, 1), _cut(date(year, 12, 31), as_of)


def _cut(end: date, as_of: date | None) -> date:
    return end if as_of is None else min(end, as_of)


def last_ended_year(on: date) -> int:
    """The last year whose yearly reporting period had ended by `on` (31 December)."""
    return on.year if (on.month, on.day) == (12, 31) else on.year - 1


def signed_mous(start: date, end: date) -> QuerySet:
    """MOUs past the draft stage signed between `start` and `end`."""
    return Mou.objects.signed().filter(signed_on__range=(start, end))


def relocations(start: date, end: date) -> QuerySet:
    return Relocation.objects.filter(moved_on__range=(start, end))


def counting_awards(start: date, end: date) -> QuerySet:
    """Awards that count as support on `end` (not cancelled by then) made between `start` and
    `end`; a company deactivated later still counts for the years it was supported."""
    return SupportAward.objects.counting(on=end).filter(awarded_on__range=(start, end))


def compute_allocations(start: date, end: date) -> QuerySet:
    """Allocations active on at least one day from `start` through `end`: each counts once in
    the range, however many of its days fall in it (compute_pf's rule)."""
    return ComputeAllocation.objects.filter(starts_on__lte=end, ends_on__gte=start)


def supported_in_year(company_ref: str, year_ref: str, on: date | None = None) -> Exists:
    """Whether the outer row's company counts as supported in the outer row's year: one of its
    awards (not cancelled) was made in that year or before, and the year is not past the year
    its support ends plus its programme's post-support years (사후관리 기간, default 5).

    The one definition of "supported" the outcome indicators count by: a firm's figures count
    from its first support through its post-support window, never before it was supported.
    With `on` (an as-of report's date), only awards made by that date and not cancelled by it
    make a firm supported."""
    awards = SupportAward.objects.counting(on=on).filter(company=OuterRef(company_ref))
    if on is not None:
        awards = awards.filter(awarded_on__lte=on)
    return Exists(
        awards.annotate(
            first_year=ExtractYear("awarded_on"),
            last_year=ExtractYear("ends_on") + F("program__follow_up_years"),
        ).filter(first_year__lte=OuterRef(year_ref), last_year__gte=OuterRef(year_ref))
    )


def accepted_yearly_reports(first_year: int, last_year: int, on: date | None = None) -> QuerySet:
    """Accepted reports of the yearly periods from `first_year` to `last_year` (a quarter's
    figures are part of its year's, so the two never add up), of any firm; with `on`, only
    the periods that had ended by that date."""
    if on is not None:
        last_year = min(last_year, last_ended_year(on))
    return OutcomeReport.objects.accepted().filter(
        period__quarter__isnull=True, period__year__range=(first_year, last_year)
    )


def accepted_reports(start: date, end: date) -> QuerySet:
    """The outcome reports that count for the years from `start` to `end`: accepted, yearly,
    for a period that had ended by `end`, from a firm supported in the report's year by
    `end`."""
    return accepted_yearly_reports(start.year, end.year, on=end).filter(
        supported_in_year("company", "period__year", on=end)
    )


def patent_filings(start: date, end: date) -> QuerySet:
    """Patent applications filed between `start` and `end`, listed in an accepted report, not
    abandoned, by a firm supported in the filing year."""
    return (
        Patent.objects.counting()
        .filter(applied_on__range=(start, end))
        .annotate(event_year=ExtractYear("applied_on"))
        .filter(supported_in_year("company", "event_year", on=end))
    )


def patent_registrations(start: date, end: date) -> QuerySet:
    """Patents registered between `start` and `end`, listed in an accepted report, by a firm
    supported in the registration year."""
    return (
        Patent.objects.accepted()
        .filter(status=PatentStatus.REGISTERED, registered_on__range=(start, end))
        .annotate(event_year=ExtractYear("registered_on"))
        .filter(supported_in_year("company", "event_year", on=end))
    )


def trainees(start: date, end: date) -> QuerySet:
    """The trainees of the courses that ended from `start` to `end` (an undated course ends
    on 31 December of its year): Trainee.objects.trained_between."""
    return Trainee.objects.trained_between(start, end)


def stage_on_subquery(on: date, company_ref: str = "company") -> Subquery:
    """The growth stage of the outer row's company on `on` (as companies.selectors.
    company_stage_on), as one correlated subquery instead of a query per company."""
    return Subquery(
        StageChange.objects.filter(company=OuterRef(company_ref), effective_on__lte=on)
        .order_by("-effective_on", "-pk")
        .values("stage")[:1]
    )


def first_support_year(company_ref: str = "pk", on: date | None = None) -> Subquery:
    """The year of the outer row's company's first counting award (with `on`, counting on that
    date): its cohort."""
    return Subquery(
        SupportAward.objects.counting(on=on)
        .filter(company=OuterRef(company_ref))
        .order_by("awarded_on", "pk")
        .annotate(first_year=ExtractYear("awarded_on"))
        .values("first_year")[:1]
    )
