"""PDF exports rendered with WeasyPrint from reports/pdf/<name>.html.

Korean must render on a machine without a Korean system font, so the template names the
project's own font in @font-face: Pretendard GOV, which KRDS ships and scripts/vendor_static.py
copies into static/vendor/krds/fonts/. Its "subset" files still hold 2,780 Hangul syllables,
every syllable of KS X 1001 and more, which covers company names in practice.

The KPI report's tables are built here from the report's data (one row per indicator, industry,
stage, programme or company), formatted, and their column widths planned (reports/exporters/
layout.py), so the template only lays out what it is given.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from reports.charts import BarChart, report_charts
from reports.exporters.layout import BODY_PT, PADDING_MM, UNIT_PT, Column, Table, TextMeasure
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.figures import KpiReport
from reports.selectors.snapshots import ReportEdition, working_edition

FONT_FAMILY = "Pretendard GOV"
FONT_FILES = {
    400: "vendor/krds/fonts/PretendardGOV-Regular.subset.woff",
    700: "vendor/krds/fonts/PretendardGOV-Bold.subset.woff",
}
# A4 less the KPI template's left and right margins (@page in reports/pdf/kpi.html).
PAGE_MARGIN_MM = 15
TEXT_WIDTH_MM = 210 - 2 * PAGE_MARGIN_MM
# Tables up to this many rows are not split over two pages.
KEEP_TOGETHER_ROWS = 25
# A longer firm annex is laid out this many rows at a time, each part its own WeasyPrint
# document written and freed before the next (WeasyPrint keeps every page's layout until it
# writes, 2.7 GB for 12,000 firms at once); pypdf joins the parts and stamps the running head
# and page numbers across the joins (join_parts).
ANNEX_PART_ROWS = 500
# What a table cell shows for a figure nobody has recorded yet.
NO_DATA = "-"
# What the cumulative column shows for an indicator whose rule adds no periods up (revenue).
NOT_CUMULATED = "·"


def _font_path(name: str) -> str:
    path = finders.find(name)
    if not path:
        raise ImproperlyConfigured(
            f"{name} is missing: run `make vendor` (scripts/vendor_static.py) first."
        )
    return str(Path(path).resolve())


def font_faces() -> list[dict]:
    """The @font-face sources as file URIs, found through the static files finders."""
    return [
        {"weight": weight, "url": Path(_font_path(name)).as_uri()}
        for weight, name in FONT_FILES.items()
    ]


@lru_cache(maxsize=1)
def text_measure() -> TextMeasure:
    return TextMeasure(regular=_font_path(FONT_FILES[400]), bold=_font_path(FONT_FILES[700]))


def join_parts(parts: list[bytes], marks: Callable[[int], bytes]) -> bytes:
    """The PDFs `parts` as one, each page stamped with the same page of `marks(pages)` (the
    running head and "n / total" laid out on as many empty pages); the first part's title and
    outline stay."""
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(io.BytesIO(part)) for part in parts]
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)
    stamps = PdfReader(io.BytesIO(marks(len(writer.pages)))).pages
    for page, stamp in zip(writer.pages, stamps, strict=True):
        page.merge_page(stamp)
    if readers[0].metadata:
        writer.add_metadata(dict(readers[0].metadata))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_pdf(template: str, context: dict, *, language: str = "ko") -> bytes:
    """Render `template` to PDF bytes in `language` with the project's Korean font."""
    with translation.override(language):
        html = render_to_string(
            template,
            {
                **context,
                "font_family": FONT_FAMILY,
                "font_faces": font_faces(),
                "page_label": _("Page"),
            },
        )
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(Path.cwd())).write_pdf(font_config=fonts)


@dataclass
class Section:
    """One numbered part of the KPI report: a table, with the chart of the same figures."""

    title: str
    table: Table
    chart: BarChart | None = None

    @property
    def keep_together(self) -> bool:
        """A short table starts on the page where it fits whole, with its heading and chart."""
        return len(self.table.rows) + len(self.table.footer) <= KEEP_TOGETHER_ROWS

    @property
    def chart_caption(self) -> bool:
        """The chart's own title, unless the section's heading says the same."""
        return bool(self.chart) and self.chart.title != self.title


def count(value) -> str:
    return NO_DATA if value is None else number_format(value, force_grouping=True)


def million_won(value) -> str:
    """Won in 백만원, rounded half up to one place: the unit stands in the column's header."""
    if value is None:
        return NO_DATA
    amount = (Decimal(int(value)) / 1_000_000).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return number_format(amount, decimal_pos=1, force_grouping=True)


def petaflops(value) -> str:
    if value is None:
        return NO_DATA
    amount = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return number_format(amount, decimal_pos=2, force_grouping=True)


def _unit(unit: str) -> str:
    """The unit a column or the summary prints; money is shown in 백만원."""
    if unit == KpiUnit.WON:
        return pgettext("unit", "million won")
    return str(KpiUnit(unit).label)


def _format(value, unit: str) -> str:
    if unit == KpiUnit.WON:
        return million_won(value)
    if unit == KpiUnit.PF:
        return petaflops(value)
    return count(value)


def _header_unit(unit: str) -> str:
    return _("(%(unit)s)") % {"unit": _unit(unit)}


def _number_column(label: str, unit: str) -> Column:
    return Column(label, unit=_header_unit(unit), numeric=True)


def summary_table(report: KpiReport) -> Table:
    """One row per indicator: its name and unit, the year's baseline, target, result and
    achievement (목표 · 실적 · 달성률), and the cumulative result (or "not cumulated" where the
    indicator's rule shows none)."""
    first, last = report.cumulative_period
    rows = [
        [
            figure.name,
            _unit(figure.unit),
            _format(figure.baseline, figure.unit),
            _format(figure.target, figure.unit),
            _format(figure.value, figure.unit),
            achievement(figure.achievement_percent),
            _format(figure.cumulative, figure.unit)
            if figure.cumulative_rule != CumulativeRule.NONE
            else NOT_CUMULATED,
        ]
        for figure in report.indicators
    ]
    year = {"year": report.year}
    results = _("%(year)s results") % year
    cumulative = _("Cumulative %(first)s–%(last)s") % {"first": first.year, "last": last.year}
    # An as-of report's columns name the date they count to.
    results, cumulative = report.as_of_headings or (results, cumulative)
    columns = [
        Column(_("Indicator"), wraps=True),
        Column(_("unit"), centered=True),
        Column(_("%(year)s baseline") % year, numeric=True),
        Column(_("%(year)s target") % year, numeric=True),
        Column(results, numeric=True),
        Column(pgettext("KPI", "achievement"), unit=_("(%(unit)s)") % {"unit": "%"}, numeric=True),
        Column(cumulative, numeric=True),
    ]
    return Table(columns, rows)


def achievement(percent) -> str:
    """달성률 with one place; the unit (%) stands in the header."""
    return NO_DATA if percent is None else number_format(percent, decimal_pos=1)


def by_year_table(report: KpiReport) -> Table:
    columns = [
        Column(_("year"), centered=True),
        _number_column(_("MOUs signed"), KpiUnit.FIRMS),
        _number_column(_("Firms attracted"), KpiUnit.FIRMS),
        _number_column(_("Firms supported"), KpiUnit.FIRMS),
    ]
    rows = [
        [str(row.year), count(row.mous_signed), count(row.firms_attracted)]
        + [count(row.firms_supported)]
        for row in report.by_year
    ]
    return Table(columns, rows)


def breakdown_table(report: KpiReport, rows, label: str, *, cumulative: bool = True) -> Table:
    """Firms supported and the amounts awarded per industry, stage or programme."""
    year = report.year
    columns = [
        Column(label, wraps=True),
        _number_column(_("Firms supported in %(year)s") % {"year": year}, KpiUnit.FIRMS),
        _number_column(_("Awarded in %(year)s") % {"year": year}, KpiUnit.WON),
    ]
    if cumulative:
        columns += [
            _number_column(_("Firms supported, cumulative"), KpiUnit.FIRMS),
            _number_column(_("Awarded, cumulative"), KpiUnit.WON),
        ]
    cells = []
    for row in rows:
        line = [row.label, count(row.firms), million_won(row.amount_krw)]
        if cumulative:
            line += [count(row.cumulative_firms), million_won(row.cumulative_amount_krw)]
        cells.append(line)
    # The total counts each firm once, though a firm with two programmes is in two rows.
    figures, cumulative_figures = report.figures, report.cumulative
    total = [_("Total"), count(figures.get("firms_supported"))]
    total.append(million_won(figures.get("support_krw")))
    if cumulative:
        total += [count(cumulative_figures.get("firms_supported"))]
        total.append(million_won(cumulative_figures.get("support_krw")))
    footer = [total] if rows else []
    return Table(columns, cells, footer)


def companies_table(report: KpiReport) -> Table:
    """The annex: every company supported in the year, with its figures for the year."""
    columns = [
        Column(_("No."), numeric=True),
        Column(_("company name"), wraps=True),
        Column(_("business registration number"), centered=True),
        Column(_("focus industry"), centered=True),
        Column(_("growth stage"), centered=True),
        _number_column(_("awards"), KpiUnit.CASES),
        _number_column(_("amount awarded"), KpiUnit.WON),
        _number_column(_("new hires"), KpiUnit.PEOPLE),
        _number_column(_("revenue"), KpiUnit.WON),
    ]
    rows = [
        [
            count(index),
            company.name,
            company.business_number_display,
            company.industry,
            company.stage,
            count(company.awards),
            million_won(company.amount_krw),
            count(company.new_hires),
            million_won(company.revenue_krw),
        ]
        for index, company in enumerate(report.companies, start=1)
    ]
    awards = sum(company.awards for company in report.companies)
    amount = sum(company.amount_krw for company in report.companies)
    total = ["", _("Total"), "", "", "", count(awards), million_won(amount), "", ""]
    return Table(columns, rows, [total] if rows else [])


def kpi_sections(report: KpiReport, charts: dict) -> list[Section]:
    """The report's numbered parts, each table with its planned column widths."""
    sections = [
        Section(_("Summary"), summary_table(report)),
        Section(_("Firms by year"), by_year_table(report), charts["by_year"]),
        Section(
            _("Firms supported by focus industry"),
            breakdown_table(report, report.by_industry, _("focus industry")),
            charts["by_industry"],
        ),
        Section(
            _("Firms supported by growth stage at the report date"),
            breakdown_table(report, report.by_stage, _("growth stage"), cumulative=False),
            charts["by_stage"],
        ),
        Section(
            _("Firms supported by programme"),
            breakdown_table(report, report.by_program, _("programme")),
            charts["by_program"],
        ),
    ]
    for section in sections:
        section.table.plan(text_measure(), TEXT_WIDTH_MM)
    return sections


def kpi_cover(report: KpiReport, edition: ReportEdition) -> dict:
    """What the cover says: who issues the report, which period, as of when, which edition."""

    def span(period):
        return _("%(start)s to %(end)s") % {
            "start": period[0].isoformat(),
            "end": period[1].isoformat(),
        }

    return {
        "agency": settings.AGENCY_NAME,
        "title": (
            _("KPI report %(year)s as of %(date)s")
            % {"year": report.year, "date": report.cut_on.isoformat()}
            if report.cut_on
            else _("KPI report %(year)s") % {"year": report.year}
        ),
        "facts": [
            (_("Report period"), span(report.period)),
            (_("Cumulative period"), span(report.cumulative_period)),
            (_("As of"), report.as_of.isoformat()),
            (_("Version"), edition.label),
            (_("Issue date"), edition.issued_on.isoformat()),
        ],
        "approvers": [
            pgettext("approval", "Officer"),
            pgettext("approval", "Team leader"),
            pgettext("approval", "Agency director"),
        ],
    }


def css_string(text: str) -> str:
    """`text` for a CSS string (a page head's `content`): ASCII punctuation as CSS hex escapes
    (escapejs's \\u002D is no CSS escape, and a date's hyphens would print as "u002D");
    letters, digits, spaces and non-ASCII text (Korean) as they are."""
    return "".join(
        char if char.isalnum() or char == " " or ord(char) > 127 else f"\\{ord(char):x} "
        for char in text
    )


def lists_firms(report: KpiReport, firm_list: bool | None = None) -> bool:
    """Whether the PDF's annex lists the supported companies: as asked, or by default while
    they number no more than KPI_PDF_FIRM_LIST_LIMIT (the Excel file always lists them)."""
    if firm_list is not None:
        return firm_list
    return len(report.companies) <= settings.KPI_PDF_FIRM_LIST_LIMIT


def kpi_pdf(
    report: KpiReport,
    *,
    language: str = "ko",
    edition: ReportEdition | None = None,
    firm_list: bool | None = None,
) -> bytes:
    """The ministry KPI report for `report.year`: a cover with an approval box, the summary,
    the breakdowns with their charts, and the supported companies as an annex; with more
    companies than KPI_PDF_FIRM_LIST_LIMIT the annex names the Excel sheet that lists them,
    unless `firm_list` asks for the list (see lists_firms)."""
    edition = edition or working_edition()
    listed = lists_firms(report, firm_list)
    with translation.override(language):
        charts = report_charts(report, links=False)
        cover = kpi_cover(report, edition)
        sections = kpi_sections(report, charts)
        annex = companies_table(report).plan(text_measure(), TEXT_WIDTH_MM) if listed else None
        annex_elsewhere = _(
            "%(count)s companies were supported in %(year)s. They are listed in this report's "
            "Excel file (sheet “%(sheet)s”), with their figures; a PDF listing them can be "
            "requested with the list of companies."
        ) % {
            "count": count(len(report.companies)),
            "year": report.year,
            "sheet": _("Supported companies"),
        }
        running_head = _("%(title)s · %(edition)s") % {
            "title": cover["title"],
            "edition": edition.label,
        }
    context = {
        "report": report,
        "cover": cover,
        "sections": sections,
        "annex": annex,
        "annex_last": True,
        "annex_elsewhere": annex_elsewhere,
        "running_head": css_string(running_head),
        "page_marks": True,
        "continuation": False,
        "no_data": NO_DATA,
        "not_cumulated": NOT_CUMULATED,
        "unit_ratio": UNIT_PT / BODY_PT,
        "padding_mm": PADDING_MM,
        "margin_mm": PAGE_MARGIN_MM,
    }
    parts = annex.parts(ANNEX_PART_ROWS) if annex else []
    if len(parts) <= 1:
        return render_pdf("reports/pdf/kpi.html", context, language=language)
    # The report with the annex's first part, then the rest of the annex part by part, each
    # without page marks; then the marks of every page, stamped on.
    pdfs = [
        render_pdf(
            "reports/pdf/kpi.html",
            {
                **context,
                "annex": part,
                "annex_last": index == len(parts) - 1,
                "continuation": index > 0,
                "page_marks": False,
            },
            language=language,
        )
        for index, part in enumerate(parts)
    ]
    return join_parts(
        pdfs,
        lambda pages: render_pdf("reports/pdf/page_marks.html", {**context, "pages": range(pages)}),
    )


def outcome_report_pdf(report, *, language: str = "ko") -> bytes:
    """One firm's outcome report (figures, patents, evidence list, history) as a PDF; the
    caller fetched `report` through visible_to().with_detail_relations()."""
    return render_pdf(
        "reports/pdf/outcome_report.html",
        {"report": report, "printed_at": timezone.localtime()},
        language=language,
    )
