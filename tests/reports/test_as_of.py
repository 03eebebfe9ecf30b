"""As-of reports: the year to a date and the cumulative figures since the programme started to
that date, with growth stages as on it; each with a small example checked by hand."""

import io
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from companies.models import GrowthStage
from reports.selectors.figures import KpiReport, kpi_report
from tests.factories import StageChangeFactory
from tests.mous.factories import MouFactory
from tests.outcomes.factories import PatentFactory
from tests.reports.factories import supported_company, supported_report
from tests.training.factories import TraineeFactory, TrainingCourseFactory

AS_OF = date(2022, 3, 24)
SEOUL_2023 = "2023-01-10 09:00 +09:00"


@pytest.fixture
def programme():
    """Firm A: awarded 2021-05-01 (₩10M), MOU 2021-06-01, accepted reports for 2021 (3 hires)
    and 2022 (5 hires). Firm B: awarded on the as-of day, 2022-03-24 (₩20M), MOU the same day.
    Firm C: awarded the day after, 2022-03-25 (₩40M), MOU that day."""
    a = supported_company(awarded_on=date(2021, 5, 1), amount_krw=10_000_000)
    MouFactory(company=a, signed_on=date(2021, 6, 1))
    supported_report(company=a, year=2021, accepted=True, new_hires=3)
    supported_report(company=a, year=2022, accepted=True, new_hires=5)
    b = supported_company(awarded_on=AS_OF, amount_krw=20_000_000)
    MouFactory(company=b, signed_on=AS_OF)
    c = supported_company(awarded_on=date(2022, 3, 25), amount_krw=40_000_000)
    MouFactory(company=c, signed_on=date(2022, 3, 25))
    return a, b, c


def columns(report: KpiReport, code: str) -> tuple:
    return report.figures[code], report.cumulative[code]


def test_a_mid_year_date_gives_the_year_to_date_and_the_cumulative_to_date(programme):
    """As of 2022-03-24: 2022 to date has B (₩20M, one MOU); to date since 2020, A and B
    (₩30M, two MOUs). C, the day after, does not count; nor does A's 2022 report, whose
    year had not ended: no hires for 2022 yet, 3 to date."""
    report = kpi_report(as_of=AS_OF)
    assert (report.year, report.as_of, report.cut_on) == (2022, AS_OF, AS_OF)
    assert report.period == (date(2022, 1, 1), AS_OF)
    assert report.cumulative_period == (date(2020, 1, 1), AS_OF)
    assert columns(report, "firms_supported") == (1, 2)
    assert columns(report, "support_krw") == (20_000_000, 30_000_000)
    assert columns(report, "mous_signed") == (1, 2)
    assert columns(report, "survey_new_hires") == (None, 3)
    assert [(row.year, row.firms_supported) for row in report.by_year] == [
        (2020, 0),
        (2021, 1),
        (2022, 1),
    ]


@time_machine.travel(SEOUL_2023)
def test_the_calendar_year_stays_the_default(programme):
    """The same records for the calendar year 2022: A's report, B and C all count."""
    report = kpi_report(year=2022)
    assert (report.as_of, report.cut_on) == (date(2022, 12, 31), None)
    assert columns(report, "firms_supported") == (2, 3)
    assert columns(report, "support_krw") == (60_000_000, 70_000_000)
    assert columns(report, "survey_new_hires") == (5, 8)


def test_an_event_the_day_after_does_not_count(programme):
    """As of 2022-03-25, C's award and MOU count: the cut is inclusive of the day."""
    report = kpi_report(as_of=date(2022, 3, 25))
    assert columns(report, "firms_supported") == (2, 3)
    assert columns(report, "mous_signed") == (2, 3)


def test_an_award_decided_after_the_date_does_not_make_a_firm_supported():
    """D, awarded 2022-03-25, lists a patent filed 2022-02-01 in its accepted 2021 report.
    In the calendar year 2022 the filing counts (D is supported in 2022); as of 2022-03-24
    D was not yet supported, so it does not."""
    d = supported_company(awarded_on=date(2022, 3, 25))
    PatentFactory(report=supported_report(company=d, accepted=True), applied_on=date(2022, 2, 1))
    assert kpi_report(year=2022).figures["patents_filed"] == 1
    # No event and no report counts: no data.
    assert columns(kpi_report(as_of=AS_OF), "patents_filed") == (None, None)
    assert columns(kpi_report(as_of=date(2022, 3, 25)), "patents_filed") == (1, 1)


@time_machine.travel(SEOUL_2023)
def test_a_stage_change_after_the_date_does_not_move_a_firms_stage():
    """E, supported 2022-02-01, early since 2020, growth from 2022-03-25: early as of
    2022-03-24 (in the stage breakdown and the list of firms), growth at the end of 2022."""
    e = supported_company(
        awarded_on=date(2022, 2, 1), stage=GrowthStage.EARLY, stage_on=date(2020, 1, 1)
    )
    StageChangeFactory(company=e, stage=GrowthStage.GROWTH, effective_on=date(2022, 3, 25))

    def stages(report):
        return {row.key: row.firms for row in report.by_stage if row.firms}

    with translation.override("en"):
        as_of = kpi_report(as_of=AS_OF, with_companies=True)
        assert stages(as_of) == {GrowthStage.EARLY: 1}
        assert [row.stage for row in as_of.companies] == ["Early"]
        assert stages(kpi_report(year=2022)) == {GrowthStage.GROWTH: 1}


def test_the_as_of_date_survives_a_snapshots_json(programme):
    """A snapshot freezes the as-of cut with the figures; its periods end on the date."""
    report = KpiReport.from_json(kpi_report(as_of=AS_OF).to_json())
    assert (report.as_of, report.cut_on) == (AS_OF, AS_OF)
    assert report.period == (date(2022, 1, 1), AS_OF)


@time_machine.travel("2022-06-01 09:00 +09:00")
def test_the_command_writes_the_report_as_of_a_date_and_names_it(programme, tmp_path):
    path = tmp_path / "kpi.xlsx"
    out = io.StringIO()
    call_command(
        "kpi_report",
        "--as-of",
        "2022-03-24",
        "--format",
        "xlsx",
        "--language",
        "en",
        "--output",
        str(path),
        stdout=out,
    )
    assert "as of 2022-03-24" in out.getvalue()
    assert path.read_bytes()[:2] == b"PK"


@time_machine.travel("2022-06-01 09:00 +09:00")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2022-06-02"], "day still to come"),
        (["--as-of", "24.03.2022"], "date like 2022-03-24"),
        (["--year", "2022", "--as-of", "2021-12-31"], "before the report year"),
        ([], "Give --year, --as-of or both"),
    ],
)
def test_the_command_refuses_a_date_it_cannot_report(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("kpi_report", *args, stdout=io.StringIO())


@time_machine.travel("2022-06-01 09:00 +09:00")
def test_the_dashboard_shows_the_figures_as_of_a_date(client, executive, programme, english_pages):
    """The as-of picker: 2022 to 2022-03-24 and to date since 2020; the figures' links keep
    the date, and the drill-down lists the firms of the year to date (B, not C)."""
    client.force_login(executive)
    response = client.get(reverse("reports:dashboard"), {"as_of": "2022-03-24"})
    context = response.context
    assert (context["year"], context["as_of_date"], context["report"].cut_on) == (
        2022,
        AS_OF,
        AS_OF,
    )
    assert columns(context["report"], "firms_supported") == (1, 2)
    page = response.content.decode()
    assert "As of 2022-03-24: figures for 2022 to that day" in page
    assert 'value="2022-03-24"' in page
    drilldown = reverse("reports:drilldown", args=["firms_supported"])
    assert f"{drilldown}?year=2022&amp;as_of=2022-03-24" in page
    _, b, _ = programme
    listed = client.get(drilldown, {"year": 2022, "as_of": "2022-03-24"}).context["companies"]
    assert [company.pk for company in listed] == [b.pk]
    # The 2022 cohort to that day: B, first supported on it; not C.
    cohort = reverse("reports:drilldown", args=["cohort_firms"])
    assert f"{cohort}?year=2022&amp;as_of=2022-03-24" in page
    listed = client.get(cohort, {"year": 2022, "as_of": "2022-03-24"}).context["companies"]
    assert [company.pk for company in listed] == [b.pk]


@time_machine.travel("2022-06-01 00:30 +09:00")
@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        # Seoul's day, though it is still 31 May in UTC.
        ("2022-06-01", date(2022, 6, 1)),
        ("2022-06-02", None),
        ("2019-12-31", None),
        ("24.03.2022", None),
        ("", None),
    ],
)
def test_the_dashboard_takes_no_day_to_come(client, staff, as_of, shown):
    """A day still to come in Seoul, before the programme or not a date: the calendar year."""
    client.force_login(staff)
    context = client.get(reverse("reports:dashboard"), {"as_of": as_of}).context
    assert context["as_of_date"] == shown
    assert context["report"].cut_on == shown


@time_machine.travel("2022-06-01 09:00 +09:00")
def test_the_dashboard_as_of_a_date_keeps_its_queries_flat(client, executive, assert_flat_queries):
    client.force_login(executive)
    supported_company(stage=GrowthStage.EARLY, awarded_on=date(2022, 2, 1))

    def grow():
        for index in range(12):
            supported_company(stage=GrowthStage.GROWTH, awarded_on=date(2021 + index % 2, 3, 1))

    # Expect the calendar year's queries (see test_dashboard.py): session, user, sign-in
    # bookkeeping, the indicators, their figures to date (one per family, for the year and
    # since 2020), the by-year and breakdown queries, stages, cohorts and the report files.
    first, _ = assert_flat_queries(
        client, reverse("reports:dashboard"), grow, data={"as_of": "2022-03-24"}
    )
    assert first.context["report"].cut_on == AS_OF


@time_machine.travel("2022-06-01 09:00 +09:00")
def test_the_indicator_page_reads_the_as_of_date(client, staff, programme, english_pages):
    client.force_login(staff)
    url = reverse("reports:indicator_detail", args=["support_krw"])
    response = client.get(url, {"year": 2022, "as_of": "2022-03-24"})
    figure = response.context["figure"]
    assert (figure.value, figure.cumulative) == (20_000_000, 30_000_000)
    assert "As of 2022-03-24: the year and the cumulative figure to that day" in (
        response.content.decode()
    )


@time_machine.travel("2022-06-01 09:00 +09:00")
def test_the_pdf_cover_and_running_head_name_the_as_of_date(programme, tmp_path):
    """English PDF: the cover's title, periods and the page heads say 2022-03-24."""
    from tests.reports.test_exports import pdf_text

    path = tmp_path / "kpi.pdf"
    call_command(
        "kpi_report",
        "--as-of=2022-03-24",
        "--language=en",
        f"--output={path}",
        stdout=io.StringIO(),
    )
    text = " ".join(pdf_text(path).split())
    assert "KPI report 2022 as of 2022-03-24" in text
    assert "2022-01-01 to 2022-03-24" in text
    assert "2020-01-01 to 2022-03-24" in text
    # The running head of the pages after the cover repeats the title with the date (its
    # hyphens escaped for CSS, not printed as escapes).
    assert "KPI report 2022 as of 2022-03-24 · Working copy" in text
    assert "u002D" not in text


def test_the_workbook_headers_name_the_as_of_date(programme):
    import openpyxl

    from reports.exporters.excel import kpi_workbook

    with translation.override("en"):
        content = kpi_workbook(kpi_report(as_of=AS_OF))
    book = openpyxl.load_workbook(io.BytesIO(content))
    headers = [cell.value for cell in next(book["Summary"].iter_rows(max_row=1))]
    assert "2022 to 2022-03-24" in headers
    assert "Cumulative 2020 to 2022-03-24" in headers
    facts = {row[0]: row[1] for row in book["Report"].iter_rows(min_row=2, values_only=True)}
    assert facts["Report period"] == "2022-01-01 to 2022-03-24"


@time_machine.travel("2022-06-01 09:00 +09:00")
def test_a_snapshot_as_of_a_date_records_it_and_freezes_the_cut_figures(programme, executive):
    from reports import services

    snapshot = services.snapshot_submit(year=2022, by=executive, as_of=AS_OF)
    assert snapshot.as_of == AS_OF
    frozen = KpiReport.from_json(snapshot.figures)
    assert frozen.cut_on == AS_OF
    assert columns(frozen, "firms_supported") == (1, 2)


@time_machine.travel("2022-06-01 09:00 +09:00")
@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        (date(2021, 12, 31), "The as-of date must be a day of 2022."),
        (date(2022, 6, 2), "The as-of date cannot be a day still to come."),
    ],
)
def test_a_snapshot_refuses_an_as_of_date_it_cannot_report(executive, as_of, message):
    from django.core.exceptions import ValidationError

    from reports import services
    from reports.models import ReportSnapshot

    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.snapshot_submit(year=2022, by=executive, as_of=as_of)
    assert error.value.messages == [message]
    assert not ReportSnapshot.objects.exists()


@time_machine.travel("2022-06-01 09:00 +09:00")
def test_an_executive_submits_the_report_as_of_the_dashboards_date(
    client, executive, programme, english_pages
):
    from reports.models import ReportSnapshot

    client.force_login(executive)
    url = reverse("reports:snapshot_create")
    page = client.get(url, {"year": 2022, "as_of": "2022-03-24"})
    assert "Submit the 2022 KPI report as of 2022-03-24" in page.content.decode()
    assert page.context["report"].cut_on == AS_OF
    response = client.post(url, {"year": 2022, "as_of": "2022-03-24", "note": "", "approve": "on"})
    snapshot = ReportSnapshot.objects.get()
    assert response.status_code == 302
    assert (snapshot.as_of, snapshot.figures["cut_on"]) == (AS_OF, "2022-03-24")


def test_every_family_leaves_out_what_is_dated_after_the_cut():
    """Every record dated the day after 2022-03-24: an award, an MOU, a relocation, a patent
    filed and one registered, and an accepted 2022 report (its year not over). As of
    2022-03-24 each indicator reads no data or 0; as of the year's end they count."""
    from reports.indicators import REGISTRY
    from reports.selectors.figures import kpi_figures
    from tests.mous.factories import RelocationFactory

    day_after = date(2022, 3, 25)
    firm = supported_company(awarded_on=day_after)
    MouFactory(company=firm, signed_on=day_after)
    RelocationFactory(company=firm, moved_on=day_after)
    report = supported_report(company=firm, year=2022, accepted=True, new_hires=4)
    PatentFactory(report=report, applied_on=day_after)
    PatentFactory(
        report=report,
        applied_on=day_after,
        status="registered",
        registered_on=day_after,
        registration_number="1023456780000",
    )
    course = TrainingCourseFactory(year=2022, starts_on=date(2022, 3, 2), ends_on=day_after)
    TraineeFactory.create_batch(3, course=course)
    before = kpi_figures(start=date(2020, 1, 1), end=AS_OF)
    # A course counts on its last day; the compute ledger's allocations by their own dates.
    assert {code: before[code] for code in REGISTRY if before[code] not in (None, 0)} == {}
    after = kpi_figures(start=date(2020, 1, 1), end=date(2022, 12, 31))
    counted = ("firms_supported", "mous_signed", "firms_attracted", "survey_new_hires")
    assert [after[code] for code in counted] == [1, 1, 1, 4]
    assert after["people_trained"] == 3
    assert (after["patents_filed"], after["patents_registered"]) == (2, 1)
