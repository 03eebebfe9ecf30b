"""Reporting periods: their creation and opening announcements, and the reminders to firms
that have not submitted."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from notices.kinds import period_params
from notices.models import NoticeKind
from notices.services import CATCH_UP_DAYS, notify
from outcomes.models import (
    REMINDER_OFFSETS,
    OutcomeReport,
    OutcomeStatus,
    ReminderLog,
    ReportingPeriod,
)
from users.models import Role, User


def outcome_send_reminders(*, today=None) -> int:
    """Remind firms that have not submitted (a notice to each of their users, by e-mail as each
    chose): 14, 7 and 1 days before the due date and the day after it, each reminder once per
    company and period. Returns the number of companies reminded."""
    today = today or timezone.localdate()
    kinds = {today - timedelta(days=offset): kind for kind, offset in REMINDER_OFFSETS.items()}
    periods = ReportingPeriod.objects.filter(due_on__in=kinds, opens_on__lte=today)
    sent = 0
    for period in periods:
        kind = kinds[period.due_on]
        done = OutcomeReport.objects.filter(period=period).exclude(
            status__in=(OutcomeStatus.DRAFT, OutcomeStatus.CHANGES_REQUESTED)
        )
        reminded = ReminderLog.objects.filter(period=period, kind=kind)
        companies = (
            Company.objects.active()
            .filter(users__role=Role.FIRM, users__is_active=True)
            .exclude(pk__in=done.values("company_id"))
            .exclude(pk__in=reminded.values("company_id"))
            .distinct()
            .order_by("pk")
            .prefetch_related("users")
        )
        for company in companies:
            users = sorted(
                (u for u in company.users.all() if u.role == Role.FIRM and u.is_active),
                key=lambda u: u.email,
            )
            try:
                # The log row and the notices are made together; their e-mails go after commit.
                with transaction.atomic():
                    ReminderLog.objects.create(
                        company=company,
                        period=period,
                        kind=kind,
                        recipients=",".join(u.email for u in users),
                    )
                    notify(
                        recipients=users,
                        kind=NoticeKind.REPORT_DUE,
                        params={
                            **period_params(period),
                            "due_on": period.due_on.isoformat(),
                            "days_left": (period.due_on - today).days,
                        },
                        link=reverse("portal:outcome_edit", args=[period.pk]),
                        key=f"{period.pk}:{kind}",
                    )
            except IntegrityError:
                continue
            sent += 1
    return sent


@transaction.atomic
def reporting_period_create(*, period: ReportingPeriod) -> ReportingPeriod:
    """Save a new reporting period; when it is open already, firms are told at once (else the
    daily run tells them on its opening day, reporting_periods_announce)."""
    period.full_clean()
    period.save()
    today = timezone.localdate()
    if period.opens_on <= today <= period.due_on:
        _announce(period)
    return period


def reporting_periods_announce(*, today=None) -> int:
    """Tell every active firm user about the periods that opened lately and are not yet due,
    once per period; returns how many notices were made."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.filter(
        opens_on__range=(today - timedelta(days=CATCH_UP_DAYS), today), due_on__gte=today
    ).order_by("opens_on", "pk")
    made = 0
    for period in periods:
        with transaction.atomic():
            made += len(_announce(period))
    return made


def _announce(period: ReportingPeriod):
    users = User.objects.filter(role=Role.FIRM, is_active=True, company__is_active=True).order_by(
        "pk"
    )
    return notify(
        recipients=users,
        kind=NoticeKind.PERIOD_OPENED,
        params={**period_params(period), "due_on": period.due_on.isoformat()},
        link=reverse("portal:outcome_edit", args=[period.pk]),
        key=f"period:{period.pk}",
    )
