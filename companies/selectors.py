"""Reads about companies that combine several querysets."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from companies.models import Company, Interaction, StageChange


def company_stage_on(*, company: Company, on: date) -> str | None:
    """The growth stage valid for `company` on `on`: the latest change effective on or before it."""
    return (
        StageChange.objects.filter(company=company, effective_on__lte=on)
        .order_by("-effective_on", "-pk")
        .values_list("stage", flat=True)
        .first()
    )


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "interaction" or "stage"
    at: datetime
    obj: Interaction | StageChange


def company_timeline(*, company: Company, user, limit: int = 100) -> list[TimelineEntry]:
    """Interactions and stage changes of `company`, newest first, in three queries."""
    interactions = list(
        Interaction.objects.visible_to(user)
        .filter(company=company)
        .select_related("staff")
        .prefetch_related("participants")[:limit]
    )
    changes = list(
        StageChange.objects.filter(company=company).select_related("recorded_by")[:limit]
    )
    tz = timezone.get_current_timezone()
    entries = [TimelineEntry("interaction", i.occurred_at, i) for i in interactions]
    entries += [
        TimelineEntry(
            "stage",
            timezone.make_aware(datetime.combine(c.effective_on, datetime.min.time()), tz),
            c,
        )
        for c in changes
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


def company_mou_context(*, company: Company, user) -> dict:
    """What the company page shows about MOUs and relocations (fixed query count)."""
    return {}
