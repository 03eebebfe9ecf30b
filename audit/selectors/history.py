"""The change history of records, with readable labels and values."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import PurePosixPath

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FileField,
    IntegerField,
    Q,
)
from django.utils.translation import gettext

from audit.history import Source
from core.display import format_moment, format_number


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
        changed = entry.changes_dict or {}
        # A file's row shows the name the user gave it (`document_name` beside `document`),
        # never the storage path; that name's own row is then left out.
        file_names = {
            f"{name}_name": name
            for name in changed
            if isinstance(fields.get((model, name)), FileField)
        }
        for name, values in changed.items():
            if name in file_names:
                continue
            field = fields.get((model, name))
            before, after = (list(values) + [None, None])[:2]
            if isinstance(field, FileField) and f"{name}_name" in changed:
                before, after = (list(changed[f"{name}_name"]) + [None, None])[:2]
                field = None
            changes.append(
                FieldChange(
                    label=str(field.verbose_name) if field is not None else _label(model, name),
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


def _label(model, name: str) -> str:
    field = _field(model, name)
    return str(field.verbose_name) if field is not None else name


def _display(field, value, related) -> str:
    """A logged value as the pages show it: moments in Seoul, money in won, figures with
    separators, a file by its name; auditlog keeps moments as naive UTC text."""
    if value in (None, "None", ""):
        return "-"
    if field is None:
        return str(value)
    if field.is_relation and field.many_to_one:
        return related.get(field.related_model, {}).get(str(value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    try:
        return _typed(field, value)
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


def _typed(field, value) -> str:
    if isinstance(field, BooleanField):
        return gettext("Yes") if value in ("True", True) else gettext("No")
    if isinstance(field, DateTimeField):
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return format_moment(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    if isinstance(field, DateField):
        return format_moment(value if isinstance(value, date) else date.fromisoformat(str(value)))
    if isinstance(field, FileField):
        return PurePosixPath(str(value)).name
    if field.name.endswith("_krw"):
        return gettext("%(amount)s won") % {"amount": format_number(int(value))}
    if isinstance(field, DecimalField):
        # GPU-hours are shown in whole hours everywhere; other decimals with their places.
        places = 0 if "gpu_hours" in field.name else field.decimal_places
        return format_number(value, places)
    if isinstance(field, IntegerField):
        # A year is a name, not a quantity: 2022, not 2,022.
        if field.name == "year" or field.name.endswith("_year"):
            return str(value)
        return format_number(int(value))
    return str(value)
