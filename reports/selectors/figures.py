"""KPI figures computed from the records (never typed in), per year and cumulative since 2020.

Each figure is one indicator's: the indicator rows (reports.models.KpiIndicator) active in the
report year, each computed by the computation registered under its code (reports/indicators/).
Every function runs a fixed number of queries whatever the number of companies. Indicators that
depend on outcome reports or training are None ("no data") for a range with no accepted report
or no course.
"""

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from companies.models import Company, GrowthStage, Industry
from outcomes.models import OutcomeReport
from programs.models import SupportAward
from reports.indicators import REGISTRY, Computation, Scope
from reports.indicators.defined import defined_computation
from reports.models import CumulativeRule, KpiIndicator, KpiTarget, KpiUnit, indicator_name
from reports.selectors.cohorts import CohortRow, cohort_follow_up
from reports.selectors.sources import (
    PROGRAMME_START_YEAR,
    counting_awards,
    cumulative_range,
    last_ended_year,
    relocations,
    report_date,
    signed_mous,
    stage_on_subquery,
    year_range,
)


@dataclass
class IndicatorFigure:
    """One row of a report's summary: an indicator as defined when the report was made, with
    its figure for the report year and its cumulative figure since the programme started
    (None: no data, or for the cumulative column, not shown by the indicator's rule)."""

    code: str
    name_ko: str
    name_en: str
    unit: str
    kind: str
    cumulative_rule: str
    value: int | Decimal | None = None
    cumulative: int | Decimal | None = None
    # The year's target (목표) and baseline (기준값) as staff entered them; None: none set.
    target: int | Decimal | None = None
    baseline: int | Decimal | None = None

    @property
    def achievement_percent(self) -> Decimal | None:
        """달성률: the year's figure as a percentage of its target, to one place (half up);
        None without a figure or a target above zero."""
        if self.value is None or not self.target:
            return None
        percent = Decimal(self.value) * 100 / Decimal(self.target)
        return percent.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def name(self) -> str:
        return indicator_name(self.name_ko, self.name_en)

    @property
    def label(self) -> str:
        """The name, with its unit where a screen shows the raw value (won, PF)."""
        if self.unit not in (KpiUnit.WON, KpiUnit.PF):
            return self.name
        return _("%(name)s (%(unit)s)") % {"name": self.name, "unit": KpiUnit(self.unit).label}

    @property
    def shows_cumulative(self) -> bool:
        return self.cumulative_rule != CumulativeRule.NONE

    @property
    def has_companies(self) -> bool:
        """Whether the companies behind the number can be listed (a drill-down)."""
        computation = REGISTRY.get(self.code)
        return bool(computation and computation.companies)

    def to_json(self) -> dict:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, Decimal):
                data[key] = str(value)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "IndicatorFigure":
        figure = cls(**data)
        if figure.unit == KpiUnit.PF:
            for key in ("value", "cumulative", "target", "baseline"):
                if getattr(figure, key) is not None:
                    setattr(figure, key, Decimal(getattr(figure, key)))
        return figure


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
        return f"{number[:3]}-{number[3:5]}-{number[5:]}" if number else ""


@dataclass
class KpiReport:
    """A year's report. `as_of` is the date it describes (stages as on it); `cut_on` is set
    for an as-of report, whose figures count only what was dated by then: the year to that
    date and the cumulative figures since the programme started to that date."""

    year: int
    as_of: date
    cut_on: date | None = None
    indicators: list[IndicatorFigure] = field(default_factory=list)
    by_year: list[YearRow] = field(default_factory=list)
    by_industry: list[BreakdownRow] = field(default_factory=list)
    by_stage: list[BreakdownRow] = field(default_factory=list)
    by_program: list[BreakdownRow] = field(default_factory=list)
    companies: list[SupportedCompany] = field(default_factory=list)
    cohorts: list[CohortRow] = field(default_factory=list)

    @property
    def figures(self) -> dict:
        """Indicator code → the report year's figure."""
        return {figure.code: figure.value for figure in self.indicators}

    @property
    def cumulative(self) -> dict:
        """Indicator code → the cumulative figure (None where not shown)."""
        return {figure.code: figure.cumulative for figure in self.indicators}

    @property
    def is_empty(self) -> bool:
        """Nothing at all recorded for the year."""
        return not any(figure.value for figure in self.indicators if figure.value is not None)

    @property
    def period(self) -> tuple[date, date]:
        """The report year's first and last day (to the as-of date for an as-of report)."""
        return year_range(self.year, self.cut_on)

    @property
    def as_of_headings(self) -> tuple[str, str] | None:
        """An as-of report's column headings, the year's and the cumulative one, each naming
        the as-of date; None for a calendar year, whose files keep their year headings."""
        if self.cut_on is None:
            return None
        facts = {
            "year": self.year,
            "first": PROGRAMME_START_YEAR,
            "date": self.cut_on.isoformat(),
        }
        return (
            _("%(year)s to %(date)s") % facts,
            _("Cumulative %(first)s to %(date)s") % facts,
        )

    @property
    def cumulative_period(self) -> tuple[date, date]:
        """From the programme's first day to the report year's last (or the as-of date)."""
        return cumulative_range(self.year, self.cut_on)

    def to_json(self) -> dict:
        """Plain JSON data (dates as ISO strings, PF as a decimal string): what a snapshot
        freezes, and from_json() turns back into the same report. The indicators' names and
        rules are frozen with their figures, so a retired indicator stays in its snapshots."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["cut_on"] = self.cut_on and self.cut_on.isoformat()
        data["indicators"] = [figure.to_json() for figure in self.indicators]
        for cohort in data["cohorts"]:
            cohort["survived"] = {str(k): v for k, v in cohort["survived"].items()}
        return data

    @classmethod
    def from_json(cls, data: dict) -> "KpiReport":
        if "indicators" in data:
            indicators = [IndicatorFigure.from_json(row) for row in data["indicators"]]
        else:
            indicators = _indicators_of_an_older_snapshot(data)
        return cls(
            year=data["year"],
            as_of=date.fromisoformat(data["as_of"]),
            cut_on=date.fromisoformat(data["cut_on"]) if data.get("cut_on") else None,
            indicators=indicators,
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


def _indicators_of_an_older_snapshot(data: dict) -> list[IndicatorFigure]:
    """Snapshots frozen before the indicators were stored with them hold two dicts of figures
    keyed by the same codes; their names come from today's indicator rows (one query)."""
    rows = {row.code: row for row in KpiIndicator.objects.filter(code__in=data["figures"])}
    figures = []
    for code, value in data["figures"].items():
        row, computation = rows.get(code), REGISTRY.get(code)
        unit = computation.unit if computation else (row.unit if row else KpiUnit.CASES)
        figures.append(
            IndicatorFigure.from_json(
                {
                    "code": code,
                    "name_ko": row.name_ko if row else code,
                    "name_en": row.name_en if row else code,
                    "unit": unit,
                    "kind": computation.kind if computation else "flow",
                    "cumulative_rule": (
                        computation.cumulative if computation else CumulativeRule.SUM
                    ),
                    "value": value,
                    "cumulative": data["cumulative"].get(code),
                }
            )
        )
    return figures


def kpi_figures(*, start: date, end: date) -> dict:
    """Every registered indicator's figure for the records dated between `start` and `end`."""
    scope = Scope(start, end)
    return {code: computation.compute(scope) for code, computation in REGISTRY.items()}


def _target_value(value: Decimal | None, unit: str) -> int | Decimal | None:
    """A stored target in its indicator's unit: whole numbers but for PF."""
    if value is None or unit == KpiUnit.PF:
        return value
    return int(value)


def indicator_figures(year: int, as_of: date | None = None) -> list[IndicatorFigure]:
    """The figures of the indicators active in `year`, for the year and cumulative (with
    `as_of`, to that date), with the year's targets, in the indicators' order. Two queries for
    the indicators and all their targets; the computations of one family share their queries."""
    rows = list(
        KpiIndicator.objects.for_year(year).prefetch_related(
            Prefetch(
                "targets", queryset=KpiTarget.objects.filter(year=year), to_attr="year_targets"
            )
        )
    )
    # Indicators defined without code are read together, one query per source and range.
    defined = tuple(row for row in rows if row.is_defined)
    shared: dict = {}
    period = Scope(*year_range(year, as_of), definitions=defined, shared=shared)
    total = Scope(*cumulative_range(year, as_of), definitions=defined, shared=shared)
    return [
        _figure(row, period, total, row.year_targets[0] if row.year_targets else None)
        for row in rows
    ]


def indicator_figure(
    indicator: KpiIndicator, year: int, as_of: date | None = None
) -> IndicatorFigure:
    """One indicator's figures for `year` and cumulative (to `as_of`), with the year's target."""
    target = KpiTarget.objects.filter(indicator=indicator, year=year).first()
    shared: dict = {}
    period = Scope(*year_range(year, as_of), shared=shared)
    total = Scope(*cumulative_range(year, as_of), shared=shared)
    return _figure(indicator, period, total, target)


def computation_for(row: KpiIndicator) -> Computation:
    """How `row`'s figure is computed: its definition's count or sum, or the registry's code."""
    return defined_computation(row) if row.is_defined else REGISTRY[row.code]


def _figure(
    row: KpiIndicator, period: Scope, total: Scope, target: KpiTarget | None
) -> IndicatorFigure:
    computation = computation_for(row)
    value = computation.compute(period)
    return IndicatorFigure(
        code=row.code,
        name_ko=row.name_ko,
        name_en=row.name_en,
        unit=computation.unit,
        kind=computation.kind,
        cumulative_rule=computation.cumulative,
        value=value,
        cumulative=computation.cumulative_value(total, value),
        target=_target_value(target and target.target, computation.unit),
        baseline=_target_value(target and target.baseline, computation.unit),
    )


def _breakdown(
    awards: QuerySet, key: str, labels: dict, year: int, keys: list | None = None
) -> list[BreakdownRow]:
    """Firms and amounts of `awards` grouped by `key`, for the year and cumulative, one query;
    `awards` are already cut at the report's last day."""
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


def supported_companies(
    *, year: int, as_of: date, cut_on: date | None = None
) -> list[SupportedCompany]:
    """Companies supported in `year` (to `cut_on` for an as-of report) with their award count
    and amount, in one query."""
    start, end = year_range(year, cut_on)
    in_year = Q(
        awards__awarded_on__range=(start, end),
        awards__in=SupportAward.objects.counting(on=end),
    )
    ended = cut_on is None or year <= last_ended_year(cut_on)
    # A year's report counts once its period has ended; `period__year=None` matches none.
    outcomes = _company_outcomes(year if ended else None)
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


def _company_outcomes(year: int | None) -> dict:
    """Subqueries for each company's accepted new hires and revenue of `year`'s yearly report
    (none when the year had not ended by an as-of report's date); subqueries, so the award join
    does not multiply them."""

    def total(field_name):
        return Subquery(
            OutcomeReport.objects.accepted()
            .filter(company=OuterRef("pk"), period__year=year, period__quarter__isnull=True)
            .values("company")
            .annotate(total=Sum(field_name))
            .values("total")
        )

    return {"new_hires_sum": total("new_hires"), "revenue_sum": total("revenue_krw")}


def kpi_report(
    *,
    year: int | None = None,
    as_of: date | None = None,
    today: date | None = None,
    with_companies: bool = False,
) -> KpiReport:
    """Everything the dashboard, the PDF and the Excel file show for `year` (a calendar year,
    growth stages as on its last day or today), or as of a date: the year to `as_of` and the
    cumulative figures since the programme started to `as_of`, with stages as on `as_of`; the
    year defaults to the as-of date's."""
    if year is None:
        year = as_of.year
    if as_of is not None and as_of < date(year, 1, 1):
        raise ValueError(f"An as-of date ({as_of}) before the report year {year}.")
    cut_on = None if as_of is None else min(as_of, date(year, 12, 31))
    as_of = report_date(year, today) if cut_on is None else cut_on
    report = KpiReport(
        year=year, as_of=as_of, cut_on=cut_on, indicators=indicator_figures(year, cut_on)
    )
    start, end = cumulative_range(year, cut_on)
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
    year_awards = counting_awards(*year_range(year, cut_on)).annotate(
        stage_at=stage_on_subquery(as_of)
    )
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
    report.cohorts = cohort_follow_up(year=year, as_of=as_of, cut=cut_on)
    if with_companies:
        report.companies = supported_companies(year=year, as_of=as_of, cut_on=cut_on)
    return report
