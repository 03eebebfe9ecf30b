"""Large imports (more rows than IMPORT_INLINE_MAX_ROWS): the task worker checks the file, the
uploader confirms on the job's page, the worker writes every row or none. Shown through the
company import; the compute usage import uses the same framework (tests/compute)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from companies.imports import companies_import
from companies.models import Company
from companies.views.imports import IMPORTER
from core.imports import MAX_PENDING_IMPORTS, import_job_check, import_job_write
from core.models import ImportJob, ImportStatus
from tests.companies.import_files import IMPORT, csv_upload, number, row
from tests.factories import CompanyFactory, UserFactory
from tests.pages import messages_of, page
from users.models import Role

pytestmark = pytest.mark.usefixtures("english_pages")

# Tests that run the worker commit for real (transaction=True): the worker recycles its
# database connection between tasks, which a test transaction would not survive.
WORKER = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _small_inline_limit(settings):
    """Files of more than two rows go to the worker."""
    settings.IMPORT_INLINE_MAX_ROWS = 2


def run_worker():
    """Run the worker until the queue is empty, as `manage.py db_worker` does."""
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )


def upload(client, rows, **kwargs):
    return client.post(IMPORT, {"file": csv_upload(rows, **kwargs)})


def stored(job) -> bool:
    return IMPORTER.storage().exists(job.stored_name) if job.stored_name else False


@WORKER
def test_a_large_file_is_checked_confirmed_and_imported_by_the_worker(client, staff):
    client.force_login(staff)
    response = upload(client, [row(1), row(2), row(3)], name="기업목록.csv")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url() == f"/companies/import/jobs/{job.pk}/"
    assert (job.status, job.row_count, job.filename) == (ImportStatus.QUEUED, 3, "기업목록.csv")
    assert job.task_id == str(DBTaskResult.objects.get().id)
    assert stored(job)
    name = job.stored_name
    assert "3 rows in the file." in page(client.get(job.get_absolute_url()))

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.row_count, job.progress) == (ImportStatus.CHECKED, 3, 100)
    assert not Company.objects.exists()
    html = page(client.get(job.get_absolute_url()))
    assert "3 rows are ready and the file has no errors." in html
    assert "Import 3 rows" in html
    assert "hx-trigger" not in html  # nothing to wait for: the user decides

    response = client.post(job.get_absolute_url(), {"action": "confirm"})
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ImportStatus.CONFIRMED and job.confirmed_at
    assert 'hx-trigger="every 2s"' in page(client.get(job.get_absolute_url()))

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.row_count, job.stored_name) == (ImportStatus.DONE, 3, "")
    assert sorted(Company.objects.values_list("name", flat=True)) == [
        "빛고을에이아이1",
        "빛고을에이아이2",
        "빛고을에이아이3",
    ]
    html = page(client.get(job.get_absolute_url()))
    assert "3 rows were imported." in html
    assert reverse("companies:list") in html
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert not IMPORTER.storage().exists(name)


def test_a_file_at_the_limit_is_still_checked_in_the_request(client, staff):
    client.force_login(staff)
    response = upload(client, [row(1), row(2)])
    assert response.status_code == 200
    assert response.context["token"]
    assert len(response.context["result"].rows) == 2
    assert not ImportJob.objects.exists()


@WORKER
def test_a_large_file_with_errors_lists_them_and_saves_nothing(client, staff):
    client.force_login(staff)
    upload(client, [row(1), row(2, 사업자등록번호="123"), row(3, 광주소재="아마도")])
    name = ImportJob.objects.get().stored_name
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.error == "Nothing was saved. Fix the errors in the file and upload it again."
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "사업자등록번호"), (4, "광주소재")]
    assert job.error_count == 2 and job.stored_name == ""
    html = page(client.get(job.get_absolute_url()))
    assert "Write Y or N." in html
    assert "hx-trigger" not in html
    assert 'name="action" value="retry"' not in html  # a wrong file is uploaded again
    assert reverse("companies:import") in html
    assert not Company.objects.exists()
    assert not IMPORTER.storage().exists(name)


@WORKER
def test_rows_registered_between_the_check_and_the_write_leave_nothing_imported(client, staff):
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)])
    run_worker()
    job = ImportJob.objects.get()
    client.post(job.get_absolute_url(), {"action": "confirm"})
    CompanyFactory(business_number=number(2))
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert (
        job.error == "Nothing was imported: these rows are no longer valid. Upload the file again."
    )
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "사업자등록번호")]
    assert Company.objects.count() == 1
    assert job.stored_name == ""


def test_confirming_twice_queues_one_write(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(job.get_absolute_url(), {"action": "confirm"})
        response = client.post(job.get_absolute_url(), {"action": "confirm"}, follow=True)
    assert len(callbacks) == 1
    assert messages_of(response) == ["This import is no longer waiting for confirmation."]
    assert DBTaskResult.objects.filter(task_path="core.tasks.write_import").count() == 1


def test_an_unknown_action_is_a_bad_request(client, staff):
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)])
    job = ImportJob.objects.get()
    assert client.post(job.get_absolute_url(), {"action": "delete"}).status_code == 400


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("firm_user", 403),
        ("mentor", 403),
        ("executive", 403),
        ("another_staff", 404),
        ("staff", 200),
    ],
)
def test_import_job_page_access(client, request, staff, who, status):
    """Only the uploader sees the job, as only the uploader's session holds a dry run's token."""
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)])
    job = ImportJob.objects.get()
    client.logout()
    if who == "another_staff":
        client.force_login(UserFactory(role=Role.STAFF))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(job.get_absolute_url()).status_code == status
    if status != 200:
        assert client.post(job.get_absolute_url(), {"action": "confirm"}).status_code == status
        assert ImportJob.objects.get().status == ImportStatus.QUEUED


def test_a_company_job_is_not_found_at_the_compute_address(client, staff):
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)])
    job = ImportJob.objects.get()
    url = reverse("compute:usage_import_job", args=[job.pk])
    assert client.get(url).status_code == 404


def test_the_status_fragment_alone_answers_htmx(client, staff):
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)])
    job = ImportJob.objects.get()
    fragment = page(client.get(job.get_absolute_url(), headers={"HX-Request": "true"}))
    assert 'hx-trigger="every 2s"' in fragment
    assert "<progress" in fragment
    assert "<html" not in fragment


# --- workers that die -----------------------------------------------------------------------


def test_a_check_whose_worker_stopped_is_failed_on_its_page_and_can_be_retried(
    client, staff, settings, django_capture_on_commit_callbacks
):
    settings.TASK_STALE_SECONDS = 120
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, [row(1), row(2), row(3)])
    job = ImportJob.objects.get()
    task = DBTaskResult.objects.get()
    # A worker took it, then died: the task stays "running", the job "checking", no heartbeat.
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKING, heartbeat_at=timezone.now() - timedelta(seconds=121)
    )

    html = page(client.get(job.get_absolute_url()))

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.error == (
        "The import did not finish: the task worker showed no progress for 2 minutes and has "
        "probably stopped. Nothing was saved; try again."
    )
    assert job.error in html
    assert 'name="action" value="retry"' in html
    assert stored(job)  # kept for the retry
    task.refresh_from_db()
    assert (task.status, task.traceback) == ("FAILED", job.error)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(job.get_absolute_url(), {"action": "retry"})
    job.refresh_from_db()
    assert (job.status, job.attempt, job.error) == (ImportStatus.QUEUED, 2, "")
    retry = DBTaskResult.objects.exclude(pk=task.pk).get()
    assert retry.args_kwargs["args"] == [job.pk, 2]
    assert job.task_id == str(retry.id)
    # The dead worker's try may not run any more; the new one checks the file.
    assert import_job_check(job_id=job.pk, attempt=1).status == ImportStatus.QUEUED
    assert import_job_check(job_id=job.pk, attempt=2).status == ImportStatus.CHECKED


def test_a_write_whose_worker_stopped_is_retried_as_a_write(
    client, staff, settings, django_capture_on_commit_callbacks
):
    settings.TASK_STALE_SECONDS = 60
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)])
    job = ImportJob.objects.get()
    import_job_check(job_id=job.pk, attempt=1)
    client.post(job.get_absolute_url(), {"action": "confirm"})
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.IMPORTING, heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    client.get(reverse("companies:import_job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "1 minute" in job.error
    assert not Company.objects.exists()

    client.post(job.get_absolute_url(), {"action": "retry"})
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportStatus.CONFIRMED, 2)
    assert import_job_write(job_id=job.pk, attempt=2).status == ImportStatus.DONE
    assert Company.objects.count() == 3


def test_a_write_given_up_on_before_it_ends_is_rolled_back(client, staff, monkeypatch):
    """The sweep failed the job while its rows were being written (on PostgreSQL the row lock
    keeps the sweep away; this is the last line of defence): none of the rows stay."""
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)])
    job = ImportJob.objects.get()
    import_job_check(job_id=job.pk, attempt=1)
    client.post(job.get_absolute_url(), {"action": "confirm"})
    real = companies_import

    def swept_meanwhile(*, result, by):
        companies = real(result=result, by=by)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED)
        return companies

    monkeypatch.setattr("companies.views.imports.companies_import", swept_meanwhile)
    job = import_job_write(job_id=job.pk, attempt=1)
    assert job.status != ImportStatus.DONE
    assert not Company.objects.exists()


def test_a_fresh_job_is_left_alone(client, staff, settings):
    settings.TASK_STALE_SECONDS = 60
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKING, heartbeat_at=timezone.now() - timedelta(seconds=50)
    )
    client.get(job.get_absolute_url())
    assert ImportJob.objects.get().status == ImportStatus.CHECKING


def test_only_the_latest_unimported_files_are_kept(client, staff):
    client.force_login(staff)
    for _n in range(MAX_PENDING_IMPORTS + 1):
        upload(client, [row(1), row(2), row(3)])
        job = ImportJob.objects.order_by("-pk").first()
        import_job_check(job_id=job.pk, attempt=1)
    oldest, *latest = ImportJob.objects.order_by("pk")
    assert (oldest.status, oldest.stored_name) == (ImportStatus.FAILED, "")
    assert oldest.error == (
        "This file was set aside for newer uploads; upload it again to import it."
    )
    assert {job.status for job in latest} == {ImportStatus.CHECKED}
    assert all(stored(job) for job in latest)


def test_files_left_waiting_for_a_day_are_deleted_by_the_command(client, staff):
    """Uploads hold personal data (contacts): an unconfirmed or never retried file goes."""
    client.force_login(staff)
    for _n in range(3):
        upload(client, [row(1), row(2), row(3)])
    old_checked, old_failed, recent = ImportJob.objects.order_by("pk")
    for job in (old_checked, recent):
        import_job_check(job_id=job.pk, attempt=1)
    ImportJob.objects.filter(pk=old_failed.pk).update(status=ImportStatus.FAILED, error="stale")
    ImportJob.objects.filter(pk__in=[old_checked.pk, old_failed.pk]).update(
        updated_at=timezone.now() - timedelta(hours=25)
    )
    names = dict(ImportJob.objects.values_list("pk", "stored_name"))
    out = StringIO()
    call_command("fail_stale_tasks", stdout=out)
    assert "2 import files left waiting for a day deleted" in out.getvalue()
    old_checked.refresh_from_db()
    old_failed.refresh_from_db()
    assert (old_checked.status, old_checked.stored_name, old_checked.error) == (
        ImportStatus.FAILED,
        "",
        "This file was deleted after a day without confirmation; upload it again.",
    )
    assert (old_failed.stored_name, old_failed.error) == ("", "stale")
    storage = IMPORTER.storage()
    assert not storage.exists(names[old_checked.pk]) and not storage.exists(names[old_failed.pk])
    assert storage.exists(names[recent.pk])
    assert ImportJob.objects.get(pk=recent.pk).status == ImportStatus.CHECKED


def test_the_import_page_lists_the_users_own_large_imports(client, staff, assert_flat_queries):
    other = UserFactory(role=Role.STAFF)
    client.force_login(other)
    upload(client, [row(1), row(2), row(3)], name="남의파일.csv")
    client.force_login(staff)
    upload(client, [row(1), row(2), row(3)], name="내파일.csv")
    mine = ImportJob.objects.get(requested_by=staff)

    def grow():
        for n in range(3):
            ImportJob.objects.create(
                importer=IMPORTER.path, filename=f"추가{n}.csv", requested_by=staff
            )

    # Expect the same queries however many jobs: session, user, the sweep's check, the jobs.
    first, _last = assert_flat_queries(client, IMPORT, grow)
    html = page(first)
    assert "A file of more than 2 rows is checked and imported in the background" in html
    assert mine.get_absolute_url() in html and "내파일.csv" in html
    assert "남의파일.csv" not in html
