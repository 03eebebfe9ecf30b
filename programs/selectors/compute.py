"""Reads about compute allocations and equipment bookings."""

from django.db.models import Count
from django.utils import timezone

from programs.models import ComputeAllocation, DemoCentre, Equipment, EquipmentBooking

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


def equipment_counts_by_year(*, user, until_year: int | None = None) -> dict:
    """Equipment types per centre in service by the end of each year (cumulative), with the
    number added that year; years from the first in-service year to `until_year` or the last
    planned year, whichever is later. Two queries."""
    centres = list(DemoCentre.objects.visible_to(user).order_by("name"))
    added = {
        (row["centre_id"], row["in_service_year"]): row["count"]
        for row in Equipment.objects.visible_to(user)
        .values("centre_id", "in_service_year")
        .annotate(count=Count("pk"))
        .order_by()
    }
    if not added:
        return {"years": [], "rows": [], "totals": []}
    first = min(year for _centre, year in added)
    last = max(max(year for _centre, year in added), until_year or timezone.localdate().year)
    years = list(range(first, last + 1))
    rows = []
    for centre in centres:
        running, cells = 0, []
        for year in years:
            new = added.get((centre.pk, year), 0)
            running += new
            cells.append({"year": year, "added": new, "total": running})
        rows.append({"centre": centre, "cells": cells})
    totals = [
        {
            "year": year,
            "added": sum(row["cells"][i]["added"] for row in rows),
            "total": sum(row["cells"][i]["total"] for row in rows),
        }
        for i, year in enumerate(years)
    ]
    return {"years": years, "rows": rows, "totals": totals}
