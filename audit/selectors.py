"""The privacy officer's monthly review of the access records."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, TruncDate, TruncHour
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from audit.history import Source
from audit.models import AccessAction, AccessRecord
from users.models import SecurityEvent, SecurityEventKind

SECTION_LIMIT = 200


def month_range(month: date) -> tuple[datetime, datetime]:
    """The month's first and next month's first moment, in Asia/Seoul."""
    tz = timezone.get_default_timezone()
    start = month.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(following, time.min, tzinfo=tz),
    )


def last_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@dataclass
class Section:
    """One finding of the review: how many, and the first rows to look at."""

    count: int = 0
    rows: list = field(default_factory=list)


@dataclass
class MonthlyReviewData:
    month: date
    records: int = 0
    downloads: Section = field(default_factory=Section)
    heavy_viewers: Section = field(default_factory=Section)
    night: Section = field(default_factory=Section)
    deactivated: Section = field(default_factory=Section)
    failed_logins: Section = field(default_factory=Section)
    role_changes: Section = field(default_factory=Section)

    def summary(self) -> dict:
        """The counts the sign-off keeps."""
        return {
            "records": self.records,
            "downloads": self.downloads.count,
            "heavy_viewers": self.heavy_viewers.count,
            "night": self.night.count,
            "deactivated": self.deactivated.count,
            "failed_logins": self.failed_logins.count,
            "role_changes": self.role_changes.count,
        }


def _section(queryset: QuerySet) -> Section:
    rows = list(queryset[: SECTION_LIMIT + 1])
    count = len(rows) if len(rows) <= SECTION_LIMIT else queryset.count()
    return Section(count=count, rows=rows[:SECTION_LIMIT])


def monthly_review(*, month: date, user) -> MonthlyReviewData:
    """Last month's findings: downloads with their purpose, accounts that viewed unusually many
    people in a day, access between 22:00 and 07:00 (Seoul), access by accounts deactivated
    since, failed-login bursts and role or assignment changes."""
    start, end = month_range(month)
    records = AccessRecord.objects.visible_to(user).filter(at__gte=start, at__lt=end)
    data = MonthlyReviewData(month=start.date(), records=records.count())
    listed = records.select_related("user").order_by("at", "pk")
    data.downloads = _section(listed.filter(action=AccessAction.DOWNLOAD))
    data.role_changes = _section(listed.filter(action=AccessAction.ROLE_CHANGE))
    night = Q(hour__gte=22) | Q(hour__lt=7)
    data.night = _section(listed.annotate(hour=ExtractHour("at")).filter(night))
    data.deactivated = _section(listed.filter(user__is_active=False))
    threshold = settings.PIPA_DAILY_PEOPLE_THRESHOLD
    data.heavy_viewers = _section(
        records.annotate(day=TruncDate("at"))
        .values("account", "day")
        .annotate(people=Sum("people"), records=Count("pk"))
        .filter(people__gt=threshold)
        .order_by("-people", "day", "account")
    )
    data.failed_logins = _section(failed_login_bursts(start, end))
    return data


def failed_login_bursts(start: datetime, end: datetime) -> QuerySet:
    """Hours in which one address failed to log in at least PIPA_FAILED_LOGIN_BURST times."""
    return (
        SecurityEvent.objects.filter(
            kind=SecurityEventKind.LOGIN_FAILED, occurred_at__gte=start, occurred_at__lt=end
        )
        .annotate(hour=TruncHour("occurred_at"), ip=F("ip_address"))
        .values("ip", "hour")
        .annotate(failures=Count("pk"), accounts=Count("email", distinct=True))
        .filter(failures__gte=settings.PIPA_FAILED_LOGIN_BURST)
        .order_by("hour", "ip")
    )


# --- change history ---------------------------------------------------------------------------


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
