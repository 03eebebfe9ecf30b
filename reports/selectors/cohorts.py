"""Cohort follow-up of supported firms: survival 1, 3 and 5 years after first support and
gazelle firms (20% growth a year for three years)."""

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from django.db.models import Min, QuerySet

from companies.models import Company
from outcomes.models import OutcomeReport
from programs.models import SupportAward
from reports.selectors.sources import PROGRAMME_START_YEAR, last_ended_year

SURVIVAL_YEARS = (1, 3, 5)


GAZELLE_GROWTH_PERCENT = 20


GAZELLE_YEARS = 3


@dataclass
class CohortRow:
    """Firms first supported in `year`, followed up to the report year in the manner of the
    national startup outcome survey (창업기업 성과조사)."""

    year: int
    firms: int = 0
    # Still active k years after the cohort year; None until the end of year + k is reached.
    survived: dict[int, int | None] = field(default_factory=dict)
    # Firms with accepted yearly reports for both the cohort year and the report year.
    panel_firms: int = 0
    employees_base: int = 0
    employees_now: int = 0
    revenue_base_krw: int = 0
    revenue_now_krw: int = 0
    gazelles: int = 0

    def survival_percent(self, years: int) -> float | None:
        survived = self.survived.get(years)
        if survived is None or not self.firms:
            return None
        return round(100 * survived / self.firms, 1)

    @property
    def survival(self) -> list[tuple[int, int | None, float | None]]:
        """(years, firms still active, percent) for 1, 3 and 5 years."""
        return [(k, self.survived.get(k), self.survival_percent(k)) for k in SURVIVAL_YEARS]

    @staticmethod
    def _growth(base: int, now: int) -> float | None:
        return round(100 * (now - base) / base, 1) if base else None

    @property
    def employment_growth_percent(self) -> float | None:
        return self._growth(self.employees_base, self.employees_now)

    @property
    def revenue_growth_percent(self) -> float | None:
        return self._growth(self.revenue_base_krw, self.revenue_now_krw)


def _first_awards(year: int, cut: date | None = None) -> QuerySet:
    """Each company's first counting award made by the end of `year` (or `cut`), grouped."""
    last_day = date(year, 12, 31) if cut is None else min(date(year, 12, 31), cut)
    return (
        SupportAward.objects.counting(on=last_day)
        .filter(awarded_on__lte=last_day)
        .values("company")
        .annotate(first=Min("awarded_on"))
        .order_by()
    )


def cohort_members(year: int, cut: date | None = None) -> dict[int, int]:
    """Company id → cohort: the year of its first counting award, for cohorts 2020 to `year`
    (with `cut`, awards made by that date). One grouped query; the cohorts are put together in
    Python, because a correlated subquery per company and per reference is far slower on
    100,000 companies."""
    firsts = _first_awards(year, cut).filter(first__gte=date(PROGRAMME_START_YEAR, 1, 1))
    return {company: first.year for company, first in firsts.values_list("company", "first")}


def _yearly_figures(
    first: int, last: int, cut: date | None = None, companies: QuerySet | None = None
) -> dict[int, dict[int, tuple[int, int]]]:
    """Company id → {year: (employees at year end, revenue)} from accepted yearly reports
    (with `cut`, of the periods that had ended by that date; with `companies`, a queryset of
    company ids, of those companies only)."""
    if cut is not None:
        last = min(last, last_ended_year(cut))
    figures: dict[int, dict[int, tuple[int, int]]] = {}
    rows = OutcomeReport.objects.accepted().filter(
        period__quarter__isnull=True, period__year__range=(first, last)
    )
    if companies is not None:
        rows = rows.filter(company__in=companies)
    rows = rows.values_list("company_id", "period__year", "employees_at_end", "revenue_krw")
    for company, year, employees, revenue in rows.order_by():
        figures.setdefault(company, {})[year] = (employees, revenue)
    return figures


def _grew_every_year(values: list[int]) -> bool:
    """Each value at least 20% above the one before (in integers), from a positive start."""
    return values[0] > 0 and all(
        new * 100 >= old * (100 + GAZELLE_GROWTH_PERCENT) for old, new in pairwise(values)
    )


def _is_gazelle(series: dict[int, tuple[int, int]], year: int) -> bool:
    years = range(year - GAZELLE_YEARS, year + 1)
    if any(y not in series for y in years):
        return False
    return _grew_every_year([series[y][0] for y in years]) or _grew_every_year(
        [series[y][1] for y in years]
    )


def gazelle_companies(year: int) -> set[int]:
    """Companies whose employees or revenue grew by 20% or more in each of the three years up
    to `year`, from accepted yearly reports."""
    figures = _yearly_figures(year - GAZELLE_YEARS, year)
    return {company for company, series in figures.items() if _is_gazelle(series, year)}


def cohort_follow_up(*, year: int, as_of: date, cut: date | None = None) -> list[CohortRow]:
    """Each yearly cohort of supported firms up to `year`: survival after 1, 3 and 5 years,
    employment and revenue growth from the cohort year to `year` (firms that reported both
    years), and gazelles; with `cut` (an as-of report), only the awards and reporting periods
    of that date and before. Three queries whatever the number of firms."""
    rows = {
        y: CohortRow(y) for y in range(PROGRAMME_START_YEAR, max(year, PROGRAMME_START_YEAR) + 1)
    }
    members = cohort_members(year, cut)
    closed = dict(
        Company.objects.filter(is_active=False, deactivated_on__isnull=False)
        .values_list("pk", "deactivated_on")
        .order_by()
    )
    # Only the cohorts' firms: the firms first supported since the programme started.
    cohort_firms = (
        _first_awards(year, cut)
        .filter(first__gte=date(PROGRAMME_START_YEAR, 1, 1))
        .values("company")
    )
    figures = _yearly_figures(
        min(PROGRAMME_START_YEAR, year - GAZELLE_YEARS), year, cut, companies=cohort_firms
    )
    alive = {y: dict.fromkeys(SURVIVAL_YEARS, 0) for y in rows}
    for company, cohort in members.items():
        row = rows[cohort]
        row.firms += 1
        # Active at the end of cohort + k: never deactivated, or deactivated in a later year.
        closed_on = closed.get(company)
        for k in SURVIVAL_YEARS:
            if closed_on is None or closed_on.year > cohort + k:
                alive[cohort][k] += 1
        series = figures.get(company, {})
        # Growth over a panel: firms with accepted yearly reports for the cohort year and `year`.
        if cohort < year and cohort in series and year in series:
            row.panel_firms += 1
            row.employees_base += series[cohort][0]
            row.revenue_base_krw += series[cohort][1]
            row.employees_now += series[year][0]
            row.revenue_now_krw += series[year][1]
        if _is_gazelle(series, year):
            row.gazelles += 1
    for cohort, row in rows.items():
        row.survived = {
            k: alive[cohort][k] if date(cohort + k, 12, 31) <= as_of else None
            for k in SURVIVAL_YEARS
        }
    return [row for row in rows.values() if row.firms]
