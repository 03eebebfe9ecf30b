"""Change history (who changed what from what to what, when, from where) with django-auditlog.

Every save() of a registered model writes a LogEntry through auditlog's signals. The request's
user, IP address and the source ("screen", "import", "system") come from history_context(),
which AuditContextMiddleware opens for each request and imports and commands open themselves.
Writes that bypass save() (bulk_create, queryset.update) call history_log() explicitly.
"""

import contextlib
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class Source:
    SCREEN = "screen"
    IMPORT = "import"
    SYSTEM = "system"

    LABELS = {SCREEN: _("screen"), IMPORT: _("import"), SYSTEM: _("system")}


# Model → the fields whose changes are recorded (None: all its columns but the timestamps).
TRACKED = {
    "companies.Company": None,
    "mous.Mou": None,
    "mous.Relocation": None,
    "programs.SupportAward": None,
    "programs.AwardInstalment": None,
    "programs.Disbursement": None,
    "compute.ComputeAllocation": None,
    "outcomes.OutcomeReport": None,
    "outcomes.Patent": None,
    "mentoring.MentorAssignment": None,
    # Its year and last day decide when its trainees count as trained.
    "training.TrainingCourse": None,
    # What the KPI reports count and compare with: the indicators' definitions and targets.
    "reports.KpiIndicator": None,
    "reports.KpiTarget": None,
    # Never the password or login times: only what decides access.
    "users.User": [
        "email",
        "name",
        "role",
        "company",
        "is_active",
        "is_privacy_officer",
        "is_staff",
        "is_superuser",
    ],
}


@dataclass(frozen=True)
class HistoryContext:
    actor: object = None
    source: str = Source.SYSTEM
    remote_addr: str | None = None


# A context variable, not auditlog's own context: it nests and resets cleanly.
_current: ContextVar[HistoryContext | None] = ContextVar("history_context", default=None)
_NO_CONTEXT = HistoryContext()


def _context() -> HistoryContext:
    return _current.get() or _NO_CONTEXT


def register_history() -> None:
    for label, fields in TRACKED.items():
        model = apps.get_model(label)
        if auditlog.contains(model):
            continue
        # The model's own columns only: auditlog would otherwise list reverse relations too.
        fields = fields or [
            field.name
            for field in model._meta.concrete_fields
            if field.name not in ("id", "created_at", "updated_at")
        ]
        auditlog.register(model, include_fields=fields)
    pre_save.connect(_fill_entry, sender=LogEntry, dispatch_uid="audit_history_context")


def _fill_entry(sender, instance, raw=False, **kwargs):
    """Give each history entry the actor, address and source of the current context."""
    if raw:  # loaded from a backup as it was
        return
    context = _context()
    actor = context.actor
    if instance.actor_id is None and getattr(actor, "is_authenticated", False):
        instance.actor = actor
        instance.actor_email = actor.email
    if instance.remote_addr is None:
        instance.remote_addr = context.remote_addr
    data = dict(instance.additional_data or {})
    data.setdefault("source", context.source)
    instance.additional_data = data


@contextlib.contextmanager
def history_context(*, actor=None, source: str = Source.SCREEN, remote_addr: str | None = None):
    """Within this block every history entry records `actor`, `source` and `remote_addr`."""
    token = _current.set(HistoryContext(actor=actor, source=source, remote_addr=remote_addr))
    try:
        yield
    finally:
        _current.reset(token)


def history_log(
    instances: Iterable[Model],
    *,
    action: int = LogEntry.Action.CREATE,
    changes: dict | None = None,
    actor=None,
    source: str | None = None,
) -> None:
    """History entries for writes that bypass save(): bulk_create, queryset.update(). The
    actor and source default to the current context's."""
    context = _context()
    actor = actor if actor is not None else context.actor
    source = source or context.source
    instances = list(instances)
    if not instances:
        return
    content_type = ContentType.objects.get_for_model(instances[0])
    entries = []
    for instance in instances:
        entry_changes = changes
        if entry_changes is None:
            entry_changes = {
                field.name: ["None", str(getattr(instance, field.attname))]
                for field in instance._meta.concrete_fields
                if field.name not in ("id", "created_at", "updated_at")
            }
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(instance.pk),
                object_id=instance.pk,
                object_repr=str(instance)[:200],
                action=action,
                changes=entry_changes,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                actor_email=getattr(actor, "email", None),
                remote_addr=context.remote_addr,
                additional_data={"source": source},
            )
        )
    LogEntry.objects.bulk_create(entries)


def current_remote_addr() -> str | None:
    """The client address of the request being handled, if any."""
    return _context().remote_addr
