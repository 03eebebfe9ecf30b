"""KPI figures computed from the records (never typed in), per year and cumulative since 2020.

Each figure is one indicator's: the indicator rows (reports.models.KpiIndicator) active in the
report year, each computed by the computation registered under its code (reports/indicators/).
Every function runs a fixed number of queries whatever the number of companies. Indicators that
depend on outcome reports or training are None ("no data") for a range with no accepted report
or no course.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from companies.models import Company, GrowthStage, Industry
from outcomes.models import OutcomeReport
from programs.models import SupportAward
from reports.indicators import REGISTRY, Computation, Scope
from reports.indicators.defined import defined_computation
from reports.models import KpiIndicator, KpiTarget, KpiUnit
from reports.selectors.cohorts import cohort_follow_up
from reports.selectors.report import (
    BreakdownRow,
    IndicatorFigure,
    KpiReport,
    SupportedCompany,
    YearRow,
)
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

__all__ = ["IndicatorFigure", "KpiReport", "kpi_figures", "kpi_report"]


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
