"""Reads about companies that combine several querysets."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Replace
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


# Joins participants' names in one column: a control character, replaced by a space in any name
# that holds it, so the names split back as they were written.
NAME_SEPARATOR = "\x1f"


def company_timeline(*, company: Company, user, limit: int = TIMELINE_SHORT) -> list[TimelineEntry]:
    """Interactions (each with `participant_names`, sorted) and stage changes of `company`,
    newest first, in two queries; one more than `limit` when there are more, so the page can
    offer the rest."""
    names = (
        Interaction.participants.through.objects.filter(interaction=OuterRef("pk"))
        .order_by()
        .values("interaction")
        .annotate(
            names=StringAgg(
                Replace("person__name", Value(NAME_SEPARATOR), Value(" ")), Value(NAME_SEPARATOR)
            )
        )
        .values("names")
    )
    interactions = list(
        Interaction.objects.visible_to(user)
        .filter(company=company)
        .select_related("staff")
        .annotate(joined_names=Subquery(names))[: limit + 1]
    )
    for interaction in interactions:
        joined = interaction.joined_names or ""
        interaction.participant_names = sorted(
            name for name in joined.split(NAME_SEPARATOR) if name
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
