"""Excel exports: pandas DataFrames written with xlsxwriter into memory."""

import io
from decimal import Decimal

import pandas as pd
from django.utils.translation import gettext as _
from pandas.api.types import is_datetime64_any_dtype, is_numeric_dtype

from core.exports import safe_cell, safe_sheet_names
from reports.selectors.cohorts import SURVIVAL_YEARS
from reports.selectors.figures import FIGURE_LABELS, KpiReport
from reports.selectors.sources import PROGRAMME_START_YEAR

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """Each frame as one sheet (names made valid and unique), as .xlsx bytes."""
    buffer = io.BytesIO()
    # Text is never read as a formula or link: a company name "=HYPERLINK(...)" stays text,
    # and _safe_frame also prefixes it with an apostrophe for whoever re-saves it as CSV.
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        date_format="yyyy-mm-dd",
        datetime_format="yyyy-mm-dd hh:mm",
        engine_kwargs={"options": options},
    ) as writer:
        for sheet, frame in zip(safe_sheet_names(frames), frames.values(), strict=True):
            frame = _safe_frame(frame)
            frame.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            for col, header in enumerate(frame.columns):
                worksheet.set_column(col, col, max(12, min(40, len(str(header)) * 2 + 4)))
    return buffer.getvalue()


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and header through core.exports.safe_cell; numeric, date
    and boolean columns are left alone, so numbers stay numbers (-5 is not quoted)."""
    frame = frame.rename(columns=safe_cell)
    for column in range(frame.shape[1]):
        values = frame.iloc[:, column]
        if not (is_numeric_dtype(values) or is_datetime64_any_dtype(values)):
            frame.isetitem(column, values.map(safe_cell))
    return frame


def _summary_frame(report: KpiReport) -> pd.DataFrame:
    year, cumulative = report.figures.as_dict(), report.cumulative.as_dict()
    rows = [
        (str(label), _number(year[name]), _number(cumulative[name]))
        for name, label in FIGURE_LABELS.items()
    ]
    columns = [
        _("Indicator"),
        str(report.year),
        _("Cumulative %(first)s-%(year)s") % {"first": PROGRAMME_START_YEAR, "year": report.year},
    ]
    # Indicators without data stay empty cells (not 0), so a sum never hides "no data".
    return pd.DataFrame(rows, columns=columns).astype(object)


def _number(value):
    """PF is a Decimal in the report; Excel cells take it as a float. None stays empty."""
    return float(value) if isinstance(value, Decimal) else value


def _breakdown_frame(rows, label: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (
                row.label,
                row.firms,
                row.amount_krw,
                row.cumulative_firms,
                row.cumulative_amount_krw,
            )
            for row in rows
        ],
        columns=[
            label,
            _("firms"),
            _("amount (won)"),
            _("firms, cumulative"),
            _("amount, cumulative (won)"),
        ],
    )


def _cohort_frame(report: KpiReport) -> pd.DataFrame:
    """Cohort follow-up: numbers and percentages as numeric cells, empty where not yet known."""
    rows = []
    for cohort in report.cohorts:
        survival = []
        for _years, firms, percent in cohort.survival:
            survival += [firms, percent]
        rows.append(
            (
                cohort.year,
                cohort.firms,
                *survival,
                cohort.panel_firms,
                cohort.employees_base,
                cohort.employees_now,
                cohort.employment_growth_percent,
                cohort.revenue_base_krw,
                cohort.revenue_now_krw,
                cohort.revenue_growth_percent,
                cohort.gazelles,
            )
        )
    survival_columns = []
    for years in SURVIVAL_YEARS:
        survival_columns += [
            _("active after %(n)s years") % {"n": years},
            _("survival after %(n)s years (%%)") % {"n": years},
        ]
    columns = [
        _("cohort (first supported)"),
        _("firms"),
        *survival_columns,
        _("firms reporting both years"),
        _("employees in the cohort year"),
        _("employees in %(year)s") % {"year": report.year},
        _("employment growth (%)"),
        _("revenue in the cohort year (won)"),
        _("revenue in %(year)s (won)") % {"year": report.year},
        _("revenue growth (%)"),
        _("gazelle firms"),
    ]
    return pd.DataFrame(rows, columns=columns).astype(object)


def kpi_workbook(report: KpiReport) -> bytes:
    """The KPI report as .xlsx bytes: one sheet per table, numbers as numbers, dates as dates."""
    info = pd.DataFrame(
        [(_("Report year"), report.year), (_("Report date"), report.as_of)],
        columns=[_("Item"), _("Value")],
    )
    by_year = pd.DataFrame(
        [(r.year, r.mous_signed, r.firms_attracted, r.firms_supported) for r in report.by_year],
        columns=[_("year"), _("MOUs signed"), _("Firms attracted"), _("Firms supported")],
    )
    by_stage = _breakdown_frame(report.by_stage, _("growth stage")).iloc[:, :3]
    companies = pd.DataFrame(
        [
            (
                c.name,
                c.business_number_display,
                c.industry,
                c.stage,
                c.awards,
                c.amount_krw,
                c.new_hires,
                c.revenue_krw,
                yes_no(c.is_active),
            )
            for c in report.companies
        ],
        columns=[
            _("company name"),
            _("business registration number"),
            _("focus industry"),
            _("growth stage"),
            _("awards"),
            _("amount (won)"),
            _("new hires"),
            _("revenue (won)"),
            _("active"),
        ],
    )
    return _xlsx_bytes(
        {
            _("Report"): info,
            _("Summary"): _summary_frame(report),
            _("By year"): by_year,
            _("By industry"): _breakdown_frame(report.by_industry, _("focus industry")),
            _("By growth stage"): by_stage,
            _("By programme"): _breakdown_frame(report.by_program, _("programme")),
            _("Supported companies"): companies,
            _("Cohort follow-up"): _cohort_frame(report),
        }
    )


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")
