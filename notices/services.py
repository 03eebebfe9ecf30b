"""Writes of notices: `notify`, which the deciding services call inside their transaction, the
e-mails the task worker sends after commit (with retries, each try recorded), the daily
digest, reading and preferences.

Notices are never made by views or signals: the service that takes a decision or makes a
request calls `notify` once, so a rolled-back decision leaves no notice and sends no e-mail.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notices.models import (
    KINDS_BY_ROLE,
    DeliveryStatus,
    EmailMode,
    Notice,
    NoticeDelivery,
    NoticeKind,
    NoticePreference,
    NoticeProfile,
)
from notices.tasks import send_notice_email, send_notice_emails
from users.models import Role, User

logger = logging.getLogger(__name__)

# Minutes to wait before each retry of an e-mail that failed: after the first failure 1, then
# 5, then 30; NOTICE_EMAIL_ATTEMPTS bounds the tries.
RETRY_MINUTES = (1, 5, 30, 120)
# A scheduled notice (a period opening, a follow-up falling due) goes out on its day, or on a
# later daily run within this many days when that day's run was missed.
CATCH_UP_DAYS = 7
# A queued e-mail this long past its due try lost its task (the worker died mid-send); the
# daily run queues it again.
LOST_AFTER = timedelta(hours=1)


# Set by `email_withheld`: the notices made meanwhile are in-app only.
_email_withheld: ContextVar[bool] = ContextVar("notice_email_withheld", default=False)


@contextmanager
def email_withheld() -> Iterator[None]:
    """Within the block, `notify` queues no e-mail: its notices are in-app only (the demo's
    seeding, whose accounts have addresses that receive no mail)."""
    token = _email_withheld.set(True)
    try:
        yield
    finally:
        _email_withheld.reset(token)


def staff_for(company) -> list[User]:
    """Who is told about a company's requests: its assigned staff member, or every active staff
    member when it has none (or theirs left)."""
    assigned = getattr(company, "assigned_staff", None)
    if assigned is not None and assigned.is_active and assigned.role == Role.STAFF:
        return [assigned]
    return list(User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk"))


def firm_users_of(company) -> list[User]:
    """The active firm users who act for `company`."""
    return list(User.objects.filter(company=company, role=Role.FIRM, is_active=True).order_by("pk"))


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    params: dict | None = None,
    link: str = "",
    key: str = "",
) -> list[Notice]:
    """One notice of `kind` to each distinct active recipient (none twice for the same `key`),
    with the e-mails their preferences ask for queued after commit (none inside
    `email_withheld`); returns the new notices."""
    if kind not in NoticeKind.values:
        raise ValueError(f"Unknown notice kind {kind!r}")
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if key and people:
        already = Notice.objects.filter(recipient__in=people, kind=kind, key=key)
        for pk in already.values_list("recipient_id", flat=True):
            people.pop(pk, None)
    if not people:
        return []
    modes = dict(
        NoticePreference.objects.filter(user__in=people, kind=kind).values_list("user_id", "email")
    )
    now = timezone.now()
    emails = not _email_withheld.get()
    with transaction.atomic():
        notices = Notice.objects.bulk_create(
            Notice(
                recipient=user,
                kind=kind,
                params=params or {},
                link=link,
                key=key,
                created_at=now,
                email=modes.get(pk, EmailMode.IMMEDIATE)
                if user.email and emails
                else EmailMode.NONE,
            )
            for pk, user in people.items()
        )
        immediate = [n for n in notices if n.email == EmailMode.IMMEDIATE]
        if immediate:
            languages = _languages([n.recipient_id for n in immediate])
            deliveries = NoticeDelivery.objects.bulk_create(
                NoticeDelivery(
                    recipient_id=n.recipient_id,
                    notice=n,
                    to_address=people[n.recipient_id].email,
                    language=languages.get(n.recipient_id, settings.LANGUAGE_CODE),
                    created_at=now,
                    next_attempt_at=now,
                )
                for n in immediate
            )
            _queue_after_commit([d.pk for d in deliveries])
    return notices


def _languages(user_ids) -> dict[int, str]:
    return dict(
        NoticeProfile.objects.filter(user_id__in=user_ids).values_list("user_id", "language")
    )


def _queue_after_commit(delivery_ids: list[int], run_after: datetime | None = None) -> None:
    """Hand the deliveries to the task worker once the transaction commits: one task for them
    all (a failed one is retried on its own, by delivery_send)."""

    def enqueue():
        if len(delivery_ids) == 1:
            task, args = send_notice_email, delivery_ids
        else:
            task, args = send_notice_emails, [list(delivery_ids)]
        if run_after:
            task = task.using(run_after=run_after)
        task.enqueue(*args)

    transaction.on_commit(enqueue)


def site_url(path: str) -> str:
    """`path` as an absolute link for an e-mail (SITE_URL), or as it is without one."""
    base = settings.SITE_URL
    return urljoin(base.rstrip("/") + "/", path.lstrip("/")) if base and path else path


def _notice_message(delivery: NoticeDelivery) -> tuple[str, str, str]:
    notice = delivery.notice
    context = {
        "notice": notice,
        "title": notice.title,
        "body": notice.body,
        "url": site_url(notice.get_absolute_url()),
        "preferences_url": site_url(reverse("notices:preferences")),
        "agency": settings.AGENCY_NAME,
    }
    return (
        notice.title,
        render_to_string("notices/email/notice.txt", context),
        render_to_string("notices/email/notice.html", context),
    )


def _digest_message(delivery: NoticeDelivery) -> tuple[str, str, str]:
    notices = list(delivery.digest_notices.order_by("created_at", "pk"))
    items = [
        {"title": n.title, "body": n.body, "url": site_url(n.get_absolute_url())} for n in notices
    ]
    count = len(items)
    subject = ngettext(
        "%(count)d notice from the programme CRM", "%(count)d notices from the programme CRM", count
    ) % {"count": count}
    context = {
        "items": items,
        "count": count,
        "subject": subject,
        "list_url": site_url(reverse("notices:list")),
        "preferences_url": site_url(reverse("notices:preferences")),
        "agency": settings.AGENCY_NAME,
    }
    return (
        subject,
        render_to_string("notices/email/digest.txt", context),
        render_to_string("notices/email/digest.html", context),
    )


def delivery_send(*, delivery_id: int) -> NoticeDelivery | None:
    """Try to send one queued e-mail (the task worker calls this). On success it is sent; on a
    failure the error and the try are recorded and the next try is queued, until
    NOTICE_EMAIL_ATTEMPTS tries have failed. A delivery not waiting to be sent is left alone."""
    now = timezone.now()
    # Claimed by a conditional update, so a second task for the same row sends nothing; no
    # transaction stays open while the mail server answers.
    claimed = NoticeDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=now
    )
    delivery = NoticeDelivery.objects.select_related("notice").filter(pk=delivery_id).first()
    if not claimed:
        return delivery
    try:
        with translation.override(delivery.language or settings.LANGUAGE_CODE):
            build = _digest_message if delivery.is_digest else _notice_message
            subject, text, html = build(delivery)
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [delivery.to_address]
        )
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception as error:  # whatever the mail server or the network raised
        logger.warning("E-mail delivery %s failed on try %s", delivery.pk, delivery.attempts)
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        if delivery.attempts >= settings.NOTICE_EMAIL_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            wait = RETRY_MINUTES[min(delivery.attempts, len(RETRY_MINUTES)) - 1]
            delivery.status = DeliveryStatus.QUEUED
            delivery.next_attempt_at = now + timedelta(minutes=wait)
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.next_attempt_at = None
    with transaction.atomic():
        delivery.save(update_fields=["last_error", "status", "sent_at", "next_attempt_at"])
        if delivery.status == DeliveryStatus.QUEUED:
            _queue_after_commit([delivery.pk], run_after=delivery.next_attempt_at)
    return delivery


def delivery_requeue_lost(*, now: datetime | None = None) -> int:
    """Queue again the e-mails whose try is long overdue: their task was lost, or their worker
    died while sending. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        lost = list(
            NoticeDelivery.objects.filter(
                status__in=(DeliveryStatus.QUEUED, DeliveryStatus.SENDING),
                next_attempt_at__lt=now - LOST_AFTER,
            ).values_list("pk", flat=True)
        )
        if lost:
            NoticeDelivery.objects.filter(pk__in=lost).update(
                status=DeliveryStatus.QUEUED, next_attempt_at=now
            )
            _queue_after_commit(lost)
    return len(lost)


def digest_send(*, now: datetime | None = None) -> int:
    """One e-mail per user with the notices they chose to get in the daily digest and have not
    had yet; returns how many e-mails were queued."""
    now = now or timezone.now()
    waiting = (
        Notice.objects.filter(email=EmailMode.DIGEST, digest__isnull=True, created_at__lte=now)
        .filter(recipient__is_active=True)
        .select_related("recipient")
        .order_by("recipient_id", "pk")
    )
    by_user: dict[int, list[Notice]] = defaultdict(list)
    for notice in waiting:
        by_user[notice.recipient_id].append(notice)
    languages = _languages(list(by_user))
    queued = 0
    for user_id, notices in by_user.items():
        with transaction.atomic():
            delivery = NoticeDelivery.objects.create(
                recipient_id=user_id,
                to_address=notices[0].recipient.email,
                language=languages.get(user_id, settings.LANGUAGE_CODE),
                created_at=now,
                next_attempt_at=now,
            )
            # Conditional: a digest run at the same time takes each notice once.
            taken = Notice.objects.filter(
                pk__in=[n.pk for n in notices], digest__isnull=True
            ).update(digest=delivery)
            if not taken:
                transaction.set_rollback(True)
                continue
            _queue_after_commit([delivery.pk])
        queued += 1
    return queued


def notice_open(*, notice: Notice) -> Notice:
    """Mark a notice read when its reader opens it (the first time only)."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def notices_mark_all_read(*, user: User) -> int:
    """Mark every unread notice of `user` read; returns how many."""
    return Notice.objects.visible_to(user).unread().update(read_at=timezone.now())


def kinds_for(user: User) -> tuple[str, ...]:
    """The kinds of notice `user`'s role receives."""
    return KINDS_BY_ROLE.get(user.role, ())


@transaction.atomic
def notice_preferences_save(*, user: User, modes: dict[str, str], language: str) -> None:
    """Store `user`'s e-mail choice per kind (kinds of their role only) and e-mail language."""
    allowed = set(kinds_for(user))
    errors = {}
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose a language.")
    if any(kind not in allowed or mode not in EmailMode.values for kind, mode in modes.items()):
        errors["__all__"] = _("Choose how to get each kind of notice.")
    if errors:
        raise ValidationError(errors)
    for kind, mode in modes.items():
        NoticePreference.objects.update_or_create(user=user, kind=kind, defaults={"email": mode})
    NoticeProfile.objects.update_or_create(user=user, defaults={"language": language})


def email_modes(user: User) -> dict[str, str]:
    """`user`'s e-mail choice for each kind of their role (e-mail each notice unless changed)."""
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, EmailMode.IMMEDIATE) for kind in kinds_for(user)}


def email_language(user: User) -> str:
    """The language of `user`'s e-mails (the agency's unless they chose another)."""
    profile = NoticeProfile.objects.filter(user=user).values_list("language", flat=True).first()
    return profile or settings.LANGUAGE_CODE
