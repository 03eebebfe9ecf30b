"""KPI figures computed from the records (never typed in), per year and cumulative since 2020.

Every function takes the report year (a calendar year in Asia/Seoul) and runs a fixed number of
queries whatever the number of companies. Indicators that depend on outcome reports or training
are None ("no data") for a range with no accepted report or no course.
"""

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, TextChoices
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from companies.models import Company, GrowthStage, Industry
from outcomes.models import OutcomeReport, Patent
from programs.models import SupportAward
from reports.selectors.cohorts import CohortRow, cohort_follow_up
from reports.selectors.sources import (
    PROGRAMME_START_YEAR,
    compute_allocations,
    counting_awards,
    cumulative_range,
    relocations,
    report_date,
    signed_mous,
    stage_on_subquery,
    year_range,
)
from training.models import Trainee


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


class FigureUnit(TextChoices):
    """What an indicator counts. Money is held in won; each file states the scale it prints
    (백만원 in the PDF, 원 in the Excel file)."""

    FIRMS = "firms", pgettext_lazy("unit", "firms")
    CASES = "cases", pgettext_lazy("unit", "cases")
    PEOPLE = "people", pgettext_lazy("unit", "people")
    MODELS = "models", pgettext_lazy("unit", "models")
    PF = "pf", pgettext_lazy("unit", "PF")
    WON = "won", pgettext_lazy("unit", "won")


# The summary table's rows, in order: KpiFigures field → name (without its unit) and unit.
FIGURE_LABELS = {
    "mous_signed": gettext_lazy("MOUs signed"),
    "firms_attracted": gettext_lazy("Firms attracted"),
    "firms_supported": gettext_lazy("Firms supported"),
    "support_krw": gettext_lazy("Support awarded"),
    "people_trained": gettext_lazy("People trained"),
    "new_jobs": gettext_lazy("New jobs"),
    "patents": gettext_lazy("Patents filed or registered"),
    "compute_projects": gettext_lazy("Compute projects"),
    "compute_pf": gettext_lazy("Compute provided"),
    "ai_models_trained": gettext_lazy("AI models trained"),
    "commercial_models": gettext_lazy("Commercial models"),
    "survey_firms": gettext_lazy("Survey firms"),
    "survey_revenue_krw": gettext_lazy("Survey revenue"),
    "survey_new_hires": gettext_lazy("Survey new hires"),
    "investment_krw": gettext_lazy("Investment attracted"),
}
FIGURE_UNITS = {
    "mous_signed": FigureUnit.FIRMS,  # companies with a signed MOU, each once
    "firms_attracted": FigureUnit.FIRMS,
    "firms_supported": FigureUnit.FIRMS,
    "support_krw": FigureUnit.WON,
    "people_trained": FigureUnit.PEOPLE,
    "new_jobs": FigureUnit.PEOPLE,
    "patents": FigureUnit.CASES,
    "compute_projects": FigureUnit.CASES,
    "compute_pf": FigureUnit.PF,
    "ai_models_trained": FigureUnit.MODELS,
    "commercial_models": FigureUnit.MODELS,
    "survey_firms": FigureUnit.FIRMS,
    "survey_revenue_krw": FigureUnit.WON,
    "survey_new_hires": FigureUnit.PEOPLE,
    "investment_krw": FigureUnit.WON,
}


def figure_label(name: str) -> str:
    """The indicator's name, with its unit where a screen shows the raw value (won, PF)."""
    unit = FIGURE_UNITS[name]
    if unit not in (FigureUnit.WON, FigureUnit.PF):
        return str(FIGURE_LABELS[name])
    return _("%(name)s (%(unit)s)") % {"name": FIGURE_LABELS[name], "unit": unit.label}


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
    def period(self) -> tuple[date, date]:
        """The report year's first and last day."""
        return year_range(self.year)

    @property
    def cumulative_period(self) -> tuple[date, date]:
        """From the programme's first day to the report year's last."""
        return cumulative_range(self.year)

    @property
    def summary_rows(self) -> list[tuple[str, object, object]]:
        """(label, the year's value, the cumulative value) for each indicator, in order."""
        year, total = self.figures.as_dict(), self.cumulative.as_dict()
        return [(figure_label(name), year[name], total[name]) for name in FIGURE_LABELS]

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
