"""Reading an import file: CSV (UTF-8 or CP949) or XLSX into rows of text cells, dates as the
agency's sheets write them, and errors by row and column."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.text import normalize_text
from core.uploads import TABLE_KINDS, XLSX, validate_upload
from core.validators import validate_date_window

MAX_ROWS = 5000
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


# Dry runs a user did not confirm: only the latest few files are kept.
MAX_PENDING_IMPORTS = 5


def read_stored(storage, name: str) -> list[list[str]]:
    """The rows of an upload kept in `storage` under `name`, read as it was uploaded."""
    with storage.open(name, "rb") as handle:
        handle.name = name
        handle.size = storage.size(name)
        return read_table(handle)


def body_rows(table: list[list[str]]) -> int:
    """The rows below the header that hold anything."""
    return sum(1 for row in table[1:] if any(cell.strip() for cell in row))
