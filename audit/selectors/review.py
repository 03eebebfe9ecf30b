"""The privacy officer's monthly review of the access records."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, TruncDate, TruncHour
from django.utils import timezone

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


def review_default_month(*, user, today: date | None = None) -> date:
    """The month the review opens on: the latest ended month (Seoul) with access records, or
    last month when no ended month has any."""
    today = today or timezone.localdate()
    this_month_start, _ = month_range(today)
    latest = (
        AccessRecord.objects.visible_to(user)
        .filter(at__lt=this_month_start)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if latest is None:
        return last_month(today)
    return timezone.localtime(latest).date().replace(day=1)


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
