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


TIMELINE_SHORT = 20
TIMELINE_LONG = 500


def company_timeline(*, company: Company, user, limit: int = TIMELINE_SHORT) -> list[TimelineEntry]:
    """Interactions and stage changes of `company`, newest first, in three queries; one more
    than `limit` when there are more, so the page can offer the rest."""
    interactions = list(
        Interaction.objects.visible_to(user)
        .filter(company=company)
        .select_related("staff")
        .prefetch_related("participants")[: limit + 1]
    )
    changes = list(
        StageChange.objects.filter(company=company).select_related("recorded_by")[: limit + 1]
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
    return entries[: limit + 1]
