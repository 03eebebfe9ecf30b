"""Write the KPI report of a year as PDF or Excel: the same file the dashboard downloads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from reports.selectors.figures import kpi_report
from reports.selectors.sources import PROGRAMME_START_YEAR


class Command(BaseCommand):
    help = "Write the KPI report of a year as PDF or Excel (kpi_report --year 2022 --format pdf)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("--output", help="File to write (default kpi-<year>.<format>).")
        parser.add_argument("--language", default="ko")

    def handle(self, *args, year, format, output, language, **options):
        if year < PROGRAMME_START_YEAR or year > 2100:
            raise CommandError(f"--year must be between {PROGRAMME_START_YEAR} and 2100.")
        report = kpi_report(year=year, with_companies=True)
        # WeasyPrint or pandas, only the one the format needs.
        if format == "pdf":
            from reports.exporters.pdf import kpi_pdf

            content = kpi_pdf(report, language=language)
        else:
            from reports.exporters.excel import kpi_workbook

            with translation.override(language):
                content = kpi_workbook(report)
        path = Path(output or f"kpi-{year}.{format}")
        path.write_bytes(content)
        with translation.override(language):
            self.stdout.write(
                _("Wrote %(path)s (%(size)s bytes).") % {"path": path, "size": len(content)}
            )
