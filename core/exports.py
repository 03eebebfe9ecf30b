"""What every CSV and Excel export shares: cells that cannot become formulas, sheet names Excel
accepts, UTF-8 CSV with a BOM, the purposes of personal-data exports, and the one function every
export leaves the CRM through.

pandas stays in reports/exporters/ (which calls `safe_cell` and `safe_sheet_names` on each frame);
this module is plain Python so imports, templates and views can use it too.
"""

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.downloads import bytes_response

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# A spreadsheet reads text starting with one of these as a formula or a DDE command (OWASP
# "CSV injection"); such text gets a leading apostrophe and stays text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# C0 control characters except tab, line feed and carriage return, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Sheet names: no []:*?/\ , no control character at all, at most 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
ALL_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
SHEET_NAME_MAX = 31


def safe_cell(value):
    """`value` as an export cell: text without control characters and never read as a formula
    (`=1+2` becomes `'=1+2`); numbers, dates and empty cells unchanged, so they stay typed."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    text = CONTROL_CHARACTERS.sub("", value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


def safe_sheet_names(names: Iterable) -> list[str]:
    """Names Excel accepts, in order: forbidden characters replaced, no apostrophe at either end,
    at most 31 characters, never "History" (reserved), unique regardless of case."""
    result: list[str] = []
    taken: set[str] = set()
    for raw in names:
        name = ALL_CONTROL_CHARACTERS.sub("", SHEET_NAME_FORBIDDEN.sub("_", str(raw)))
        name = name.strip().strip("'").strip()
        name = name[:SHEET_NAME_MAX].rstrip() or "Sheet"
        if name.lower() == "history":
            name = "History_"
        candidate, number = name, 1
        while candidate.lower() in taken:
            number += 1
            suffix = f" ({number})"
            candidate = name[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """A CSV file as Korean Excel opens it: UTF-8 with a byte-order mark, CRLF line ends, every
    cell through `safe_cell`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class ExportPurpose(models.TextChoices):
    """Why somebody downloads personal data; each export keeps only the columns a purpose needs."""

    MANAGEMENT = "management", _("Programme management")
    REPORTING = "reporting", _("Outcome reporting")
    EVENT_NOTICE = "event_notice", _("Event invitations")
    AUDIT = "audit", _("Audit response")


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (.xlsx)")
    CSV = "csv", _("CSV (.csv, UTF-8)")


@dataclass(frozen=True)
class Table:
    """Rows of an export with their headers; cells hold numbers, dates and text, not formats."""

    headers: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass(frozen=True)
class ExportFile:
    """A finished export: the bytes with what an access record needs (purpose, row count)."""

    filename: str
    content_type: str
    content: bytes
    row_count: int
    purpose: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def export_response(export: ExportFile):
    """The download of an export. Every CSV, Excel and PDF export of the CRM leaves through here,
    so a record of who downloaded what (purpose, row count, `export.sha256`) has one place."""
    return bytes_response(
        export.content, filename=export.filename, content_type=export.content_type
    )
