"""Reclaims: an off-purpose allocation flagged and its unused part taken back."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from compute.models import (
    ZERO,
    ComputeAllocation,
    ComputeReclaim,
)
from compute.services.allocations import CENT
from core.text import normalize_text
from users.models import User


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
