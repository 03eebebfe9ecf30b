"""Reads about compute allocations and equipment bookings."""

from django.utils import timezone

from compute.models import ComputeAllocation
from equipment.models import EquipmentBooking

# How many rows the company page and the portal home show; the lists have the rest.
SECTION_ROWS = 10


def company_compute_context(*, company, user) -> dict:
    """What the staff company page shows about compute allocations and bookings."""
    allocations = (
        ComputeAllocation.objects.visible_to(user).filter(company=company).with_list_relations()
    )
    bookings = (
        EquipmentBooking.objects.visible_to(user).filter(company=company).with_list_relations()
    )
    return {
        "compute_allocations": list(allocations[: SECTION_ROWS + 1]),
        "compute_bookings": list(bookings[: SECTION_ROWS + 1]),
        "compute_section_rows": SECTION_ROWS,
    }


def portal_compute_context(*, company) -> dict:
    """What the firm portal home shows about the firm's own allocations and bookings."""
    allocations = ComputeAllocation.objects.filter(company=company).with_list_relations()
    # Upcoming and current bookings first: what the firm needs to act on.
    bookings = (
        EquipmentBooking.objects.filter(company=company, ends_at__gte=timezone.now())
        .with_list_relations()
        .order_by("starts_at", "pk")
    )
    return {
        "compute_allocations": list(allocations[: SECTION_ROWS + 1]),
        "compute_bookings": list(bookings[: SECTION_ROWS + 1]),
        "compute_section_rows": SECTION_ROWS,
    }
