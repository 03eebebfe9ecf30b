"""Reads about compute allocations and equipment bookings."""

from django.db.models import Count
from django.utils import timezone

from equipment.models import DemoCentre, Equipment


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
