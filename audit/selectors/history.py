"""The change history of records, with readable labels and values."""

from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext

from audit.history import Source


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    record: str
    at: datetime
    actor: str
    source: str
    action: str
    changes: list[FieldChange]


def history_for(*objects, limit: int = 30) -> list[HistoryEntry]:
    """The newest changes of `objects` (a record and, say, its disbursements) with readable
    labels and values: one query for the entries, one per model named in a changed key."""
    if not objects:
        return []
    # Content types are cached by Django after the first lookup of each model.
    content_types = ContentType.objects.get_for_models(*{type(obj) for obj in objects})
    condition = Q()
    models = {}
    for obj in objects:
        content_type = content_types[type(obj)]
        models[content_type.pk] = type(obj)
        condition |= Q(content_type=content_type, object_id=obj.pk)
    entries = list(
        LogEntry.objects.filter(condition)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
    fields = {}
    wanted: dict = {}
    for entry in entries:
        model = models[entry.content_type_id]
        for name, values in (entry.changes_dict or {}).items():
            field = fields.get((model, name)) or _field(model, name)
            fields[(model, name)] = field
            if field is not None and field.is_relation and field.many_to_one:
                for value in values:
                    if value not in (None, "None", ""):
                        wanted.setdefault(field.related_model, set()).add(value)
    related = {
        related_model: {
            str(pk): str(instance)
            for pk, instance in related_model._default_manager.in_bulk(
                [_pk(related_model, value) for value in values if _pk(related_model, value)]
            ).items()
        }
        for related_model, values in wanted.items()
    }
    actions = dict(LogEntry.Action.choices)
    result = []
    for entry in entries:
        model = models[entry.content_type_id]
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            field = fields.get((model, name))
            before, after = (list(values) + [None, None])[:2]
            changes.append(
                FieldChange(
                    label=str(field.verbose_name) if field is not None else name,
                    before=_display(field, before, related),
                    after=_display(field, after, related),
                )
            )
        source = (entry.additional_data or {}).get("source", Source.SYSTEM)
        result.append(
            HistoryEntry(
                record=str(model._meta.verbose_name),
                at=entry.timestamp,
                actor=str(entry.actor) if entry.actor else (entry.actor_email or "-"),
                source=str(Source.LABELS.get(source, source)),
                action=str(actions.get(entry.action, entry.action)),
                changes=changes,
            )
        )
    return result


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _pk(model, value):
    try:
        return model._meta.pk.to_python(value)
    except ValidationError:
        return None


def _display(field, value, related) -> str:
    if value in (None, "None", ""):
        return "-"
    if field is None:
        return str(value)
    if field.is_relation and field.many_to_one:
        return related.get(field.related_model, {}).get(str(value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return gettext("Yes") if value in ("True", True) else gettext("No")
    if field.name.endswith("_krw"):
        try:
            return gettext("%(amount)s won") % {
                "amount": number_format(int(value), force_grouping=True)
            }
        except ValueError:
            return str(value)
    return str(value)
