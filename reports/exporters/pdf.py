"""PDF exports rendered with WeasyPrint from reports/pdf/<name>.html.

Korean must render on a machine without a Korean system font, so the template names the
project's own font in @font-face: Pretendard GOV, which KRDS ships and scripts/vendor_static.py
copies into static/vendor/krds/fonts/. Its "subset" files still hold 2,780 Hangul syllables,
every syllable of KS X 1001 and more, which covers company names in practice.
"""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from reports.charts import report_charts
from reports.selectors.figures import KpiReport

FONT_FAMILY = "Pretendard GOV"
FONT_FILES = {
    400: "vendor/krds/fonts/PretendardGOV-Regular.subset.woff",
    700: "vendor/krds/fonts/PretendardGOV-Bold.subset.woff",
}


def font_faces() -> list[dict]:
    """The @font-face sources as file URIs, found through the static files finders."""
    faces = []
    for weight, name in FONT_FILES.items():
        path = finders.find(name)
        if not path:
            raise ImproperlyConfigured(
                f"{name} is missing: run `make vendor` (scripts/vendor_static.py) first."
            )
        faces.append({"weight": weight, "url": Path(path).resolve().as_uri()})
    return faces


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


def kpi_pdf(report: KpiReport, *, language: str = "ko") -> bytes:
    """The ministry KPI report for `report.year`: title page, summary, charts, tables, companies."""
    with translation.override(language):
        charts = report_charts(report, links=False)
    return render_pdf(
        "reports/pdf/kpi.html", {"report": report, "charts": charts}, language=language
    )


def outcome_report_pdf(report, *, language: str = "ko") -> bytes:
    """One firm's outcome report (figures, patents, evidence list, history) as a PDF; the
    caller fetched `report` through visible_to().with_detail_relations()."""
    return render_pdf(
        "reports/pdf/outcome_report.html",
        {"report": report, "printed_at": timezone.localtime()},
        language=language,
    )
