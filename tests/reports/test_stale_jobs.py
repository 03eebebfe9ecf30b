"""Report files and snapshots whose worker died: the heartbeat their builders record, the sweep
that fails them (on their pages and lists, and by `manage.py fail_stale_tasks`), the retry."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.jobs import job_fail_stale
from core.models import ImportJob, ImportStatus
from reports import services
from reports.models import ExportStatus, ReportExport, ReportSnapshot, SnapshotStatus
from tests.factories import UserFactory
from tests.pages import page
from tests.reports.factories import report_export, report_snapshot
from users.models import Role

pytestmark = pytest.mark.usefixtures("english_pages")

EXPORT_STALE = (
    "The file was not built: the task worker showed no progress for 10 minutes and has "
    "probably stopped. The earlier files are unchanged; try again."
)
SNAPSHOT_STALE = (
    "The files were not built: the task worker showed no progress for 10 minutes and has "
    "probably stopped. The figures are saved; try again."
)


@pytest.fixture(autouse=True)
def _ten_minutes(settings):
    settings.TASK_STALE_SECONDS = 600


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def stale_export(*, minutes=11, status=ExportStatus.RUNNING, **kwargs):
    export = report_export(status=status, **kwargs)
    ReportExport.objects.filter(pk=export.pk).update(heartbeat_at=ago(minutes=minutes))
    return export


def test_a_running_export_without_progress_is_failed_on_its_page_with_a_retry(client, staff):
    earlier = report_export(year=2022, fmt="pdf")
    export = stale_export(year=2022, fmt="pdf")
    client.force_login(staff)
    html = page(client.get(export.get_absolute_url()))
    export.refresh_from_db()
    assert (export.status, export.error) == (ExportStatus.FAILED, EXPORT_STALE)
    assert export.finished_at is not None
    assert EXPORT_STALE in html
    assert "hx-trigger" not in html
    assert reverse("reports:export_create") in html  # "Try again"
    assert reverse("reports:export_download", args=[earlier.pk]) in html


def test_a_queued_export_no_worker_took_is_failed_too(client, staff):
    export = stale_export(status=ExportStatus.QUEUED, minutes=30)
    client.force_login(staff)
    client.get(reverse("reports:export_list"))
    assert ReportExport.objects.get(pk=export.pk).status == ExportStatus.FAILED


def test_an_export_with_recent_progress_is_left_alone(client, staff):
    export = stale_export(minutes=9)
    client.force_login(staff)
    assert client.get(export.get_absolute_url()).status_code == 200
    assert ReportExport.objects.get(pk=export.pk).status == ExportStatus.RUNNING


def test_an_export_from_before_heartbeats_counts_from_its_last_change(staff):
    export = report_export(status=ExportStatus.RUNNING)
    ReportExport.objects.filter(pk=export.pk).update(heartbeat_at=None, updated_at=ago(hours=1))
    assert job_fail_stale(ReportExport) == 1


def test_the_stale_reason_says_seconds_when_the_setting_is_not_whole_minutes(settings):
    settings.TASK_STALE_SECONDS = 90
    export = stale_export(minutes=2)
    job_fail_stale(ReportExport)
    export.refresh_from_db()
    assert "no progress for 90 seconds" in export.error


def test_the_sweep_fails_the_queues_record_of_the_task_too(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export_create"), {"year": 2022, "format": "pdf"})
    export = ReportExport.objects.get()
    ReportExport.objects.filter(pk=export.pk).update(heartbeat_at=ago(minutes=11))
    client.get(export.get_absolute_url())
    task = DBTaskResult.objects.get(id=export.task_id)
    assert (task.status, task.traceback) == ("FAILED", EXPORT_STALE)
    assert task.exception_class_path == "core.jobs.JobAbandoned"
    # A worker that comes along later finds nothing to run, and a late builder does nothing.
    assert not DBTaskResult.objects.ready().exists()
    assert services.report_export_build(export_id=export.pk).status == ExportStatus.FAILED


def test_the_builder_records_a_heartbeat_with_each_step(monkeypatch, staff):
    export = ReportExport.objects.create(year=2022, format="pdf", requested_by=staff)
    seen = []

    def render(report, fmt, edition=None, **options):
        row = ReportExport.objects.get(pk=export.pk)
        seen.append((row.status, row.progress, row.heartbeat_at is not None))
        return b"%PDF-1.7 test"

    monkeypatch.setattr(services, "render_report", render)
    built = services.report_export_build(export_id=export.pk)
    assert seen == [(ExportStatus.RUNNING, 40, True)]
    assert (built.status, built.progress) == (ExportStatus.DONE, 100)
    assert built.heartbeat_at >= built.started_at


def test_a_builder_given_up_on_meanwhile_stops_and_keeps_no_file(monkeypatch, settings, staff):
    export = ReportExport.objects.create(year=2022, format="pdf", requested_by=staff)

    class SweptWhileSaving(ContentFile):
        def chunks(self, chunk_size=None):
            # Meanwhile the sweep decided the worker was dead.
            ReportExport.objects.filter(pk=export.pk).update(
                status=ExportStatus.FAILED, error=EXPORT_STALE
            )
            yield from super().chunks(chunk_size)

    monkeypatch.setattr(services, "render_report", lambda *args, **options: b"%PDF-1.7 test")
    monkeypatch.setattr(services, "ContentFile", SweptWhileSaving)
    export = services.report_export_build(export_id=export.pk)
    assert (export.status, export.error, export.file.name) == (
        ExportStatus.FAILED,
        EXPORT_STALE,
        "",
    )
    assert list((settings.MEDIA_ROOT / "private" / "reports").iterdir()) == []


# --- snapshots ------------------------------------------------------------------------------


def stale_snapshot(**kwargs):
    snapshot = report_snapshot(status=SnapshotStatus.GENERATING, **kwargs)
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(heartbeat_at=ago(minutes=11))
    return snapshot


def test_a_snapshot_whose_files_were_never_built_is_failed_on_the_list_with_a_retry(
    client, executive, django_capture_on_commit_callbacks
):
    snapshot = stale_snapshot(year=2021)
    client.force_login(executive)
    html = page(client.get(reverse("reports:snapshot_list")))
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.error) == (SnapshotStatus.FAILED, SNAPSHOT_STALE)
    assert SNAPSHOT_STALE in html
    assert reverse("reports:snapshot_retry", args=[snapshot.pk]) in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:snapshot_retry", args=[snapshot.pk]))
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.attempt, snapshot.error) == (
        SnapshotStatus.GENERATING,
        2,
        "",
    )
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [snapshot.pk, 2]
    assert snapshot.task_id == str(task.id)
    built = services.snapshot_build_files(snapshot_id=snapshot.pk, attempt=2)
    assert built.status == SnapshotStatus.READY
    assert built.pdf_sha256 and built.xlsx_sha256


def test_a_stuck_snapshot_can_be_retried_straight_away(client, executive):
    """The retry sweeps first, so it needs no page view before it."""
    snapshot = stale_snapshot()
    client.force_login(executive)
    client.post(reverse("reports:snapshot_retry", args=[snapshot.pk]))
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.attempt) == (SnapshotStatus.GENERATING, 2)


def test_a_snapshot_being_built_cannot_be_retried(client, executive):
    snapshot = report_snapshot(status=SnapshotStatus.GENERATING)
    client.force_login(executive)
    response = client.post(reverse("reports:snapshot_retry", args=[snapshot.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Only a snapshot whose files failed can be retried."
    ]
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.attempt) == (SnapshotStatus.GENERATING, 1)


def test_an_earlier_try_of_a_snapshot_does_not_build_over_the_current_one(staff):
    snapshot = report_snapshot(status=SnapshotStatus.GENERATING)
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(attempt=2)
    assert services.snapshot_build_files(snapshot_id=snapshot.pk, attempt=1).pdf_sha256 == ""
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.GENERATING
    ready = services.snapshot_build_files(snapshot_id=snapshot.pk, attempt=2)
    assert ready.status == SnapshotStatus.READY


def test_a_snapshot_task_queued_before_attempts_builds_the_current_try(staff):
    snapshot = report_snapshot(status=SnapshotStatus.GENERATING)
    assert services.snapshot_build_files(snapshot_id=snapshot.pk).status == SnapshotStatus.READY


# --- the command ----------------------------------------------------------------------------


def test_fail_stale_tasks_sweeps_every_kind_of_work(settings):
    stale_export()
    stale_export(minutes=2)
    stale_snapshot()
    ImportJob.objects.create(
        importer="companies.views.imports.IMPORTER",
        filename="기업목록.csv",
        status=ImportStatus.IMPORTING,
        requested_by=UserFactory(role=Role.STAFF),
        heartbeat_at=ago(minutes=20),
    )
    out = StringIO()
    call_command("fail_stale_tasks", stdout=out)
    assert out.getvalue().splitlines() == [
        "core.ImportJob: 1 failed",
        "reports.ReportExport: 1 failed",
        "reports.ReportSnapshot: 1 failed",
        "3 stale of 3 kinds of work (no progress for 600 s)",
    ]
    assert ReportExport.objects.filter(status=ExportStatus.RUNNING).count() == 1
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    out = StringIO()
    call_command("fail_stale_tasks", stdout=out)
    assert out.getvalue() == "0 stale of 3 kinds of work (no progress for 600 s)\n"


def test_the_lists_sweep_in_a_fixed_number_of_queries(client, staff, assert_flat_queries):
    """Expect the sweep's one existence check per list, whatever the number of rows."""
    client.force_login(staff)
    report_export()

    def grow():
        for _n in range(5):
            report_export(status=ExportStatus.RUNNING)

    first, last = assert_flat_queries(client, reverse("reports:export_list"), grow)
    assert last.status_code == 200
