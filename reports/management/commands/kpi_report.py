"""Write the KPI report of a year, or as of a date, as PDF or Excel: the same file the
dashboard downloads."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.selectors.figures import kpi_report
from reports.selectors.sources import PROGRAMME_START_YEAR


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date like 2022-03-24, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Write the KPI report of a year, or as of a date, as PDF or Excel "
        "(kpi_report --year 2022 --format pdf; kpi_report --as-of 2022-03-24)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Report year (default: the as-of date's).")
        parser.add_argument(
            "--as-of",
            type=_date,
            dest="as_of",
            help="Count what was dated by this day (YYYY-MM-DD): the year to date and the "
            "cumulative figures since the programme started to date, stages as on the day.",
        )
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument(
            "--output", help="File to write (default kpi-<year>.<format>, kpi-<date>.<format>)."
        )
        parser.add_argument("--language", default="ko")
        parser.add_argument(
            "--firm-list",
            action="store_true",
            dest="firm_list",
            help="List every supported company in the PDF's annex, however many (by default "
            "above KPI_PDF_FIRM_LIST_LIMIT the annex names the Excel sheet that lists them).",
        )

    def handle(self, *args, year, as_of, format, output, language, firm_list, **options):
        if year is None and as_of is None:
            raise CommandError("Give --year, --as-of or both.")
        year = year if year is not None else as_of.year
        if year < PROGRAMME_START_YEAR or year > 2100:
            raise CommandError(f"--year must be between {PROGRAMME_START_YEAR} and 2100.")
        if as_of is not None:
            if as_of > timezone.localdate():
                raise CommandError("--as-of cannot be a day still to come (in Seoul).")
            if as_of < date(year, 1, 1):
                raise CommandError("--as-of cannot be before the report year.")
        report = kpi_report(year=year, as_of=as_of, with_companies=True)
        # WeasyPrint or pandas, only the one the format needs.
        if format == "pdf":
            from reports.exporters.pdf import kpi_pdf

            content = kpi_pdf(report, language=language, firm_list=firm_list or None)
        else:
            from reports.exporters.excel import kpi_workbook

            with translation.override(language):
                content = kpi_workbook(report)
        name = report.as_of.isoformat() if report.cut_on else str(year)
        path = Path(output or f"kpi-{name}.{format}")
        path.write_bytes(content)
        facts = {"path": path, "size": len(content), "date": report.as_of.isoformat()}
        with translation.override(language):
            if report.cut_on:
                message = _("Wrote %(path)s (%(size)s bytes), figures as of %(date)s.") % facts
            else:
                message = _("Wrote %(path)s (%(size)s bytes).") % facts
            self.stdout.write(message)
