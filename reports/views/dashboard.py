from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from companies.models import GrowthStage, Industry
from core.views import FilteredListMixin
from reports.cache import cached_kpi_report
from reports.charts import report_charts
from reports.filters import DrilldownFilter
from reports.indicators import REGISTRY
from reports.models import ExportStatus, ReportExport, ReportFormat
from reports.selectors.drilldown import drilldown_companies, drilldown_label, drilldowns
from reports.selectors.sources import PROGRAMME_START_YEAR, report_date
from users.permissions import (
    EXECUTIVE_ONLY,
    STAFF_AND_EXECUTIVE,
    STAFF_ONLY,
    RoleRequiredMixin,
    has_role,
)

FIRST_YEAR = PROGRAMME_START_YEAR


def default_year() -> int:
    """The last complete calendar year in Asia/Seoul (the running one in the programme's first
    year, which has no complete year before it)."""
    return max(timezone.localdate().year - 1, FIRST_YEAR)


def chosen_year(request) -> int:
    """`?year=` if it is a programme year up to the running one, else the last complete year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default_year()
    return year if FIRST_YEAR <= year <= timezone.localdate().year else default_year()


def chosen_as_of(request) -> date | None:
    """`?as_of=` if it is a day from the programme's start to today in Seoul (an as-of report),
    else None (the calendar year)."""
    try:
        as_of = date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return None
    return as_of if date(FIRST_YEAR, 1, 1) <= as_of <= timezone.localdate() else None


def as_of_context(request) -> dict:
    """The report year and the as-of date a report screen shows, and the query string that
    keeps the as-of date on its links (empty for a calendar year)."""
    as_of = chosen_as_of(request)
    return {
        "year": as_of.year if as_of else chosen_year(request),
        "as_of_date": as_of,
        "as_of_query": "&" + urlencode({"as_of": as_of.isoformat()}) if as_of else "",
    }


def year_choices() -> list[int]:
    """The programme's years, newest first, up to the running year: none to come."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


class DashboardView(RoleRequiredMixin, TemplateView):
    """The executive dashboard: KPI cards for a year and cumulative, charts, drill-down, and
    the report files of the year."""

    allowed_roles = STAFF_AND_EXECUTIVE
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        chosen = as_of_context(self.request)
        year, as_of = chosen["year"], chosen["as_of_date"]
        report = cached_kpi_report(year=year, as_of=as_of)
        today = timezone.localdate()
        running_year = today.year
        return super().get_context_data(
            **chosen,
            today=today,
            years=year_choices(),
            # The running year's figures are partial (집계 중); it is one click away. An as-of
            # report is what the records said on its date.
            running_year=running_year,
            is_partial=year == running_year and as_of is None,
            report=report,
            charts=report_charts(report),
            first_year=FIRST_YEAR,
            files=latest_files(user=self.request.user, year=year, as_of=as_of),
            firms_beyond_pdf_list=firms_beyond_pdf_list(report),
            is_executive=has_role(self.request.user, EXECUTIVE_ONLY),
            is_staff=has_role(self.request.user, STAFF_ONLY),
            **kwargs,
        )


def firms_beyond_pdf_list(report) -> int | None:
    """The number of firms supported in the year when the PDF would not list them by default
    (more than KPI_PDF_FIRM_LIST_LIMIT): the dashboard then offers a PDF that lists them."""
    firms = report.figures.get("firms_supported") or 0
    return firms if firms > settings.KPI_PDF_FIRM_LIST_LIMIT else None


def latest_files(*, user, year: int, as_of: date | None = None) -> list[dict]:
    """For each format, the newest request and the newest ready file of `year` as shown (the
    calendar year, or as of `as_of`), and the newest ready file of the other kind: the newest
    as-of file beside the calendar year's, the calendar year's beside an as-of one. One query,
    the files as shown first."""
    files = {
        fmt: {"format": fmt, "label": label, "latest": None, "ready": None, "other": None}
        for fmt, label in ReportFormat.choices
    }
    shown = Q(as_of=as_of) if as_of else Q(as_of__isnull=True)
    exports = (
        ReportExport.objects.visible_to(user)
        .filter(year=year)
        .annotate(shown=Case(When(shown, then=Value(1)), default=Value(0)))
        .order_by("-shown", "-created_at", "-pk")
    )
    for export in exports[:20]:
        entry = files[export.format]
        if export.shown:
            entry["latest"] = entry["latest"] or export
            if entry["ready"] is None and export.status == ExportStatus.DONE:
                entry["ready"] = export
        elif (
            entry["other"] is None
            and export.status == ExportStatus.DONE
            and (as_of is None or export.as_of is None)
        ):
            entry["other"] = export
    return list(files.values())


class DrilldownView(FilteredListMixin, ListView):
    """The companies behind one dashboard number, paginated, through visible_to."""

    filterset_class = DrilldownFilter
    template_name = "reports/drilldown.html"
    context_object_name = "companies"

    def base_queryset(self):
        code = self.kwargs["code"]
        if code not in drilldowns():
            raise Http404
        self.chosen = as_of_context(self.request)
        self.year = self.chosen["year"]
        params = self.request.GET
        self.cumulative = params.get("cumulative") == "1"
        return drilldown_companies(
            user=self.request.user,
            code=code,
            year=self.year,
            cumulative=self.cumulative,
            as_of=self.chosen["as_of_date"],
            stage=params.get("stage") or None,
            industry=params.get("industry") or None,
            program=params.get("program") or None,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stages = dict(GrowthStage.choices)
        for company in context["companies"]:
            company.stage_at_label = stages.get(company.stage_at, "-")
        params = self.request.GET
        narrowed_by = [
            str(stages.get(params.get("stage"), "")),
            str(dict(Industry.choices).get(params.get("industry"), "")),
            params.get("program", ""),
        ]
        context.update(
            narrowed_by=[part for part in narrowed_by if part],
            as_of=self.chosen["as_of_date"] or report_date(self.year),
            as_of_query=self.chosen["as_of_query"],
            indicator=drilldown_label(self.kwargs["code"]),
            # The indicator's own page, for a number that is an indicator's (not a cohort's).
            indicator_code=self.kwargs["code"] if self.kwargs["code"] in REGISTRY else None,
            year=self.year,
            cumulative=self.cumulative,
            first_year=FIRST_YEAR,
        )
        return context
