"""Allocations of AI data-centre compute within the capacity in force on every day."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, F, Max, Min, Q, Sum
from django.utils.translation import gettext as _

from companies.models import Company
from compute.models import (
    HOURS_DIGITS,
    PF_DIGITS,
    ZERO,
    ComputeAllocation,
    ComputeCapacity,
    ComputeDateChange,
)
from compute.selectors import Stretch, compute_ledger
from core.display import format_number
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


def _first_overbooked_day(
    pf: Decimal, starts_on: date, ends_on: date, *, exclude: ComputeAllocation | None = None
) -> Stretch | None:
    """The first stretch of days from `starts_on` through `ends_on` on which `pf` more does
    not fit: the allocations active that day (but `exclude`) plus `pf` would exceed the
    capacity in force that day (the caller holds the lock)."""
    for stretch in compute_ledger(starts_on, ends_on, exclude=exclude):
        if stretch.in_use + pf > stretch.in_force:
            return stretch
    return None


def _overbooked_message(stretch: Stretch) -> str:
    return _(
        "On %(day)s only %(free)s PF is free (%(capacity)s PF capacity in "
        "force, %(in_use)s PF allocated to projects active that day)."
    ) % {
        "day": stretch.starts_on.isoformat(),
        "free": format_number(max(stretch.free, ZERO), 2),
        "capacity": format_number(stretch.in_force, 2),
        "in_use": format_number(stretch.in_use, 2),
    }


def _check_pf_every_day(pf: Decimal, starts_on: date, ends_on: date) -> None:
    """`pf` more fits on every day from `starts_on` through `ends_on`: the allocations active
    that day plus `pf` stay within the capacity in force that day (the caller holds the lock)."""
    stretch = _first_overbooked_day(pf, starts_on, ends_on)
    if stretch is not None:
        raise ValidationError({"pf_allocated": _overbooked_message(stretch)}, code="capacity")


def _lock_periods(starts_on: date, ends_on: date, *also: int) -> list[ComputeCapacity]:
    """Lock every capacity period in force on any day from `starts_on` through `ends_on`, and
    the periods `also`, in one order (by id), so writers sharing a day queue here."""
    return list(
        ComputeCapacity.objects.select_for_update()
        .filter(Q(starts_on__lte=ends_on, ends_on__gte=starts_on) | Q(pk__in=also))
        .order_by("pk")
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
    locked = _lock_periods(starts_on, ends_on)
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


@transaction.atomic
def allocation_change_dates(
    *, allocation: ComputeAllocation, starts_on: date, ends_on: date, reason: str, by: User
) -> ComputeDateChange:
    """Move an allocation's first or last day (an extension, an early end) inside its period:
    with the allocation and the periods of its days locked, its PF still fits on every new day
    beside the other allocations, and the usage recorded stays inside the new dates; a dated
    row keeps the dates before and after, who and why. Nobody is notified."""
    reason = normalize_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the dates change.")}, code="reason")
    # The allocation first, then the periods (as allocation_create locks them): a concurrent
    # change of the same allocation waits here and then reads the dates this one wrote.
    allocation = ComputeAllocation.objects.select_for_update().get(pk=allocation.pk)
    if (starts_on, ends_on) == (allocation.starts_on, allocation.ends_on):
        raise ValidationError(
            _("These are already the project's dates; change the first or the last day."),
            code="unchanged",
        )
    locked = _lock_periods(starts_on, ends_on, allocation.capacity_id)
    capacity = next(period for period in locked if period.pk == allocation.capacity_id)
    _check_dates(capacity, starts_on, ends_on)
    # Read after the lock: an import of this allocation's usage locks it too (usage_import),
    # so usage imported meanwhile is committed by now, or waits and then sees the new dates.
    used = allocation.usage.aggregate(first=Min("used_on"), last=Max("used_on"))
    if used["first"] is not None and starts_on > used["first"]:
        raise ValidationError(
            {
                "starts_on": _(
                    "Usage is recorded from %(day)s; the compute cannot start after that day."
                )
                % {"day": used["first"].isoformat()}
            },
            code="usage",
        )
    if used["last"] is not None and ends_on < used["last"]:
        raise ValidationError(
            {
                "ends_on": _(
                    "Usage is recorded up to %(day)s; the compute cannot end before that day."
                )
                % {"day": used["last"].isoformat()}
            },
            code="usage",
        )
    pf = allocation.effective_pf
    if pf:
        stretch = _first_overbooked_day(pf, starts_on, ends_on, exclude=allocation)
        if stretch is not None:
            # Blame the date that added the day: it lay outside the old dates.
            field = "starts_on" if stretch.starts_on < allocation.starts_on else "ends_on"
            raise ValidationError({field: _overbooked_message(stretch)}, code="capacity")
    change = ComputeDateChange.objects.create(
        allocation=allocation,
        previous_starts_on=allocation.starts_on,
        previous_ends_on=allocation.ends_on,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        changed_by=by,
    )
    allocation.starts_on, allocation.ends_on = starts_on, ends_on
    allocation.save(update_fields=["starts_on", "ends_on", "updated_at"])
    return change
