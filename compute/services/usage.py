"""Usage imports: GPU-hours per project and day from the data centre's sheet, validated
whole and written all or nothing."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from compute.models import (
    ZERO,
    ComputeAllocation,
    ComputeUsage,
    ComputeUsageImport,
)
from compute.services.allocations import CENT
from core.display import format_number
from core.imports import MAX_ROWS, RowError, sheet_date
from core.text import normalize_text
from users.models import User

USAGE_COLUMNS = {
    "과제번호": "project",
    "project": "project",
    "사용일": "date",
    "date": "date",
    "gpu사용시간": "gpu_hours",
    "gpu_hours": "gpu_hours",
    "gpu-hours": "gpu_hours",
}
USAGE_HEADERS = ["과제번호", "사용일", "GPU 사용시간"]
USAGE_LABELS = {"project": "과제번호", "date": "사용일", "gpu_hours": "GPU 사용시간"}
HOURS_PATTERN = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+(\.\d+)?")
MAX_HOURS = Decimal("9999999999.99")


@dataclass
class UsageRow:
    line: int
    allocation: ComputeAllocation
    used_on: date
    gpu_hours: Decimal


@dataclass
class UsageImportResult:
    rows: list[UsageRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def total_gpu_hours(self) -> Decimal:
        return sum((row.gpu_hours for row in self.rows), ZERO)


def _parse_date(text: str, line: int, errors: list[RowError]) -> date | None:
    label = USAGE_LABELS["date"]
    try:
        used_on = sheet_date(text)
    except ValidationError as error:  # a date outside 1900-2100
        errors.extend(RowError(line, label, message) for message in error.messages)
        return None
    if used_on is None:
        errors.append(
            RowError(
                line, label, _("Not a date: %(value)s. Write it as 2021-03-02.") % {"value": text}
            )
        )
    return used_on


def _parse_hours(text: str, line: int, errors: list[RowError]) -> Decimal | None:
    label = USAGE_LABELS["gpu_hours"]
    value = text.strip()
    if not HOURS_PATTERN.fullmatch(value):
        errors.append(RowError(line, label, _("Not a number: %(value)s.") % {"value": value}))
        return None
    try:
        hours = Decimal(value.replace(",", ""))
    except InvalidOperation:
        errors.append(RowError(line, label, _("Not a number: %(value)s.") % {"value": value}))
        return None
    if hours < 0:
        errors.append(RowError(line, label, _("GPU-hours used cannot be negative.")))
        return None
    if hours != hours.quantize(CENT):
        errors.append(RowError(line, label, _("Use at most two decimal places.")))
        return None
    if hours > MAX_HOURS:
        errors.append(RowError(line, label, _("The number is too large.")))
        return None
    return hours


def usage_validate(table: list[list[str]]) -> UsageImportResult:
    """Check every row of a usage file: known project, valid date inside its allocation's dates,
    non-negative hours, no duplicates in the file or with usage already imported."""
    result = UsageImportResult()
    if not any(cell.strip() for row in table for cell in row):
        result.errors.append(RowError(1, "", _("The file is empty.")))
        return result
    columns = {}
    for index, title in enumerate(table[0]):
        key = USAGE_COLUMNS.get(normalize_text(title).replace(" ", "").lower())
        if key and key not in columns.values():
            columns[index] = key
    missing = [USAGE_LABELS[key] for key in USAGE_LABELS if key not in columns.values()]
    if missing:
        result.errors.append(
            RowError(
                1,
                "",
                _("Required columns are missing: %(columns)s") % {"columns": ", ".join(missing)},
            )
        )
        return result
    lines = [
        (number, {key: (row[i] if i < len(row) else "").strip() for i, key in columns.items()})
        for number, row in enumerate(table[1:], start=2)
        if any(cell.strip() for cell in row)
    ]
    if not lines:
        result.errors.append(RowError(2, "", _("The file has a header but no rows.")))
        return result
    if len(lines) > MAX_ROWS:
        result.errors.append(
            RowError(
                1,
                "",
                _("At most %(max)s rows can be imported at once.")
                % {"max": format_number(MAX_ROWS)},
            )
        )
        return result
    codes = {values["project"] for _line, values in lines}
    allocations = {
        allocation.project_code: allocation
        for allocation in ComputeAllocation.objects.select_related("capacity", "company").filter(
            project_code__in=codes
        )
    }
    parsed = []
    for line, values in lines:
        errors_before = len(result.errors)
        allocation = allocations.get(values["project"])
        if allocation is None:
            message = (
                _("Unknown project number %(code)s.") % {"code": values["project"]}
                if values["project"]
                else _("The project number is missing.")
            )
            result.errors.append(RowError(line, USAGE_LABELS["project"], message))
        used_on = _parse_date(values["date"], line, result.errors)
        hours = _parse_hours(values["gpu_hours"], line, result.errors)
        if allocation and used_on:
            # Usage counts only on the days the project held the compute.
            period = allocation.capacity
            if not allocation.starts_on <= used_on <= allocation.ends_on:
                result.errors.append(
                    RowError(
                        line,
                        USAGE_LABELS["date"],
                        _(
                            "%(date)s is outside the project's period %(period)s "
                            "(%(start)s to %(end)s)."
                        )
                        % {
                            "date": used_on.isoformat(),
                            "period": period.label,
                            "start": allocation.starts_on.isoformat(),
                            "end": allocation.ends_on.isoformat(),
                        },
                    )
                )
        if len(result.errors) == errors_before:
            parsed.append(UsageRow(line, allocation, used_on, hours))
    seen: dict[tuple[int, date], int] = {}
    existing = _existing_usage_keys(parsed)
    for row in parsed:
        key = (row.allocation.pk, row.used_on)
        if key in seen:
            result.errors.append(
                RowError(
                    row.line,
                    USAGE_LABELS["date"],
                    _("This project and date appear twice in the file (also row %(row)d).")
                    % {"row": seen[key]},
                )
            )
            continue
        seen[key] = row.line
        if key in existing:
            result.errors.append(
                RowError(
                    row.line,
                    USAGE_LABELS["date"],
                    _("Usage of %(code)s on %(date)s was already imported.")
                    % {"code": row.allocation.project_code, "date": row.used_on.isoformat()},
                )
            )
            continue
        result.rows.append(row)
    return result


def _existing_usage_keys(rows: list[UsageRow]) -> set[tuple[int, date]]:
    """(allocation id, date) pairs of `rows` that already have usage recorded."""
    if not rows:
        return set()
    wanted = {(row.allocation.pk, row.used_on) for row in rows}
    found = ComputeUsage.objects.filter(
        allocation_id__in={pk for pk, _day in wanted},
        used_on__in={day for _pk, day in wanted},
    ).values_list("allocation_id", "used_on")
    return wanted & set(found)


@transaction.atomic
def usage_import(*, result: UsageImportResult, filename: str, by: User) -> ComputeUsageImport:
    """Write a validated usage file in one transaction, all rows or none."""
    if not result.is_valid:
        raise ValidationError(_("Fix the errors in the file before importing."))
    # The projects' dates, locked (in id order) and re-checked: a date change waits for this
    # import, or this import sees the changed dates, never a mix.
    held = {
        allocation.pk: allocation
        for allocation in ComputeAllocation.objects.select_for_update()
        .filter(pk__in={row.allocation.pk for row in result.rows})
        .order_by("pk")
    }
    moved = sorted(
        {
            row.allocation.project_code
            for row in result.rows
            if not held[row.allocation.pk].starts_on
            <= row.used_on
            <= held[row.allocation.pk].ends_on
        }
    )
    if moved:
        raise ValidationError(
            _("The dates of %(codes)s changed meanwhile: check the file again.")
            % {"codes": ", ".join(moved)}
        )
    # Re-checked inside the transaction: the dry run may be minutes old. The unique
    # constraint on (allocation, date) backs this up against a concurrent import.
    clashes = _existing_usage_keys(result.rows)
    if clashes:
        codes = sorted(
            {
                row.allocation.project_code
                for row in result.rows
                if (row.allocation.pk, row.used_on) in clashes
            }
        )
        raise ValidationError(
            _("Usage of %(codes)s was imported meanwhile for some of these dates.")
            % {"codes": ", ".join(codes)}
        )
    batch = ComputeUsageImport.objects.create(
        filename=filename[:255], row_count=len(result.rows), imported_by=by
    )
    ComputeUsage.objects.bulk_create(
        ComputeUsage(
            allocation=row.allocation, used_on=row.used_on, gpu_hours=row.gpu_hours, source=batch
        )
        for row in result.rows
    )
    return batch
