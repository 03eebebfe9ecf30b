"""Reads about compute allocations and equipment bookings, and the compute ledger: the PF in
use and the capacity in force on every day."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from compute.models import ZERO, ComputeAllocation, ComputeCapacity
from equipment.models import EquipmentBooking

# How many rows the company page and the portal home show; the lists have the rest.
SECTION_ROWS = 10
ONE_DAY = timedelta(days=1)


def _section(allocations, bookings) -> dict:
    """The first SECTION_ROWS allocations (with their usage and capacity period) and bookings
    (with their equipment and centre), and whether there are more. The company is the page's
    own, so neither joins it again."""
    allocations = (
        allocations.select_related("capacity")
        .with_usage()
        .order_by(*ComputeAllocation._meta.ordering)
    )
    bookings = bookings.select_related("equipment__centre")
    return {
        "compute_allocations": list(allocations[: SECTION_ROWS + 1]),
        "compute_bookings": list(bookings[: SECTION_ROWS + 1]),
        "compute_section_rows": SECTION_ROWS,
    }


def company_compute_context(*, company, user) -> dict:
    """What the staff company page shows about compute allocations and bookings."""
    return _section(
        ComputeAllocation.objects.visible_to(user).filter(company=company),
        EquipmentBooking.objects.visible_to(user)
        .filter(company=company)
        .order_by("-starts_at", "-pk"),
    )


def portal_compute_context(*, company) -> dict:
    """What the firm portal home shows about the firm's own allocations and bookings: upcoming
    and current bookings first, what the firm needs to act on."""
    return _section(
        ComputeAllocation.objects.filter(company=company),
        EquipmentBooking.objects.filter(company=company, ends_at__gte=timezone.now()).order_by(
            "starts_at", "pk"
        ),
    )


# --- the ledger: PF in use and capacity in force, day by day ----------------------------------


@dataclass(frozen=True)
class Span:
    """An amount of PF held (or in force) from `starts_on` through `ends_on`."""

    starts_on: date
    ends_on: date
    pf: Decimal


@dataclass(frozen=True)
class Stretch:
    """Days `starts_on` through `ends_on` on which the PF in use and in force do not change."""

    starts_on: date
    ends_on: date
    in_use: Decimal
    in_force: Decimal

    @property
    def free(self) -> Decimal:
        return self.in_force - self.in_use


def ledger(*, uses: list[Span], capacities: list[Span], start: date, end: date) -> list[Stretch]:
    """The days `start` through `end` cut where any allocation or capacity starts or ends, each
    stretch with the PF in use (the sum of allocations active) and in force (the sum of the
    capacity periods covering it)."""
    cuts = {start, end + ONE_DAY}
    for span in (*uses, *capacities):
        for day in (span.starts_on, span.ends_on + ONE_DAY):
            if start < day <= end:
                cuts.add(day)
    days = sorted(cuts)
    stretches = []
    for first, following in zip(days, days[1:], strict=False):
        in_use = sum((s.pf for s in uses if s.starts_on <= first <= s.ends_on), ZERO)
        in_force = sum((s.pf for s in capacities if s.starts_on <= first <= s.ends_on), ZERO)
        stretches.append(Stretch(first, following - ONE_DAY, in_use, in_force))
    return stretches


def allocation_spans(allocations) -> list[Span]:
    """The effective PF each of `allocations` (a queryset) holds, over its dates (one query)."""
    rows = allocations.filter(pf_allocated__isnull=False).values_list(
        "starts_on", "ends_on", "pf_allocated", "pf_reclaimed"
    )
    return [Span(first, last, pf - back) for first, last, pf, back in rows if pf - back > 0]


def capacity_spans(periods) -> list[Span]:
    """The PF each capacity period of `periods` (a queryset) puts in force (one query)."""
    rows = periods.values_list("starts_on", "ends_on", "capacity_pf")
    return [Span(first, last, pf) for first, last, pf in rows]


def compute_ledger(start: date, end: date, *, exclude=None) -> list[Stretch]:
    """The PF in use and in force on every day from `start` through `end` (two queries);
    `exclude` leaves out one allocation (its own change is being checked)."""
    allocations = ComputeAllocation.objects.filter(starts_on__lte=end, ends_on__gte=start)
    if exclude is not None:
        allocations = allocations.exclude(pk=exclude.pk)
    periods = ComputeCapacity.objects.filter(starts_on__lte=end, ends_on__gte=start)
    return ledger(
        uses=allocation_spans(allocations),
        capacities=capacity_spans(periods),
        start=start,
        end=end,
    )


@dataclass(frozen=True)
class Peak:
    """The most PF in use on any day of a period, the first day it happened and the capacity
    in force then; and the least PF free on any day of the period (what one more allocation
    for the whole period could get)."""

    in_use: Decimal
    on: date
    in_force: Decimal
    least_free: Decimal


def period_peaks(periods) -> dict[int, Peak]:
    """For each capacity period of `periods` (already read), its peak use and least free PF
    (two queries for all of them, whatever their number)."""
    periods = list(periods)
    if not periods:
        return {}
    start = min(period.starts_on for period in periods)
    end = max(period.ends_on for period in periods)
    stretches = compute_ledger(start, end)
    peaks = {}
    for period in periods:
        inside = [
            s for s in stretches if s.ends_on >= period.starts_on and s.starts_on <= period.ends_on
        ]
        top = max(inside, key=lambda s: s.in_use, default=None)
        if top is not None:
            peaks[period.pk] = Peak(
                in_use=top.in_use,
                on=max(top.starts_on, period.starts_on),
                in_force=top.in_force,
                least_free=min(s.free for s in inside),
            )
    return peaks
