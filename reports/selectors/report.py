"""What a KPI report holds, as plain data: each indicator's figures with its definition as
the report was made, the breakdowns, the supported companies and the cohorts; to_json() and
from_json() freeze and thaw it for a snapshot. kpi_report() (figures.py) fills it."""

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from reports.indicators import REGISTRY
from reports.models import CumulativeRule, KpiIndicator, KpiUnit, indicator_name
from reports.selectors.cohorts import CohortRow
from reports.selectors.sources import (
    PROGRAMME_START_YEAR,
    cumulative_range,
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
