"""Imports too large for a request: a file of more than IMPORT_INLINE_MAX_ROWS rows is kept as an
`ImportJob`, the task worker runs the dry run (`core/tasks.py`), the uploader confirms on the
job's page, and the worker writes it, all or nothing, while the page shows the progress. A job
whose worker died is failed by the sweep (`core/jobs.py`) and may be tried again."""

import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from core.imports.tables import MAX_PENDING_IMPORTS, ImportResult, RowError, read_stored
from core.jobs import JobAbandoned, job_beat, job_fail_stale
from core.models import ImportJob, ImportStatus
from core.storage import PrefixedStorage
from core.tasks import check_import, write_import
from users.models import User
from users.permissions import RoleRequiredMixin

logger = logging.getLogger(__name__)


# Row errors a large import's page lists; the others are counted.
MAX_ERRORS_KEPT = 200


# A large import's file waiting for its uploader (checked, or failed and kept for a retry) is
# deleted after this long.
KEEP_IDLE_FILE = timedelta(days=1)


IDLE_STATUSES = (ImportStatus.CHECKED, ImportStatus.FAILED)


@dataclass(frozen=True)
class Importer:
    """One app's import, as its pages and the task worker need it. Defined at module level;
    `path` names that place (`"companies.views.imports.IMPORTER"`), which an ImportJob keeps so
    the worker finds it again."""

    path: str
    storage_prefix: str
    # The dry run's result (with `rows`, `errors`, `is_valid`) for the file's rows.
    validate: Callable[[list[list[str]]], ImportResult]
    # Writes a valid result, all rows or none: (result, *, filename, by) -> rows written.
    write: Callable[..., int]
    # The message when the database refused a row (a concurrent write took it).
    conflict_message: Promise
    title: Promise
    upload_url_name: str
    job_url_name: str
    done_url_name: str
    done_label: Promise

    def storage(self) -> PrefixedStorage:
        return PrefixedStorage(self.storage_prefix)


def importer_at(path: str) -> Importer:
    """The Importer an ImportJob names."""
    importer = import_string(path)
    if not isinstance(importer, Importer):
        raise TypeError(f"{path} is not an Importer")
    return importer


def _enqueue(task, job: ImportJob) -> None:
    """Queue `task` for the job's current try once the transaction commits; keep its id."""

    def enqueue():
        result = task.enqueue(job.pk, job.attempt)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def import_job_start(*, importer: Importer, upload, rows: int, by: User) -> ImportJob:
    """Keep an upload of `rows` rows and queue its check (the dry run) by the task worker."""
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    name = uuid.uuid4().hex + suffix
    upload.seek(0)
    importer.storage().save(name, upload)
    with transaction.atomic():
        job = ImportJob.objects.create(
            importer=importer.path,
            filename=upload.name[:255],
            stored_name=name,
            row_count=rows,
            requested_by=by,
            heartbeat_at=timezone.now(),
        )
        _enqueue(check_import, job)
    _forget_old_files(by)
    return job


def _forget_old_files(user: User) -> None:
    """As with dry runs, only the user's latest MAX_PENDING_IMPORTS files not yet imported are
    kept: older ones checked but not confirmed, or failed with their file kept for a retry, are
    deleted."""
    kept = (
        ImportJob.objects.filter(requested_by=user)
        .exclude(stored_name="")
        .order_by("-created_at", "-pk")
    )
    for job in kept[MAX_PENDING_IMPORTS:]:
        _forget_file(
            job, _("This file was set aside for newer uploads; upload it again to import it.")
        )


def import_files_expire() -> int:
    """Delete the files of large imports left unconfirmed, or failed and never retried, for
    longer than KEEP_IDLE_FILE (uploads hold personal data); returns how many. Run by
    `manage.py fail_stale_tasks`."""
    idle = (
        ImportJob.objects.filter(status__in=IDLE_STATUSES)
        .filter(updated_at__lt=timezone.now() - KEEP_IDLE_FILE)
        .exclude(stored_name="")
    )
    return sum(
        _forget_file(
            job, _("This file was deleted after a day without confirmation; upload it again.")
        )
        for job in idle
    )


def _forget_file(job: ImportJob, reason: str) -> bool:
    """Delete an idle job's file; the job fails with `reason` (a failed one keeps its own)."""
    if job.status not in IDLE_STATUSES:
        return False
    forgotten = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=ImportStatus.FAILED,
        stored_name="",
        error=job.error or reason,
        updated_at=timezone.now(),
    )
    if forgotten:
        importer_at(job.importer).storage().delete(job.stored_name)
    return bool(forgotten)


def import_job_check(*, job_id: int, attempt: int) -> ImportJob:
    """The worker's dry run: the job is CHECKED with its rows ready, or FAILED with the row
    errors (the file is then deleted)."""
    return _run_job(
        job_id, attempt, waiting=ImportStatus.QUEUED, running=ImportStatus.CHECKING, work=_check
    )


def import_job_write(*, job_id: int, attempt: int) -> ImportJob:
    """The worker's write of a confirmed job: the file is read and checked again, then every
    row is written in one transaction, or none; DONE with the rows written, or FAILED."""
    return _run_job(
        job_id,
        attempt,
        waiting=ImportStatus.CONFIRMED,
        running=ImportStatus.IMPORTING,
        work=_write,
    )


def _run_job(job_id: int, attempt: int, *, waiting: str, running: str, work) -> ImportJob:
    """Claim the job for this try (it must be `waiting`), run `work(job, rows)`, record how it
    ended. Another try, or a job the sweep failed meanwhile, is left alone."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=waiting, attempt=attempt).update(
        status=running, progress=5, heartbeat_at=now, updated_at=now
    )
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job
    # Each step is recorded only while the job still waits for this try (JobAbandoned).
    mine = ImportJob.objects.filter(pk=job.pk, status=running, attempt=attempt)
    try:
        work(job, mine)
    except JobAbandoned:
        logger.warning("Import %s was given up on while the worker ran it", job.pk)
    except FileNotFoundError:
        _fail(job, mine, _("The uploaded file is no longer there; upload it again."))
    except ValidationError as error:
        # The file cannot be read (a damaged file, a cell too long).
        _fail(
            job,
            mine,
            _("Nothing was imported: %(reason)s") % {"reason": " ".join(error.messages)},
        )
    except IntegrityError:
        # The transaction was rolled back: a concurrent write took one of the rows.
        _fail(job, mine, str(importer_at(job.importer).conflict_message))
    except Exception:
        logger.exception("Import %s failed", job.pk)
        _fail(job, mine, _("The import failed. Nothing was saved; try again later."))
        raise
    job.refresh_from_db()
    return job


def _check(job: ImportJob, mine) -> None:
    importer = importer_at(job.importer)
    table = read_stored(importer.storage(), job.stored_name)
    job_beat(mine, progress=30)
    result = importer.validate(table)
    if result.errors:
        _fail(
            job,
            mine,
            _("Nothing was saved. Fix the errors in the file and upload it again."),
            errors=result.errors,
        )
        return
    job_beat(mine, status=ImportStatus.CHECKED, progress=100, row_count=len(result.rows))


def _write(job: ImportJob, mine) -> None:
    importer = importer_at(job.importer)
    result = importer.validate(read_stored(importer.storage(), job.stored_name))
    if result.errors:
        # Typically rows written by somebody else since the check.
        _fail(
            job,
            mine,
            _("Nothing was imported: these rows are no longer valid. Upload the file again."),
            errors=result.errors,
        )
        return
    job_beat(mine, progress=50)
    with transaction.atomic():
        # The job row stays locked until the rows are in: the sweep passes it by meanwhile, and
        # when the sweep failed it first, JobAbandoned rolls the rows back.
        job_beat(mine, progress=60)
        written = importer.write(result, filename=job.filename, by=job.requested_by)
        job_beat(
            mine,
            status=ImportStatus.DONE,
            progress=100,
            row_count=written,
            stored_name="",
            finished_at=timezone.now(),
        )
    importer.storage().delete(job.stored_name)


def _fail(job: ImportJob, mine, message: str, errors: list[RowError] = ()) -> None:
    """Record why the job failed, with the first row errors, and delete its file."""
    now = timezone.now()
    failed = mine.update(
        status=ImportStatus.FAILED,
        error=message[:1000],
        errors=[asdict(error) for error in errors[:MAX_ERRORS_KEPT]],
        error_count=len(errors),
        stored_name="",
        finished_at=now,
        heartbeat_at=now,
        updated_at=now,
    )
    if failed and job.stored_name:
        importer_at(job.importer).storage().delete(job.stored_name)


def import_job_confirm(*, job: ImportJob, by: User) -> ImportJob:
    """The uploader confirms a checked import; the task worker writes it."""
    now = timezone.now()
    with transaction.atomic():
        # Conditional: of two confirmations sent together, one queues the write.
        confirmed = ImportJob.objects.filter(
            pk=job.pk, status=ImportStatus.CHECKED, requested_by=by
        ).update(status=ImportStatus.CONFIRMED, confirmed_at=now, heartbeat_at=now, updated_at=now)
        if not confirmed:
            raise ValidationError(
                _("This import is no longer waiting for confirmation."), code="status"
            )
        job.refresh_from_db()
        _enqueue(write_import, job)
    return job


def import_job_retry(*, job: ImportJob, by: User) -> ImportJob:
    """Queue again the step (check or write) of a job whose worker stopped; its file is kept."""
    job_fail_stale(ImportJob)
    now = timezone.now()
    waiting = ImportStatus.CONFIRMED if job.confirmed_at else ImportStatus.QUEUED
    with transaction.atomic():
        retried = (
            ImportJob.objects.filter(pk=job.pk, status=ImportStatus.FAILED, requested_by=by)
            .exclude(stored_name="")
            .update(
                status=waiting,
                error="",
                progress=0,
                attempt=F("attempt") + 1,
                finished_at=None,
                heartbeat_at=now,
                updated_at=now,
            )
        )
        if not retried:
            raise ValidationError(
                _("Only an import whose worker stopped can be tried again; upload the file again."),
                code="status",
            )
        job.refresh_from_db()
        _enqueue(write_import if job.confirmed_at else check_import, job)
    return job


class ImportJobView(RoleRequiredMixin, DetailView):
    """A large import's page: its progress while the worker checks or writes it (htmx polls the
    status), then the rows to confirm, the row errors, or the rows imported. POST confirms a
    checked import (`action=confirm`) or tries again one whose worker stopped (`retry`).

    Subclasses name the roles and the `importer`; only the uploader sees the page."""

    importer: Importer
    template_name = "core/import_job.html"
    context_object_name = "job"

    def get_queryset(self):
        return ImportJob.objects.visible_to(self.request.user).filter(importer=self.importer.path)

    def get_template_names(self):
        if self.request.htmx:
            return [f"{self.template_name}#status"]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        job_fail_stale(ImportJob)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(importer=self.importer, **kwargs)

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        service = {"confirm": import_job_confirm, "retry": import_job_retry}.get(
            request.POST.get("action")
        )
        if service is None:
            return HttpResponseBadRequest()
        try:
            service(job=job, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(job)
