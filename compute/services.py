"""Writes about AI data-centre compute: allocations within capacity, usage imports, reclaims."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, F, Sum
from django.utils.translation import gettext as _

from companies.models import Company
from compute.models import (
    HOURS_DIGITS,
    PF_DIGITS,
    ZERO,
    ComputeAllocation,
    ComputeCapacity,
    ComputeReclaim,
    ComputeUsage,
    ComputeUsageImport,
)
from compute.selectors import compute_ledger
from core.display import format_number
from core.imports import MAX_ROWS, RowError, sheet_date
from core.text import normalize_text
from users.models import User

CENT = Decimal("0.01")


def _allocated_in(capacity: ComputeCapacity) -> tuple[Decimal, Decimal]:
    """Effective PF and GPU-hours already allocated in `capacity` (after reclaims)."""
    totals = capacity.allocations.aggregate(
        pf=Sum(F("pf_allocated") - F("pf_reclaimed"), output_field=DecimalField(**PF_DIGITS)),
        hours=Sum(
            F("gpu_hours_allocated") - F("gpu_hours_reclaimed"),
            output_field=DecimalField(**HOURS_DIGITS),
        ),
    )
    return (
        Decimal(totals["pf"] or 0).quantize(CENT),
        Decimal(totals["hours"] or 0).quantize(CENT),
    )


def _check_dates(capacity: ComputeCapacity, starts_on: date, ends_on: date) -> None:
    """The allocation's days lie inside its capacity period, in order."""
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The compute cannot end before it starts.")}, code="dates"
        )
    if starts_on < capacity.starts_on or ends_on > capacity.ends_on:
        raise ValidationError(
            {
                "ends_on" if starts_on >= capacity.starts_on else "starts_on": _(
                    "The compute must be held within %(period)s (%(start)s to %(end)s)."
                )
                % {
                    "period": capacity.label,
                    "start": capacity.starts_on.isoformat(),
                    "end": capacity.ends_on.isoformat(),
                }
            },
            code="dates",
        )


def _check_pf_every_day(pf: Decimal, starts_on: date, ends_on: date) -> None:
    """`pf` more fits on every day from `starts_on` through `ends_on`: the allocations active
    that day plus `pf` stay within the capacity in force that day (the caller holds the lock)."""
    for stretch in compute_ledger(starts_on, ends_on):
        if stretch.in_use + pf > stretch.in_force:
            raise ValidationError(
                {
                    "pf_allocated": _(
                        "On %(day)s only %(free)s PF is free (%(capacity)s PF capacity in "
                        "force, %(in_use)s PF allocated to projects active that day)."
                    )
                    % {
                        "day": stretch.starts_on.isoformat(),
                        "free": format_number(max(stretch.free, ZERO), 2),
                        "capacity": format_number(stretch.in_force, 2),
                        "in_use": format_number(stretch.in_use, 2),
                    }
                },
                code="capacity",
            )


@transaction.atomic
def allocation_create(
    *,
    capacity: ComputeCapacity,
    company: Company,
    project_code: str,
    project_title: str,
    agreement_signed_on: date,
    by: User,
    starts_on: date | None = None,
    ends_on: date | None = None,
    pf_allocated: Decimal | None = None,
    gpu_hours_allocated: Decimal | None = None,
    models_trained: int = 0,
    commercial_models: int = 0,
) -> ComputeAllocation:
    """Allocate compute to a project from `starts_on` through `ends_on` (by default its whole
    period): on every one of those days the PF of the allocations active never exceeds the
    capacity in force; a period's GPU-hours never exceed its GPU-hour capacity."""
    if not pf_allocated and not gpu_hours_allocated:
        raise ValidationError(_("Allocate PF, GPU-hours or both."), code="amount")
    if pf_allocated is not None and pf_allocated <= 0:
        raise ValidationError({"pf_allocated": _("PF allocated must be more than 0.")})
    if gpu_hours_allocated is not None and gpu_hours_allocated <= 0:
        raise ValidationError(
            {"gpu_hours_allocated": _("GPU-hours allocated must be more than 0.")}
        )
    if not company.is_active:
        raise ValidationError(
            {"company": _("%(company)s is deactivated.") % {"company": company.name}}
        )
    starts_on = starts_on or capacity.starts_on
    ends_on = ends_on or capacity.ends_on
    _check_dates(capacity, starts_on, ends_on)
    # Lock every capacity period in force on any of the allocation's days, in one order: two
    # allocations sharing a day share a period (each lies inside its own), so they queue here
    # and the ledger read below includes every allocation committed before ours.
    locked = list(
        ComputeCapacity.objects.select_for_update()
        .filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        .order_by("pk")
    )
    capacity = next(period for period in locked if period.pk == capacity.pk)
    if pf_allocated:
        _check_pf_every_day(pf_allocated, starts_on, ends_on)
    _allocated_pf, allocated_hours = _allocated_in(capacity)
    if (
        gpu_hours_allocated
        and capacity.gpu_hours_capacity is not None
        and allocated_hours + gpu_hours_allocated > capacity.gpu_hours_capacity
    ):
        raise ValidationError(
            {
                "gpu_hours_allocated": _(
                    "Only %(left)s GPU-hours of %(period)s are left (%(capacity)s capacity, "
                    "%(allocated)s allocated)."
                )
                % {
                    "left": format_number(capacity.gpu_hours_capacity - allocated_hours),
                    "period": capacity.label,
                    "capacity": format_number(capacity.gpu_hours_capacity),
                    "allocated": format_number(allocated_hours),
                }
            },
            code="capacity",
        )
    allocation = ComputeAllocation(
        capacity=capacity,
        company=company,
        project_code=project_code,
        project_title=project_title,
        pf_allocated=pf_allocated,
        gpu_hours_allocated=gpu_hours_allocated,
        agreement_signed_on=agreement_signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        models_trained=models_trained,
        commercial_models=commercial_models,
        recorded_by=by,
    )
    allocation.full_clean()
    allocation.save()
    return allocation


@dataclass(frozen=True)
class ReclaimPlan:
    """What a reclaim would take back, given the GPU-hours used so far."""

    used_gpu_hours: Decimal
    gpu_hours: Decimal
    pf: Decimal

    @property
    def is_empty(self) -> bool:
        return not self.gpu_hours and not self.pf


def reclaim_plan(allocation: ComputeAllocation, used_gpu_hours: Decimal) -> ReclaimPlan:
    """The unused part of an allocation: GPU-hours not used, and PF in the same proportion.

    An allocation metered only in PF has no measure of use, so all of its remaining PF is
    the unused part.
    """
    used = Decimal(used_gpu_hours or 0).quantize(CENT)
    hours_back = ZERO
    fraction = Decimal(1)
    held_hours = allocation.effective_gpu_hours
    if held_hours is not None:
        hours_back = max(held_hours - used, ZERO)
        fraction = hours_back / held_hours if held_hours > 0 else Decimal(1)
    pf_back = ZERO
    if allocation.effective_pf:
        pf_back = (allocation.effective_pf * fraction).quantize(CENT, rounding=ROUND_DOWN)
    return ReclaimPlan(used_gpu_hours=used, gpu_hours=hours_back.quantize(CENT), pf=pf_back)


def allocation_used_gpu_hours(allocation: ComputeAllocation) -> Decimal:
    """GPU-hours recorded against `allocation` so far."""
    total = allocation.usage.aggregate(total=Sum("gpu_hours"))["total"]
    return Decimal(total or 0).quantize(CENT)


@transaction.atomic
def allocation_reclaim(*, allocation: ComputeAllocation, reason: str, by: User) -> ComputeReclaim:
    """Flag an allocation as off-purpose and take back its unused part; the reclaim row keeps
    who, when, how much and why, and the allocation's effective amounts drop."""
    reason = normalize_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the compute is reclaimed.")}, code="reason")
    allocation = ComputeAllocation.objects.select_for_update().get(pk=allocation.pk)
    plan = reclaim_plan(allocation, allocation_used_gpu_hours(allocation))
    if allocation.is_off_purpose and plan.is_empty:
        raise ValidationError(
            _("This allocation is already flagged and has nothing left to reclaim."),
            code="nothing",
        )
    reclaim = ComputeReclaim.objects.create(
        allocation=allocation,
        pf_reclaimed=plan.pf,
        gpu_hours_reclaimed=plan.gpu_hours,
        gpu_hours_used=plan.used_gpu_hours,
        reason=reason,
        reclaimed_by=by,
    )
    allocation.is_off_purpose = True
    allocation.pf_reclaimed += plan.pf
    allocation.gpu_hours_reclaimed += plan.gpu_hours
    allocation.save(
        update_fields=["is_off_purpose", "pf_reclaimed", "gpu_hours_reclaimed", "updated_at"]
    )
    return reclaim


# --- usage import ------------------------------------------------------------------------

# Column header (spaces removed, lower case) → field. Korean as the data centre's reports
# write them; English accepted.
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
