"""The import framework: read a CSV (UTF-8 or CP949) or XLSX upload into text rows, report errors
by row and column, keep the file under a one-time token for a dry run, then re-read, re-validate
and run the import all or nothing when the user confirms. Each app defines its columns, its
validation and its write (`companies/imports.py`, `compute/services.py`) and names them in an
`Importer`.

A file of more than IMPORT_INLINE_MAX_ROWS rows is not checked in the request: it is kept as an
`ImportJob`, the task worker runs the dry run, the uploader confirms on the job's page, and the
worker writes it, all or nothing, while the page shows the progress (`core/tasks.py`). A job
whose worker died is failed by the sweep (`core/jobs.py`) and may be tried again."""

import csv
import io
import logging
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from django import forms
from django.conf import settings
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
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView, FormView
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.forms import KrdsFormMixin
from core.jobs import JobAbandoned, job_beat, job_fail_stale
from core.models import ImportJob, ImportStatus
from core.storage import PrefixedStorage
from core.tasks import check_import, write_import
from core.text import normalize_text
from core.uploads import TABLE_KINDS, XLSX, UploadField, validate_upload
from core.validators import validate_date_window
from users.models import User
from users.permissions import RoleRequiredMixin

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
# Dry runs a user did not confirm: only the latest few files are kept.
MAX_PENDING_IMPORTS = 5
# Errors named in the message when the confirm finds the file no longer valid.
MAX_ERRORS_IN_MESSAGE = 5
# Row errors a large import's page lists; the others are counted.
MAX_ERRORS_KEPT = 200
# A large import's file waiting for its uploader (checked, or failed and kept for a retry) is
# deleted after this long.
KEEP_IDLE_FILE = timedelta(days=1)
IDLE_STATUSES = (ImportStatus.CHECKED, ImportStatus.FAILED)
# openpyxl reports a damaged or foreign file through many exception types, some only while
# the rows are read (read-only mode parses lazily); XML parse errors are SyntaxErrors.
EXCEL_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    KeyError,
    IndexError,
    OSError,
    SyntaxError,
    TypeError,
    ValueError,
)


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)


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


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(str(value))


def read_table(upload) -> list[list[str]]:
    """Rows of text cells from a .csv (UTF-8 or CP949) or .xlsx upload; ValidationError if not."""
    kind = validate_upload(upload, kinds=TABLE_KINDS, max_bytes=settings.IMPORT_MAX_BYTES)
    raw = upload.read()
    if kind == XLSX:
        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                return [
                    [_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
                ]
            finally:
                workbook.close()
        except EXCEL_ERRORS as exc:
            raise ValidationError(_("The Excel file could not be read.")) from exc
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file must be saved as UTF-8 or CP949 (EUC-KR)."))
    if "\x00" in text:
        raise ValidationError(_("The file contains NUL bytes; it is not a text CSV file."))
    try:
        return [[_cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        # With NUL bytes refused above, the reader only fails on a cell over its size limit.
        raise ValidationError(
            _("A cell in the CSV file is longer than %(max)d characters.")
            % {"max": csv.field_size_limit()}
        ) from exc


class ImportUploadForm(KrdsFormMixin, forms.Form):
    file = UploadField(
        kinds=TABLE_KINDS,
        label=gettext_lazy("CSV or Excel file"),
        help_text=gettext_lazy("UTF-8 or CP949 CSV, or .xlsx; first row holds the headers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].max_bytes = settings.IMPORT_MAX_BYTES


def run_stored_import(request, *, session_key: str, storage, validate, run, conflict_message: str):
    """Re-read and re-validate the upload a dry run stored under the POSTed token, then `run`.

    Returns `run(result, entry)`'s value (entry: what the dry run kept in the session for the
    token), or None after putting the reason in `messages`. The token and the stored file are
    spent either way, so an import runs at most once. Shared by every dry-run-then-confirm
    import (companies, compute usage).
    """
    token = request.POST.get("token", "")
    tokens = request.session.get(session_key, {})
    if token not in tokens:
        messages.error(request, _("This import has expired or was already run; upload it again."))
        return None
    entry = tokens[token]
    suffix = entry[0] if isinstance(entry, list | tuple) else entry
    name = token + suffix
    try:
        result = validate(_read_stored(storage, name))
        if result.errors:
            # Typically rows written by somebody else since the dry run; name the rows concerned.
            raise ValidationError(describe_row_errors(result.errors))
        return run(result, entry)
    except FileNotFoundError:
        messages.error(request, _("This import has expired or was already run; upload it again."))
    except ValidationError as error:
        messages.error(
            request, _("Nothing was imported: %(reason)s") % {"reason": " ".join(error.messages)}
        )
    except IntegrityError:
        # The transaction was rolled back: a concurrent write took one of the rows.
        messages.error(request, conflict_message)
    finally:
        tokens.pop(token, None)
        request.session[session_key] = tokens
        if storage.exists(name):
            storage.delete(name)
    return None


def _read_stored(storage, name: str) -> list[list[str]]:
    """The rows of an upload kept in `storage` under `name`, read as it was uploaded."""
    with storage.open(name, "rb") as handle:
        handle.name = name
        handle.size = storage.size(name)
        return read_table(handle)


def describe_row_errors(errors: list[RowError]) -> str:
    """The first few row errors as one sentence, for a message after a failed import."""
    parts = [
        _("Row %(row)d: %(message)s") % {"row": error.row, "message": error.message}
        for error in errors[:MAX_ERRORS_IN_MESSAGE]
    ]
    hidden = len(errors) - MAX_ERRORS_IN_MESSAGE
    if hidden > 0:
        parts.append(
            ngettext("(and %(count)d more error)", "(and %(count)d more errors)", hidden)
            % {"count": hidden}
        )
    return " ".join(parts)


def stash_upload(request, upload, *, session_key: str, storage) -> str:
    """Keep a validated upload under a new one-time token in the session; return the token.

    Only the latest MAX_PENDING_IMPORTS files a user did not confirm are kept.
    """
    token = uuid.uuid4().hex
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    upload.seek(0)
    storage.save(token + suffix, upload)
    tokens = request.session.get(session_key, {})
    tokens[token] = [suffix, upload.name]
    while len(tokens) > MAX_PENDING_IMPORTS:
        old = next(iter(tokens))
        storage.delete(old + tokens.pop(old)[0])
    request.session[session_key] = tokens
    return token


class DryRunImportView(RoleRequiredMixin, FormView):
    """Upload a table and see the dry run; nothing is written here. A file of more than
    IMPORT_INLINE_MAX_ROWS rows goes to the task worker instead, and the user to its page.

    Subclasses name the roles, the template, `session_key` and the `importer`. The page lists
    the user's latest large imports of this kind (`import_jobs`).
    """

    form_class = ImportUploadForm
    session_key = ""
    importer: Importer

    @classmethod
    def storage(cls) -> PrefixedStorage:
        return cls.importer.storage()

    def validate(self, table: list[list[str]]):
        """The dry run's result (with `rows`, `errors` and `is_valid`) for the file's rows."""
        return self.importer.validate(table)

    def get_context_data(self, **kwargs):
        job_fail_stale(ImportJob)
        jobs = ImportJob.objects.visible_to(self.request.user).filter(importer=self.importer.path)
        return super().get_context_data(
            import_jobs=jobs[:MAX_PENDING_IMPORTS],
            inline_max_rows=settings.IMPORT_INLINE_MAX_ROWS,
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        rows = _body_rows(table)
        if rows > settings.IMPORT_INLINE_MAX_ROWS:
            job = import_job_start(
                importer=self.importer, upload=upload, rows=rows, by=self.request.user
            )
            return redirect(job)
        result = self.validate(table)
        token = ""
        if result.is_valid:
            token = stash_upload(
                self.request, upload, session_key=self.session_key, storage=self.storage()
            )
        return self.render_to_response(
            self.get_context_data(form=form, result=result, token=token, filename=upload.name)
        )


# Dates as Korean sheets write them (2021-03-02, 2021.03.02, 2021. 3. 2., 2021/3/2, 2021년 3월 2일,
# 20210302, 2021-03-02 00:00:00) become ISO text, which the form reads in either language.
DATE_PATTERNS = (
    re.compile(
        r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?"
        r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"  # the time part of a datetime cell saved to CSV
    ),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def sheet_date(text: str) -> date | None:
    """The date `text` (a cell) writes in one of DATE_PATTERNS, or None when it writes none.

    A ValidationError when the date lies outside 1900-01-01 to 2100-12-31 (a typing slip such
    as 0024-03-02), with the message the forms give for it.
    """
    for pattern in DATE_PATTERNS:
        if match := pattern.fullmatch(text.strip()):
            year, month, day = (int(part) for part in match.groups())
            try:
                value = date(year, month, day)
            except ValueError:
                return None
            validate_date_window(value)
            return value
    return None


# --- large imports, checked and written by the task worker ---------------------------------


def _body_rows(table: list[list[str]]) -> int:
    """The rows below the header that hold anything."""
    return sum(1 for row in table[1:] if any(cell.strip() for cell in row))


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
    table = _read_stored(importer.storage(), job.stored_name)
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
    result = importer.validate(_read_stored(importer.storage(), job.stored_name))
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
