"""Excel exports: pandas DataFrames written with xlsxwriter into memory."""

import io
from decimal import Decimal
from unicodedata import east_asian_width

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pandas.api.types import is_datetime64_any_dtype, is_numeric_dtype

from core.exports import safe_cell, safe_sheet_names
from reports.models import KpiUnit
from reports.selectors.cohorts import SURVIVAL_YEARS
from reports.selectors.figures import KpiReport
from reports.selectors.snapshots import ReportEdition, working_edition
from reports.selectors.sources import PROGRAMME_START_YEAR

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Columns are sized to the header and this many first cells.
COLUMN_SAMPLE = 200


def _xlsx_bytes(frames: dict[str, pd.DataFrame], formats: dict | None = None) -> bytes:
    """Each frame as one sheet (names made valid and unique), as .xlsx bytes. `formats` maps a
    sheet (by its key in `frames`) to number formats for its columns (by index) or its cells
    (by (row, column) in the frame); the cells stay numbers, only their display changes."""
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
        book = writer.book
        styles = {}

        def style(num_format):
            if num_format not in styles:
                styles[num_format] = book.add_format({"num_format": num_format})
            return styles[num_format]

        for key, sheet in zip(frames, safe_sheet_names(frames), strict=True):
            frame = _safe_frame(frames[key])
            frame.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            sheet_formats = (formats or {}).get(key, {})
            for col, header in enumerate(frame.columns):
                width = _column_width(header, frame.iloc[:, col])
                num_format = sheet_formats.get(col)
                worksheet.set_column(col, col, width, style(num_format) if num_format else None)
            for place, num_format in sheet_formats.items():
                if isinstance(place, tuple):
                    row, col = place
                    value = frame.iat[row, col]
                    if value is not None and not pd.isna(value):
                        # Below the header row.
                        worksheet.write_number(row + 1, col, value, style(num_format))
    return buffer.getvalue()


def _column_width(header, values: pd.Series) -> int:
    """Wide enough for the header and the first cells, Hangul counting double; 10 to 50."""
    texts = [
        str(header),
        *(
            f"{value:,}" if isinstance(value, int) else str(value)
            for value in values.head(COLUMN_SAMPLE)
            if value is not None
        ),
    ]
    widest = max(sum(2 if east_asian_width(char) in "WF" else 1 for char in text) for text in texts)
    return max(10, min(50, widest + 2))


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and header through core.exports.safe_cell; numeric, date
    and boolean columns are left alone, so numbers stay numbers (-5 is not quoted)."""
    frame = frame.rename(columns=safe_cell)
    for column in range(frame.shape[1]):
        values = frame.iloc[:, column]
        if not (is_numeric_dtype(values) or is_datetime64_any_dtype(values)):
            frame.isetitem(column, values.map(safe_cell))
    return frame


INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0.0"


def _with_unit(label, unit: str) -> str:
    """A header that states its column's unit once: `지원액 (원)`."""
    return _("%(name)s (%(unit)s)") % {"name": label, "unit": KpiUnit(unit).label}


def _summary_frame(report: KpiReport) -> tuple[pd.DataFrame, dict]:
    """One row per indicator with its unit: the year's baseline, target, result and
    achievement (목표 · 실적 · 달성률), and the cumulative result; money in won, PF with two
    places, the achievement in percent with one."""
    rows = [
        (
            figure.name,
            str(KpiUnit(figure.unit).label),
            _number(figure.baseline),
            _number(figure.target),
            _number(figure.value),
            _number(figure.achievement_percent),
            _number(figure.cumulative),
        )
        for figure in report.indicators
    ]
    year = {"year": report.year}
    results = str(report.year)
    cumulative = _("Cumulative %(first)s-%(year)s") % {
        "first": PROGRAMME_START_YEAR,
        "year": report.year,
    }
    # An as-of report's columns name the date they count to.
    results, cumulative = report.as_of_headings or (results, cumulative)
    columns = [
        _("Indicator"),
        _("unit"),
        _("%(year)s baseline") % year,
        _("%(year)s target") % year,
        results,
        _("%(name)s (%(unit)s)") % {"name": pgettext("KPI", "achievement"), "unit": "%"},
        cumulative,
    ]
    formats = {2: INTEGER, 3: INTEGER, 4: INTEGER, 5: PERCENT, 6: INTEGER}
    for row, figure in enumerate(report.indicators):
        if figure.unit == KpiUnit.PF:
            formats.update({(row, column): DECIMAL for column in (2, 3, 4, 6)})
    # Indicators without data (and cumulative columns an indicator does not show) stay empty
    # cells, not 0, so a sum never hides "no data".
    return pd.DataFrame(rows, columns=columns).astype(object), formats


def _number(value):
    """PF is a Decimal in the report; Excel cells take it as a float. None stays empty."""
    return float(value) if isinstance(value, Decimal) else value


def _breakdown_frame(report: KpiReport, rows, label: str) -> pd.DataFrame:
    year = {"year": report.year}
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
            _with_unit(_("Firms supported in %(year)s") % year, KpiUnit.FIRMS),
            _with_unit(_("Awarded in %(year)s") % year, KpiUnit.WON),
            _with_unit(_("Firms supported, cumulative"), KpiUnit.FIRMS),
            _with_unit(_("Awarded, cumulative"), KpiUnit.WON),
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


def _info_frame(report: KpiReport, edition: ReportEdition) -> pd.DataFrame:
    """What the PDF's cover says: agency, year, periods, as-of date, version, issue date."""

    def span(period):
        return _("%(start)s to %(end)s") % {
            "start": period[0].isoformat(),
            "end": period[1].isoformat(),
        }

    return pd.DataFrame(
        [
            (_("Issued by"), settings.AGENCY_NAME),
            (_("Report year"), report.year),
            (_("Report period"), span(report.period)),
            (_("Cumulative period"), span(report.cumulative_period)),
            (_("Report date"), report.as_of),
            (_("Version"), edition.label),
            (_("Issue date"), edition.issued_on),
        ],
        columns=[_("Item"), _("Value")],
    )


def _cohort_formats() -> dict:
    """Counts and won with separators, percentages with one place; the cohort year plain."""
    formats = {1: INTEGER}
    for index in range(len(SURVIVAL_YEARS)):
        formats.update({2 + 2 * index: INTEGER, 3 + 2 * index: PERCENT})
    rest = [INTEGER, INTEGER, INTEGER, PERCENT, INTEGER, INTEGER, PERCENT, INTEGER]
    start = 2 + 2 * len(SURVIVAL_YEARS)
    formats.update({start + offset: num_format for offset, num_format in enumerate(rest)})
    return formats


def kpi_workbook(report: KpiReport, *, edition: ReportEdition | None = None) -> bytes:
    """The KPI report as .xlsx bytes: one sheet per table, numbers as numbers (money in won,
    the unit in each header), dates as dates."""
    edition = edition or working_edition()
    by_year = pd.DataFrame(
        [(r.year, r.mous_signed, r.firms_attracted, r.firms_supported) for r in report.by_year],
        columns=[
            _("year"),
            _with_unit(_("MOUs signed"), KpiUnit.FIRMS),
            _with_unit(_("Firms attracted"), KpiUnit.FIRMS),
            _with_unit(_("Firms supported"), KpiUnit.FIRMS),
        ],
    )
    by_stage = _breakdown_frame(report, report.by_stage, _("growth stage")).iloc[:, :3]
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
            _with_unit(_("awards"), KpiUnit.CASES),
            _with_unit(_("amount awarded"), KpiUnit.WON),
            _with_unit(_("new hires"), KpiUnit.PEOPLE),
            _with_unit(_("revenue"), KpiUnit.WON),
            _("active"),
        ],
    )
    summary, summary_formats = _summary_frame(report)
    counts = dict.fromkeys(range(1, 5), INTEGER)
    sheets = {
        _("Report"): (_info_frame(report, edition), {}),
        _("Summary"): (summary, summary_formats),
        _("By year"): (by_year, dict.fromkeys(range(1, 4), INTEGER)),
        _("By industry"): (
            _breakdown_frame(report, report.by_industry, _("focus industry")),
            counts,
        ),
        _("By growth stage"): (by_stage, dict.fromkeys(range(1, 3), INTEGER)),
        _("By programme"): (_breakdown_frame(report, report.by_program, _("programme")), counts),
        _("Supported companies"): (companies, dict.fromkeys(range(4, 8), INTEGER)),
        _("Cohort follow-up"): (_cohort_frame(report), _cohort_formats()),
    }
    return _xlsx_bytes(
        {sheet: frame for sheet, (frame, _formats) in sheets.items()},
        {sheet: formats for sheet, (_frame, formats) in sheets.items()},
    )


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")
