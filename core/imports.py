"""The import framework: read a CSV (UTF-8 or CP949) or XLSX upload into text rows, report errors
by row and column, keep the file under a one-time token for a dry run, then re-read, re-validate
and run the import all or nothing when the user confirms. Each app defines its columns, its
validation and its write (`companies/imports.py`, `compute/services.py`)."""

import csv
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.forms import KrdsFormMixin
from core.storage import PrefixedStorage
from core.text import normalize_text
from core.uploads import TABLE_KINDS, XLSX, UploadField, validate_upload
from core.validators import validate_date_window
from users.permissions import RoleRequiredMixin

MAX_ROWS = 5000
# Dry runs a user did not confirm: only the latest few files are kept.
MAX_PENDING_IMPORTS = 5
# Errors named in the message when the confirm finds the file no longer valid.
MAX_ERRORS_IN_MESSAGE = 5
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
        with storage.open(name, "rb") as handle:
            handle.name = name
            handle.size = storage.size(name)
            result = validate(read_table(handle))
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
    """Upload a table and see the dry run; nothing is written here.

    Subclasses name the roles, the template, `session_key`, `storage_prefix` and `validate`.
    """

    form_class = ImportUploadForm
    session_key = ""
    storage_prefix = ""

    @classmethod
    def storage(cls) -> PrefixedStorage:
        return PrefixedStorage(cls.storage_prefix)

    def validate(self, table: list[list[str]]):
        """The dry run's result (with `rows`, `errors` and `is_valid`) for the file's rows."""
        raise NotImplementedError

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
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
