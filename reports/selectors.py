"""KPI figures computed from the records (never typed in), per year and cumulative since 2020.

Every function takes the report year (a calendar year in Asia/Seoul) and runs a fixed number of
queries whatever the number of companies. Indicators that depend on outcome reports or training
are None ("no data") for a range with no accepted report or no course.
"""

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal
from itertools import pairwise

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.models import Company, GrowthStage, Industry, StageChange
from compute.models import ComputeAllocation
from mous.models import Mou, Relocation
from outcomes.models import OutcomeReport, Patent
from programs.models import SupportAward
from training.models import Trainee

PROGRAMME_START_YEAR = 2020


def report_date(year: int, today: date | None = None) -> date:
    """The date a year's report describes: 31 December, or today for the running year."""
    today = today or timezone.localdate()
    return min(date(year, 12, 31), today) if year >= today.year else date(year, 12, 31)


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def cumulative_range(year: int) -> tuple[date, date]:
    return date(PROGRAMME_START_YEAR, 1, 1), date(year, 12, 31)


@dataclass
class KpiFigures:
    """One column of the summary table: a year, or cumulative since 2020."""

    mous_signed: int = 0
    firms_attracted: int = 0
    firms_supported: int = 0
    support_krw: int = 0
    compute_projects: int = 0
    compute_pf: Decimal = Decimal("0.00")
    ai_models_trained: int = 0
    commercial_models: int = 0
    people_trained: int | None = None
    new_jobs: int | None = None
    patents: int | None = None
    survey_firms: int | None = None
    survey_revenue_krw: int | None = None
    survey_new_hires: int | None = None
    investment_krw: int | None = None

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# The summary table's rows, in order: KpiFigures field → label.
FIGURE_LABELS = {
    "mous_signed": gettext_lazy("MOUs signed"),
    "firms_attracted": gettext_lazy("Firms attracted"),
    "firms_supported": gettext_lazy("Firms supported"),
    "support_krw": gettext_lazy("Support awarded (won)"),
    "people_trained": gettext_lazy("People trained"),
    "new_jobs": gettext_lazy("New jobs"),
    "patents": gettext_lazy("Patents filed or registered"),
    "compute_projects": gettext_lazy("Compute projects"),
    "compute_pf": gettext_lazy("Compute provided (PF)"),
    "ai_models_trained": gettext_lazy("AI models trained"),
    "commercial_models": gettext_lazy("Commercial models"),
    "survey_firms": gettext_lazy("Survey firms"),
    "survey_revenue_krw": gettext_lazy("Survey revenue (won)"),
    "survey_new_hires": gettext_lazy("Survey new hires"),
    "investment_krw": gettext_lazy("Investment attracted (won)"),
}


@dataclass
class BreakdownRow:
    """Firms supported (and award amounts) for one industry, stage, programme or year."""

    key: str
    label: str
    firms: int = 0
    amount_krw: int = 0
    cumulative_firms: int = 0
    cumulative_amount_krw: int = 0


@dataclass
class YearRow:
    year: int
    mous_signed: int = 0
    firms_attracted: int = 0
    firms_supported: int = 0
    support_krw: int = 0


@dataclass
class SupportedCompany:
    """A company supported in the report year, with its figures for that year."""

    pk: int
    name: str
    business_number: str
    industry: str
    stage: str
    awards: int
    amount_krw: int
    is_active: bool
    new_hires: int | None = None
    revenue_krw: int | None = None

    @property
    def business_number_display(self) -> str:
        number = self.business_number
        return f"{number[:3]}-{number[3:5]}-{number[5:]}"


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


@dataclass
class KpiReport:
    year: int
    as_of: date
    figures: KpiFigures
    cumulative: KpiFigures
    by_year: list[YearRow] = field(default_factory=list)
    by_industry: list[BreakdownRow] = field(default_factory=list)
    by_stage: list[BreakdownRow] = field(default_factory=list)
    by_program: list[BreakdownRow] = field(default_factory=list)
    companies: list[SupportedCompany] = field(default_factory=list)
    cohorts: list[CohortRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing at all recorded for the year."""
        values = self.figures.as_dict().values()
        return not any(value for value in values if value is not None)

    @property
    def summary_rows(self) -> list[tuple[str, object, object]]:
        """(label, the year's value, the cumulative value) for each indicator, in order."""
        year, total = self.figures.as_dict(), self.cumulative.as_dict()
        return [(str(label), year[name], total[name]) for name, label in FIGURE_LABELS.items()]

    def to_json(self) -> dict:
        """Plain JSON data (dates as ISO strings, PF as a decimal string): what a snapshot
        freezes, and from_json() turns back into the same report."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        for column in ("figures", "cumulative"):
            data[column]["compute_pf"] = str(data[column]["compute_pf"])
        for cohort in data["cohorts"]:
            cohort["survived"] = {str(k): v for k, v in cohort["survived"].items()}
        return data

    @classmethod
    def from_json(cls, data: dict) -> "KpiReport":
        def figures(values: dict) -> KpiFigures:
            return KpiFigures(**{**values, "compute_pf": Decimal(values["compute_pf"])})

        return cls(
            year=data["year"],
            as_of=date.fromisoformat(data["as_of"]),
            figures=figures(data["figures"]),
            cumulative=figures(data["cumulative"]),
            by_year=[YearRow(**row) for row in data["by_year"]],
            by_industry=[BreakdownRow(**row) for row in data["by_industry"]],
            by_stage=[BreakdownRow(**row) for row in data["by_stage"]],
            by_program=[BreakdownRow(**row) for row in data["by_program"]],
            companies=[SupportedCompany(**row) for row in data["companies"]],
            cohorts=[
                CohortRow(**{**row, "survived": {int(k): v for k, v in row["survived"].items()}})
                for row in data["cohorts"]
            ],
        )


# --- querysets the figures and the drill-down share ------------------------------------------


def signed_mous(start: date, end: date) -> QuerySet:
    """MOUs past the draft stage signed between `start` and `end`."""
    return Mou.objects.signed().filter(signed_on__range=(start, end))


def relocations(start: date, end: date) -> QuerySet:
    return Relocation.objects.filter(moved_on__range=(start, end))


def counting_awards(start: date, end: date) -> QuerySet:
    """Awards that count as support (not cancelled) made between `start` and `end`; a company
    deactivated later still counts for the years it was supported."""
    return SupportAward.objects.counting().filter(awarded_on__range=(start, end))


def compute_allocations(start: date, end: date) -> QuerySet:
    """Allocations whose capacity period starts between `start` and `end`."""
    return ComputeAllocation.objects.filter(capacity__starts_on__range=(start, end))


def stage_on_subquery(on: date, company_ref: str = "company") -> Subquery:
    """The growth stage of the outer row's company on `on` (as companies.selectors.
    company_stage_on), as one correlated subquery instead of a query per company."""
    return Subquery(
        StageChange.objects.filter(company=OuterRef(company_ref), effective_on__lte=on)
        .order_by("-effective_on", "-pk")
        .values("stage")[:1]
    )


# --- the figures -----------------------------------------------------------------------------


def _record_figures(figures: KpiFigures, start: date, end: date) -> None:
    figures.mous_signed = signed_mous(start, end).aggregate(n=Count("company", distinct=True))["n"]
    figures.firms_attracted = relocations(start, end).aggregate(n=Count("company", distinct=True))[
        "n"
    ]
    awards = counting_awards(start, end).aggregate(
        n=Count("company", distinct=True), amount=Sum("amount_krw")
    )
    figures.firms_supported = awards["n"]
    figures.support_krw = awards["amount"] or 0
    totals = compute_allocations(start, end).totals()
    figures.compute_projects = totals["projects"]
    figures.compute_pf = totals["pf"]
    figures.ai_models_trained = totals["models_trained"]
    figures.commercial_models = totals["commercial_models"]


def _outcome_figures(figures: KpiFigures, start: date, end: date) -> None:
    """Figures from accepted outcome reports, patents and training; None ("no data") while
    nothing was accepted (or no course held) in the range, so an empty year never reads 0."""
    years = (start.year, end.year)
    trained = Trainee.objects.filter(course__year__range=years).aggregate(
        courses=Count("course", distinct=True), people=Count("pk")
    )
    figures.people_trained = trained["people"] if trained["courses"] else None
    result = (
        OutcomeReport.objects.accepted()
        .filter(period__year__range=years)
        .aggregate(
            firms=Count("company", distinct=True),
            hires=Sum("new_hires"),
            revenue=Sum("revenue_krw"),
            investment=Sum("investment_krw"),
        )
    )
    if not result["firms"]:
        return
    figures.survey_firms = result["firms"]
    figures.new_jobs = figures.survey_new_hires = result["hires"] or 0
    figures.survey_revenue_krw = result["revenue"] or 0
    figures.investment_krw = result["investment"] or 0
    # A patent counts once, whatever the number of reports that list it.
    figures.patents = (
        Patent.objects.counting()
        .filter(report__period__year__range=years)
        .aggregate(n=Count("application_number", distinct=True))["n"]
    )


def kpi_figures(*, start: date, end: date) -> KpiFigures:
    """All indicators for the records dated between `start` and `end`."""
    figures = KpiFigures()
    _record_figures(figures, start, end)
    _outcome_figures(figures, start, end)
    return figures


def _breakdown(
    awards: QuerySet, key: str, labels: dict, year: int, keys: list | None = None
) -> list[BreakdownRow]:
    """Firms and amounts of `awards` grouped by `key`, for the year and cumulative, one query."""
    start, end = year_range(year)
    in_year = Q(awarded_on__range=(start, end))
    grouped = (
        awards.values(key)
        .annotate(
            firms=Count("company", distinct=True, filter=in_year),
            amount=Sum("amount_krw", filter=in_year),
            cumulative_firms=Count("company", distinct=True),
            cumulative_amount=Sum("amount_krw"),
        )
        .order_by()
    )
    rows = {
        entry[key]: BreakdownRow(
            key=entry[key] or "",
            label=str(labels.get(entry[key], entry[key] or _("Not recorded"))),
            firms=entry["firms"],
            amount_krw=entry["amount"] or 0,
            cumulative_firms=entry["cumulative_firms"],
            cumulative_amount_krw=entry["cumulative_amount"] or 0,
        )
        for entry in grouped
    }
    ordered = [rows.pop(k, BreakdownRow(key=k, label=str(labels[k]))) for k in keys or []]
    return ordered + sorted(rows.values(), key=lambda row: row.label)


def supported_companies(*, year: int, as_of: date) -> list[SupportedCompany]:
    """Companies supported in `year` with their award count and amount, in one query."""
    start, end = year_range(year)
    in_year = Q(
        awards__awarded_on__range=(start, end),
        awards__in=SupportAward.objects.counting(),
    )
    outcomes = _company_outcomes(year)
    rows = (
        Company.objects.filter(pk__in=counting_awards(start, end).values("company"))
        .annotate(
            award_count=Count("awards", filter=in_year),
            award_amount=Sum("awards__amount_krw", filter=in_year),
            stage_at=stage_on_subquery(as_of, "pk"),
            **outcomes,
        )
        .order_by("name", "pk")
        .values(
            "pk",
            "name",
            "business_number",
            "industry",
            "is_active",
            "stage_at",
            "award_count",
            "award_amount",
            *outcomes,
        )
    )
    stages, industries = dict(GrowthStage.choices), dict(Industry.choices)
    return [
        SupportedCompany(
            pk=row["pk"],
            name=row["name"],
            business_number=row["business_number"],
            industry=str(industries.get(row["industry"], row["industry"])),
            stage=str(stages.get(row["stage_at"], _("Not recorded"))),
            awards=row["award_count"],
            amount_krw=row["award_amount"] or 0,
            is_active=row["is_active"],
            new_hires=row["new_hires_sum"],
            revenue_krw=row["revenue_sum"],
        )
        for row in rows
    ]


def _company_outcomes(year: int) -> dict:
    """Subqueries for each company's accepted new hires and revenue in `year`; subqueries, so
    the award join does not multiply them."""

    def total(field_name):
        return Subquery(
            OutcomeReport.objects.accepted()
            .filter(company=OuterRef("pk"), period__year=year)
            .values("company")
            .annotate(total=Sum(field_name))
            .values("total")
        )

    return {"new_hires_sum": total("new_hires"), "revenue_sum": total("revenue_krw")}


def first_support_year(company_ref: str = "pk") -> Subquery:
    """The year of the outer row's company's first counting award: its cohort."""
    return Subquery(
        SupportAward.objects.counting()
        .filter(company=OuterRef(company_ref))
        .order_by("awarded_on", "pk")
        .annotate(first_year=ExtractYear("awarded_on"))
        .values("first_year")[:1]
    )


def cohort_members(year: int) -> dict[int, int]:
    """Company id → cohort: the year of its first counting award, for cohorts 2020 to `year`.
    One grouped query; the cohorts are put together in Python, because a correlated subquery
    per company and per reference is far slower on 100,000 companies."""
    firsts = (
        SupportAward.objects.counting()
        .filter(awarded_on__lte=date(year, 12, 31))
        .values("company")
        .annotate(first=Min("awarded_on"))
        .values_list("company", "first")
        .order_by()
    )
    return {company: first.year for company, first in firsts if first.year >= PROGRAMME_START_YEAR}


def _yearly_figures(first: int, last: int) -> dict[int, dict[int, tuple[int, int]]]:
    """Company id → {year: (employees at year end, revenue)} from accepted yearly reports."""
    figures: dict[int, dict[int, tuple[int, int]]] = {}
    rows = (
        OutcomeReport.objects.accepted()
        .filter(period__quarter__isnull=True, period__year__range=(first, last))
        .values_list("company_id", "period__year", "employees_at_end", "revenue_krw")
        .order_by()
    )
    for company, year, employees, revenue in rows.iterator(chunk_size=10_000):
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


def cohort_follow_up(*, year: int, as_of: date) -> list[CohortRow]:
    """Each yearly cohort of supported firms up to `year`: survival after 1, 3 and 5 years,
    employment and revenue growth from the cohort year to `year` (firms that reported both
    years), and gazelles. Three queries whatever the number of firms."""
    rows = {
        y: CohortRow(y) for y in range(PROGRAMME_START_YEAR, max(year, PROGRAMME_START_YEAR) + 1)
    }
    members = cohort_members(year)
    closed = dict(
        Company.objects.filter(is_active=False, deactivated_on__isnull=False)
        .values_list("pk", "deactivated_on")
        .order_by()
    )
    figures = _yearly_figures(min(PROGRAMME_START_YEAR, year - GAZELLE_YEARS), year)
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


def kpi_report(*, year: int, today: date | None = None, with_companies: bool = False) -> KpiReport:
    """Everything the dashboard, the PDF and the Excel file show for `year`."""
    as_of = report_date(year, today)
    report = KpiReport(
        year=year,
        as_of=as_of,
        figures=kpi_figures(start=date(year, 1, 1), end=date(year, 12, 31)),
        cumulative=kpi_figures(start=date(PROGRAMME_START_YEAR, 1, 1), end=date(year, 12, 31)),
    )
    start, end = cumulative_range(year)
    last = max(year, PROGRAMME_START_YEAR)
    years = {y: YearRow(y) for y in range(PROGRAMME_START_YEAR, last + 1)}
    per_year = [
        (signed_mous(start, end), "signed_on", "mous_signed"),
        (relocations(start, end), "moved_on", "firms_attracted"),
        (counting_awards(start, end), "awarded_on", "firms_supported"),
    ]
    for queryset, date_field, attr in per_year:
        grouped = (
            queryset.annotate(y=ExtractYear(date_field))
            .values("y")
            .annotate(n=Count("company", distinct=True))
            .order_by()
        )
        for entry in grouped:
            if entry["y"] in years:
                setattr(years[entry["y"]], attr, entry["n"])
    report.by_year = list(years.values())

    awards = counting_awards(start, end)
    report.by_industry = _breakdown(
        awards, "company__industry", dict(Industry.choices), year, list(Industry.values)
    )
    report.by_program = _breakdown(awards, "program__name", {}, year)
    # The stage is the one valid on the report date, not the company's current stage.
    year_awards = counting_awards(*year_range(year)).annotate(stage_at=stage_on_subquery(as_of))
    by_stage = {
        entry["stage_at"]: entry
        for entry in year_awards.values("stage_at")
        .annotate(firms=Count("company", distinct=True), amount=Sum("amount_krw"))
        .order_by()
    }
    stage_labels = dict(GrowthStage.choices)
    report.by_stage = [
        BreakdownRow(
            key=key or "",
            label=str(stage_labels.get(key, _("Not recorded"))),
            firms=by_stage[key]["firms"] if key in by_stage else 0,
            amount_krw=(by_stage[key]["amount"] or 0) if key in by_stage else 0,
        )
        for key in [*GrowthStage.values, None]
        if key is not None or key in by_stage
    ]
    report.cohorts = cohort_follow_up(year=year, as_of=as_of)
    if with_companies:
        report.companies = supported_companies(year=year, as_of=as_of)
    return report


# --- drill-down ------------------------------------------------------------------------------


def _outcome_companies(start: date, end: date) -> QuerySet:
    years = (start.year, end.year)
    return OutcomeReport.objects.accepted().filter(period__year__range=years).values("company")


def _patent_companies(start: date, end: date) -> QuerySet:
    years = (start.year, end.year)
    return Patent.objects.counting().filter(report__period__year__range=years).values("company")


DRILLDOWN = {
    "survey_firms": _outcome_companies,
    "patents": _patent_companies,
    "mous_signed": lambda s, e: signed_mous(s, e).values("company"),
    "firms_attracted": lambda s, e: relocations(s, e).values("company"),
    "firms_supported": lambda s, e: counting_awards(s, e).values("company"),
    "compute_projects": lambda s, e: compute_allocations(s, e).values("company"),
    "cohort_firms": lambda s, e: (
        Company.objects.annotate(cohort=first_support_year())
        .filter(cohort__range=(s.year, e.year))
        .values("pk")
    ),
}


def drilldown_label(code: str) -> str:
    return {
        "mous_signed": _("MOUs signed"),
        "firms_attracted": _("Firms attracted"),
        "firms_supported": _("Firms supported"),
        "compute_projects": _("Compute projects"),
        "survey_firms": _("Survey firms"),
        "patents": _("Patents filed or registered"),
        "cohort_firms": _("Cohort of first support"),
    }[code]


def drilldown_companies(
    *,
    user,
    code: str,
    year: int,
    cumulative: bool = False,
    stage: str | None = None,
    industry: str | None = None,
    program: str | None = None,
) -> QuerySet:
    """The companies behind one number of the dashboard, scoped to what `user` may see."""
    start, end = cumulative_range(year) if cumulative else year_range(year)
    if code == "firms_supported" and (stage or industry or program):
        awards = counting_awards(start, end)
        if industry:
            awards = awards.filter(company__industry=industry)
        if program:
            awards = awards.filter(program__name=program)
        if stage:
            awards = awards.annotate(stage_at=stage_on_subquery(report_date(year))).filter(
                stage_at=stage
            )
        companies = awards.values("company")
    else:
        companies = DRILLDOWN[code](start, end)
    return (
        Company.objects.visible_to(user)
        .filter(pk__in=companies)
        .select_related("assigned_staff")
        .annotate(stage_at=stage_on_subquery(report_date(year), "pk"))
        .order_by("name", "pk")
    )


# --- snapshots --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureChange:
    label: str
    before: object
    after: object


@dataclass
class SnapshotDiff:
    """What changed in a snapshot's figures since the previous version of the same year."""

    figures: list[FigureChange] = field(default_factory=list)
    companies_added: list[str] = field(default_factory=list)
    companies_removed: list[str] = field(default_factory=list)
    companies_changed: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.figures or self.companies_added or self.companies_removed or self.companies_changed
        )


def snapshot_diff(current: dict, previous: dict) -> SnapshotDiff:
    """Compare two snapshots' frozen figures (KpiReport.to_json() data)."""
    diff = SnapshotDiff()
    for column, suffix in (("figures", str(current["year"])), ("cumulative", _("cumulative"))):
        for name, label in FIGURE_LABELS.items():
            before, after = previous[column].get(name), current[column].get(name)
            if before != after:
                diff.figures.append(FigureChange(f"{label} ({suffix})", before, after))
    before = {row["pk"]: row for row in previous.get("companies", [])}
    after = {row["pk"]: row for row in current.get("companies", [])}
    diff.companies_added = sorted(after[pk]["name"] for pk in after.keys() - before.keys())
    diff.companies_removed = sorted(before[pk]["name"] for pk in before.keys() - after.keys())
    both = after.keys() & before.keys()
    diff.companies_changed = sum(1 for pk in both if after[pk] != before[pk])
    return diff
