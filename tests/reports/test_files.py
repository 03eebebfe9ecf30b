"""Report files built in the background by a real django-tasks-db worker, and snapshots."""

import hashlib
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from reports import services
from reports.models import (
    ExportStatus,
    KpiIndicator,
    ReportExport,
    ReportSnapshot,
    SnapshotStatus,
)
from reports.selectors.figures import KpiReport, kpi_report
from reports.selectors.snapshots import snapshot_diff
from tests.reports.factories import report_export, report_snapshot, supported_company


@pytest.fixture
def english(client, settings):
    """Pages in English, so assertions can name the English texts."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# Tests that run the worker commit for real (transaction=True): the worker recycles its
# database connection between tasks, as in production, which a test transaction would not survive.
# serialized_rollback: the indicator rows the migrations made come back after an earlier
# transactional test flushed them.
WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    """Run the project's worker until the queue is empty, as `manage.py db_worker` does."""
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )


def request_file(client, *, year=2022, fmt="pdf", as_of=None):
    data = {"year": year, "format": fmt}
    if as_of:
        data["as_of"] = as_of
    return client.post(reverse("reports:export_create"), data)


@WORKER
def test_a_pdf_is_queued_built_by_the_worker_and_downloaded(
    client, executive, django_capture_on_commit_callbacks
):
    supported_company(name="광주인공지능")
    client.force_login(executive)
    response = request_file(client)
    export = ReportExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == export.get_absolute_url()
    assert export.status == ExportStatus.QUEUED
    assert DBTaskResult.objects.get().status == "READY"
    assert export.task_id == str(DBTaskResult.objects.get().id)

    run_worker()

    export.refresh_from_db()
    assert (export.status, export.progress) == (ExportStatus.DONE, 100)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    download = client.get(reverse("reports:export_download", args=[export.pk]))
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == export.sha256
    assert export.size == len(content)
    assert download["Content-Disposition"] == 'attachment; filename="kpi-2022.pdf"'


@WORKER
def test_the_progress_fragment_polls_until_the_file_is_ready(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    request_file(client, fmt="xlsx")
    export = ReportExport.objects.get()
    url = export.get_absolute_url()
    waiting = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in waiting
    assert "<progress" in waiting
    assert "<html" not in waiting  # only the fragment
    run_worker()
    ready = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in ready
    assert reverse("reports:export_download", args=[export.pk]) in ready


@WORKER
def test_a_failed_build_keeps_the_earlier_file_and_says_so(
    client, english, executive, monkeypatch, django_capture_on_commit_callbacks
):
    earlier = report_export(year=2022, fmt="pdf")
    client.force_login(executive)

    def broken(report, fmt, edition=None):
        raise RuntimeError("the font went missing")

    monkeypatch.setattr(services, "render_report", broken)
    request_file(client)
    run_worker()

    failed = ReportExport.objects.exclude(pk=earlier.pk).get()
    assert failed.status == ExportStatus.FAILED
    assert not failed.file
    assert "earlier files are unchanged" in failed.error
    assert DBTaskResult.objects.get().status == "FAILED"
    page = client.get(failed.get_absolute_url())
    html = page.content.decode()
    assert failed.error in html
    assert reverse("reports:export_download", args=[earlier.pk]) in html
    download = client.get(reverse("reports:export_download", args=[earlier.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test"


def test_a_failed_file_cannot_be_downloaded(client, staff):
    failed = report_export(status="failed")
    client.force_login(staff)
    assert client.get(reverse("reports:export_download", args=[failed.pk])).status_code == 404


def test_a_bad_year_or_format_is_refused_with_a_message(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("reports:export_create"), {"year": 1999, "format": "pdf"}, follow=True
    )
    assert "2020" in response.content.decode()
    client.post(reverse("reports:export_create"), {"year": 2022, "format": "docx"})
    assert not ReportExport.objects.exists()


def submit(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("reports:snapshot_create") + "?year=2022",
            {"year": 2022, "note": "장관 보고용", "approve": "on", **data},
        )


@WORKER
def test_an_executive_submits_a_snapshot_whose_files_freeze_the_figures(
    client, executive, django_capture_on_commit_callbacks
):
    supported_company(name="광주인공지능")
    client.force_login(executive)
    response = submit(client, django_capture_on_commit_callbacks)
    snapshot = ReportSnapshot.objects.get()
    assert response.status_code == 302
    assert (snapshot.year, snapshot.version, snapshot.approved_by) == (2022, 1, executive)
    frozen_indicators = {row["code"]: row for row in snapshot.figures["indicators"]}
    assert frozen_indicators["firms_supported"]["value"] == 1
    assert frozen_indicators["firms_supported"]["name_ko"] == "전문기업 지원"
    assert snapshot.note == "장관 보고용"
    run_worker()
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.READY
    for fmt in ("pdf", "xlsx"):
        with getattr(snapshot, fmt).open("rb") as handle:
            content = handle.read()
        assert hashlib.sha256(content).hexdigest() == getattr(snapshot, f"{fmt}_sha256")
        download = client.get(reverse("reports:snapshot_file", args=[snapshot.pk, fmt]))
        assert b"".join(download.streaming_content) == content
        assert download["Content-Disposition"] == f'attachment; filename="kpi-2022-v1.{fmt}"'

    # The records change afterwards: the live report moves, the snapshot does not.
    supported_company(name="첨단모빌리티")
    assert kpi_report(year=2022).figures["firms_supported"] == 2
    snapshot.refresh_from_db()
    assert snapshot.report.figures["firms_supported"] == 1
    # Re-rendering the frozen figures gives the same numbers as the file made at submission.
    with translation.override("ko"):
        summary = translation.gettext("Summary")
    rerendered = openpyxl.load_workbook(io.BytesIO(services.render_report(snapshot.report, "xlsx")))
    with snapshot.xlsx.open("rb") as handle:
        frozen = openpyxl.load_workbook(handle)
    assert rerendered[summary]["E4"].value == frozen[summary]["E4"].value == 1


def test_the_snapshot_list_shows_what_changed_between_versions(
    client, english, executive, django_capture_on_commit_callbacks
):
    supported_company(name="광주인공지능")
    client.force_login(executive)
    submit(client, django_capture_on_commit_callbacks)
    supported_company(name="첨단모빌리티")
    submit(client, django_capture_on_commit_callbacks, note="추가 선정 반영")
    assert list(ReportSnapshot.objects.values_list("version", flat=True)) == [2, 1]
    page = client.get(reverse("reports:snapshot_list"), {"year": 2022})
    [latest, first] = page.context["snapshots"]
    labels = {change.label: (change.before, change.after) for change in latest.diff.figures}
    assert labels["Firms supported (2022)"] == (1, 2)
    assert latest.diff.companies_added == ["첨단모빌리티"]
    assert first.diff is None
    assert "첨단모빌리티" in page.content.decode()


def test_a_snapshot_frozen_before_the_indicators_were_stored_with_it_still_reads(english):
    """Older snapshots hold two dicts of figures keyed by code; they read back as indicators
    named by today's definitions, and compare with a newer version."""
    snapshot = report_snapshot(status="failed")
    older = {key: value for key, value in snapshot.figures.items() if key != "indicators"}
    older["figures"] = {"firms_supported": 1, "compute_pf": "1.50"}
    older["cumulative"] = {"firms_supported": 3, "compute_pf": "2.25"}
    report = KpiReport.from_json(older)
    assert [(f.code, f.value, f.cumulative) for f in report.indicators] == [
        ("firms_supported", 1, 3),
        ("compute_pf", Decimal("1.50"), Decimal("2.25")),
    ]
    assert report.indicators[0].name == "Firms supported"
    supported_company()
    newer = kpi_report(year=2022).to_json()
    diff = snapshot_diff(newer, older)
    labels = {change.label: (change.before, change.after) for change in diff.figures}
    assert "Firms supported (2022)" not in labels  # 1 then, 1 now
    assert labels["Firms supported (cumulative)"] == (3, 1)
    assert labels["Compute provided (PF) (2022)"] == (Decimal("1.50"), Decimal("0.00"))


def test_a_snapshot_needs_the_approval_tick(client, executive):
    client.force_login(executive)
    response = client.post(reverse("reports:snapshot_create"), {"year": 2022, "note": ""})
    assert response.status_code == 200
    assert "approve" in response.context["form"].errors
    assert not ReportSnapshot.objects.exists()


def test_versions_count_up_per_year():
    from tests.factories import UserFactory
    from users.models import Role

    boss = UserFactory(role=Role.EXECUTIVE)
    first = services.snapshot_submit(year=2022, by=boss)
    second = services.snapshot_submit(year=2022, by=boss)
    other = services.snapshot_submit(year=2021, by=boss)
    assert (first.version, second.version, other.version) == (1, 2, 1)


@WORKER
def test_a_failed_snapshot_can_be_built_again(
    client, executive, monkeypatch, django_capture_on_commit_callbacks
):
    supported_company()
    client.force_login(executive)
    real = services.render_report
    monkeypatch.setattr(services, "render_report", lambda report, fmt, edition=None: 1 / 0)
    submit(client, django_capture_on_commit_callbacks)
    run_worker()
    snapshot = ReportSnapshot.objects.get()
    assert snapshot.status == SnapshotStatus.FAILED
    assert not snapshot.pdf and not snapshot.xlsx
    monkeypatch.setattr(services, "render_report", real)
    client.post(reverse("reports:snapshot_retry", args=[snapshot.pk]))
    run_worker()
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.READY
    assert snapshot.pdf_sha256 and snapshot.xlsx_sha256


@pytest.mark.parametrize("name", ["reports:snapshot_list", "reports:export_list"])
def test_file_lists_queries_do_not_grow(client, staff, name, assert_flat_queries):
    client.force_login(staff)
    report_export()
    report_snapshot(year=2021)

    def grow():
        for version in range(2, 6):
            report_snapshot(year=2021, version=version)
            report_export(year=2020 + version % 3, fmt="xlsx")

    # Expect 14 queries for the file list: session, user, sign-in bookkeeping (9), whether a
    # build has stalled, count, files with who asked for them; 15 for the snapshots, which also
    # fetch the previous versions they are compared with.
    _, response = assert_flat_queries(client, reverse(name), grow)
    assert response.status_code == 200


def test_dashboard_offers_the_years_files(client, executive):
    ready = report_export(year=2022, fmt="xlsx")
    client.force_login(executive)
    html = client.get(reverse("reports:dashboard"), {"year": 2022}).content.decode()
    assert reverse("reports:export_download", args=[ready.pk]) in html
    assert reverse("reports:snapshot_create") + "?year=2022" in html


def test_snapshot_dates_are_the_report_date():
    supported_company(awarded_on=date(2022, 3, 1))
    from tests.factories import UserFactory
    from users.models import Role

    snapshot = services.snapshot_submit(
        year=2022, by=UserFactory(role=Role.EXECUTIVE), today=date(2022, 8, 1)
    )
    assert snapshot.as_of == date(2022, 8, 1)
    assert snapshot.report.as_of == date(2022, 8, 1)


# Report files as of a date: the dashboard's as-of picker, followed by the files built from it.
AS_OF = date(2022, 3, 24)


def workbook(export):
    with export.file.open("rb") as handle:
        return openpyxl.load_workbook(handle)


@WORKER
def test_a_file_as_of_a_date_counts_only_the_records_dated_by_then(
    client, staff, django_capture_on_commit_callbacks
):
    """Firm A awarded on 2022-03-01, firm B on 2022-05-01: the Excel file as of 2022-03-24
    counts A only, the calendar year's (requested as before) both; each is named for what it
    covers."""
    supported_company(name="광주인공지능", awarded_on=date(2022, 3, 1))
    supported_company(name="첨단모빌리티", awarded_on=date(2022, 5, 1))
    client.force_login(staff)
    response = request_file(client, fmt="xlsx", as_of="2022-03-24")
    request_file(client, fmt="xlsx")
    cut, whole = ReportExport.objects.order_by("pk")
    assert response["Location"] == cut.get_absolute_url()
    assert (cut.as_of, whole.as_of) == (AS_OF, None)

    run_worker()

    cut.refresh_from_db()
    whole.refresh_from_db()
    assert (cut.status, whole.status) == (ExportStatus.DONE, ExportStatus.DONE)
    with translation.override("ko"):
        summary = translation.gettext("Summary")
        companies = translation.gettext("Supported companies")
    firms_supported = KpiIndicator.objects.get(code="firms_supported").name_ko
    cut_book, whole_book = workbook(cut), workbook(whole)
    # Row 4: firms supported; E its 2022 figure, G the cumulative one.
    assert cut_book[summary]["A4"].value == whole_book[summary]["A4"].value == firms_supported
    assert (cut_book[summary]["E4"].value, cut_book[summary]["G4"].value) == (1, 1)
    assert (whole_book[summary]["E4"].value, whole_book[summary]["G4"].value) == (2, 2)
    assert "2022-03-24" in cut_book[summary]["E1"].value
    assert [row[0].value for row in cut_book[companies].iter_rows(min_row=2)] == ["광주인공지능"]

    download = client.get(reverse("reports:export_download", args=[cut.pk]))
    assert download["Content-Disposition"] == (
        'attachment; filename="kpi-2022-as-of-2022-03-24.xlsx"'
    )
    download = client.get(reverse("reports:export_download", args=[whole.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="kpi-2022.xlsx"'


@time_machine.travel("2022-06-01 09:00 +09:00")
@pytest.mark.parametrize(
    ("year", "as_of", "message"),
    [
        (2022, "2021-12-31", "The as-of date must be a day of 2022."),
        (2021, "2022-03-24", "The as-of date must be a day of 2021."),
        (2022, "2022-06-02", "The as-of date cannot be a day still to come."),
        (2022, "24.03.2022", "The as-of date must be a date, e.g. 2022-03-24."),
    ],
)
def test_a_file_as_of_a_date_outside_its_year_is_refused_with_a_message(
    client, english, staff, year, as_of, message
):
    client.force_login(staff)
    response = request_file(client, year=year, as_of=as_of)
    assert response["Location"] == reverse("reports:dashboard")
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [message]
    assert not ReportExport.objects.exists()


def test_a_calendar_year_file_is_requested_as_before(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        export = services.report_export_request(year=2022, fmt="pdf", by=staff)
    assert (export.year, export.as_of, export.filename) == (2022, None, "kpi-2022.pdf")
    assert len(callbacks) == 1  # the build is queued on commit


def test_the_dashboard_offers_the_file_matching_the_date_it_shows(client, english, executive):
    whole = report_export(year=2022, fmt="xlsx")
    cut = report_export(year=2022, fmt="xlsx", as_of=AS_OF)
    other_day = report_export(year=2022, fmt="xlsx", as_of=date(2022, 2, 1))
    building = report_export(year=2022, fmt="pdf", as_of=AS_OF, status="running")
    client.force_login(executive)
    url = reverse("reports:dashboard")

    page = client.get(url, {"year": 2022})
    files = {entry["format"]: entry for entry in page.context["files"]}
    assert (files["xlsx"]["ready"], files["xlsx"]["other"]) == (whole, other_day)
    assert (files["pdf"]["latest"], files["pdf"]["ready"]) == (None, None)
    html = page.content.decode()
    assert '<input type="hidden" name="as_of"' not in html
    assert "(calendar year 2022," in html
    assert "Also built, as of 2022-02-01:" in html

    page = client.get(url, {"as_of": "2022-03-24"})
    files = {entry["format"]: entry for entry in page.context["files"]}
    assert (files["xlsx"]["ready"], files["xlsx"]["other"]) == (cut, whole)
    assert (files["pdf"]["latest"], files["pdf"]["ready"]) == (building, None)
    html = page.content.decode()
    assert reverse("reports:export_download", args=[cut.pk]) in html
    assert "kpi-2022-as-of-2022-03-24.xlsx</a>" in html
    assert "(as of 2022-03-24," in html
    assert "Also built, calendar year 2022:" in html
    assert reverse("reports:export_download", args=[other_day.pk]) not in html
    # Both build buttons send the date shown.
    assert html.count('<input type="hidden" name="as_of" value="2022-03-24">') == 2


def test_the_file_pages_say_what_each_file_covers(client, english, staff):
    whole = report_export(year=2022)
    cut = report_export(year=2022, as_of=AS_OF, status="failed")
    client.force_login(staff)
    listing = client.get(reverse("reports:export_list")).content.decode()
    assert "calendar year 2022" in listing
    assert "as of 2022-03-24" in listing
    assert "kpi-2022-as-of-2022-03-24.pdf" in listing
    detail = client.get(cut.get_absolute_url()).content.decode()
    assert "2022 KPI report as of 2022-03-24 (PDF)" in detail
    assert "?year=2022&amp;as_of=2022-03-24" in detail
    # Trying again asks for the same date; the earlier file offered is one of the same date,
    # not the calendar year's.
    assert '<input type="hidden" name="as_of" value="2022-03-24">' in detail
    assert reverse("reports:export_download", args=[whole.pk]) not in detail
    detail = client.get(whole.get_absolute_url()).content.decode()
    assert "Figures for the calendar year 2022." in detail


def test_the_dashboard_as_of_a_date_keeps_its_queries_flat(client, executive, assert_flat_queries):
    client.force_login(executive)
    report_export(year=2022, as_of=AS_OF)

    def grow():
        for day in range(1, 6):
            report_export(year=2022, fmt="xlsx", as_of=date(2022, 3, day))
            report_export(year=2022, status="failed", as_of=AS_OF)
            report_export(year=2022)

    _, response = assert_flat_queries(
        client, reverse("reports:dashboard"), grow, data={"as_of": "2022-03-24"}
    )
    files = {entry["format"]: entry for entry in response.context["files"]}
    assert files["pdf"]["ready"].as_of == AS_OF
    assert files["pdf"]["other"].as_of is None


@WORKER
def test_a_pdf_asked_to_list_every_firm_lists_them_above_the_limit(
    client, english, executive, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Above KPI_PDF_FIRM_LIST_LIMIT the dashboard offers the list; a PDF requested with it
    names every firm, one requested without names none of them."""
    from tests.security.canary import pdf_text

    settings.KPI_PDF_FIRM_LIST_LIMIT = 1
    supported_company(name="광주인공지능")
    supported_company(name="첨단모빌리티")
    client.force_login(executive)
    html = client.get(reverse("reports:dashboard"), {"year": 2022}).content.decode()
    assert html.count('name="firm_list"') == 1  # on the PDF's form only
    assert "List all 2 supported firms (slow)" in html
    client.post(reverse("reports:export_create"), {"year": 2022, "format": "pdf"})
    client.post(reverse("reports:export_create"), {"year": 2022, "format": "pdf", "firm_list": "1"})
    short, listed = ReportExport.objects.order_by("pk")
    assert (short.firm_list, listed.firm_list) == (False, True)

    run_worker()

    texts = []
    for export in (short, listed):
        export.refresh_from_db()
        with export.file.open("rb") as handle:
            texts.append(pdf_text(handle.read(), tmp_path))
    assert "광주인공지능" not in texts[0] and "첨단모빌리티" not in texts[0]
    assert "광주인공지능" in texts[1] and "첨단모빌리티" in texts[1]
    detail = client.get(listed.get_absolute_url()).content.decode()
    assert "The PDF lists every supported company." in detail


def test_the_dashboard_offers_no_firm_list_below_the_limit(client, executive):
    supported_company(name="광주인공지능")
    client.force_login(executive)
    html = client.get(reverse("reports:dashboard"), {"year": 2022}).content.decode()
    assert 'name="firm_list"' not in html
