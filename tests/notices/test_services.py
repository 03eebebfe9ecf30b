"""notify and the e-mails after it: one notice per recipient, e-mail only after commit and
through the task worker, each try recorded, retries, preferences, language and the digest."""

import socket
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from notices.models import (
    DeliveryStatus,
    EmailMode,
    Notice,
    NoticeDelivery,
    NoticeKind,
    NoticePreference,
    NoticeProfile,
)
from notices.services import (
    delivery_requeue_lost,
    digest_send,
    email_withheld,
    notice_preferences_save,
    notify,
    staff_for,
)
from tests.factories import FirmUserFactory, UserFactory
from tests.notices.worker import run_queued_tasks
from users.models import Role

CHANGES = {"year": 2024, "quarter": None, "reason": "매출액 증빙을 첨부해 주세요."}


def changes_requested(recipients, **kwargs):
    return notify(
        recipients=recipients,
        kind=NoticeKind.OUTCOME_CHANGES_REQUESTED,
        params=CHANGES,
        link="/portal/outcomes/1/",
        **kwargs,
    )


@pytest.fixture
def closed_port():
    """A local port nothing listens on: a mail server that refuses every connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def refusing_mail_server(settings, closed_port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port, "timeout": 2},
        }
    }


def test_one_notice_per_distinct_active_recipient(firm_user, company):
    colleague = FirmUserFactory(company=company)
    gone = FirmUserFactory(company=company, is_active=False)
    notices = changes_requested([firm_user, colleague, firm_user, gone, None])
    assert sorted(n.recipient_id for n in notices) == sorted([firm_user.pk, colleague.pk])
    assert Notice.objects.filter(recipient=gone).count() == 0


def test_the_text_is_rendered_in_the_readers_language(firm_user):
    (notice,) = changes_requested([firm_user])
    assert notice.title == "Changes requested on your 2024 (year) outcome report"
    assert notice.body == "Reason: 매출액 증빙을 첨부해 주세요."
    assert notice.params == CHANGES  # the text itself is not stored
    with translation.override("ko"):
        korean = notice.title
    assert korean != notice.title and "2024" in korean


def test_a_key_makes_a_scheduled_notice_once_per_recipient(firm_user, other_firm_user):
    changes_requested([firm_user], key="period:1")
    again = changes_requested([firm_user, other_firm_user], key="period:1")
    assert [n.recipient for n in again] == [other_firm_user]
    assert Notice.objects.filter(recipient=firm_user).count() == 1


def test_no_email_leaves_before_commit(firm_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            changes_requested([firm_user])
        run_queued_tasks()
        assert mailoutbox == []
        assert DBTaskResult.objects.count() == 0  # not even queued
    assert len(callbacks) == 1
    delivery = NoticeDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.to_address) == (
        DeliveryStatus.QUEUED,
        0,
        firm_user.email,
    )


def test_notices_made_with_email_withheld_are_in_app_only(
    firm_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, email_withheld():
        (notice,) = changes_requested([firm_user])
    assert notice.email == EmailMode.NONE
    assert callbacks == []
    assert not NoticeDelivery.objects.exists()
    assert run_queued_tasks() == 0
    assert mailoutbox == []

    (after,) = changes_requested([firm_user])  # outside the block, e-mail as the user chose
    assert after.email == EmailMode.IMMEDIATE
    assert NoticeDelivery.objects.get().notice == after


def test_a_rolled_back_decision_leaves_no_notice_and_no_email(
    firm_user, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        changes_requested([firm_user])
        raise RuntimeError("the decision failed")
    assert callbacks == []
    assert Notice.objects.count() == NoticeDelivery.objects.count() == 0
    assert run_queued_tasks() == 0
    assert mailoutbox == []


def test_the_worker_sends_the_email_after_commit_and_records_it(
    firm_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = changes_requested([firm_user])
    assert mailoutbox == []  # queued, not sent by the request
    assert run_queued_tasks() == 1

    (mail,) = mailoutbox
    delivery = NoticeDelivery.objects.get()
    assert (delivery.notice, delivery.status, delivery.attempts) == (
        notice,
        DeliveryStatus.SENT,
        1,
    )
    assert delivery.sent_at is not None and delivery.last_error == ""
    assert mail.to == [firm_user.email]
    # The agency's language unless the user chose another.
    with translation.override("ko"):
        assert mail.subject == notice.title
    assert f"http://127.0.0.1:8000/notices/{notice.pk}/open/" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and 'lang="ko"' in html
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_notice_to_many_people_queues_one_task_that_sends_each_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    staff = UserFactory.create_batch(12, role=Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        changes_requested(staff)
    assert DBTaskResult.objects.count() == 1
    assert run_queued_tasks() == 1
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(user.email for user in staff)
    assert set(NoticeDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    (result,) = DBTaskResult.objects.all()
    assert result.status == "SUCCESSFUL" and len(result.task_result.return_value) == 12


def test_one_failed_email_of_many_is_retried_on_its_own(
    mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    staff = UserFactory.create_batch(3, role=Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        changes_requested(staff)
    from django.core.mail import EmailMultiAlternatives

    send = EmailMultiAlternatives.send

    def flaky(message, *args, **kwargs):
        if message.to == [staff[1].email]:
            raise TimeoutError("timed out")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    assert run_queued_tasks() == 1
    statuses = dict(NoticeDelivery.objects.values_list("to_address", "status"))
    assert statuses == {
        staff[0].email: DeliveryStatus.SENT,
        staff[1].email: DeliveryStatus.QUEUED,
        staff[2].email: DeliveryStatus.SENT,
    }
    retry = DBTaskResult.objects.exclude(status="SUCCESSFUL").get()
    assert retry.task_result.args == [NoticeDelivery.objects.get(to_address=staff[1].email).pk]


def test_a_delivery_that_cannot_be_tried_does_not_stop_the_others(
    mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    import notices.services

    staff = UserFactory.create_batch(3, role=Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        changes_requested(staff)
    broken = NoticeDelivery.objects.get(to_address=staff[0].email).pk
    real = notices.services.delivery_send

    def send(*, delivery_id):
        if delivery_id == broken:
            raise RuntimeError("the database went away")
        return real(delivery_id=delivery_id)

    monkeypatch.setattr(notices.services, "delivery_send", send)
    assert run_queued_tasks() == 1
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([staff[1].email, staff[2].email])
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert result.task_result.return_value[str(broken)] == "error"
    # Still queued: the daily run (delivery_requeue_lost) tries it again.
    assert NoticeDelivery.objects.get(pk=broken).status == DeliveryStatus.QUEUED


def test_the_email_is_in_the_language_the_user_chose(
    firm_user, mailoutbox, django_capture_on_commit_callbacks
):
    NoticeProfile.objects.create(user=firm_user, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        changes_requested([firm_user])
    run_queued_tasks()
    assert mailoutbox[0].subject == "Changes requested on your 2024 (year) outcome report"
    assert "Reason: 매출액 증빙을 첨부해 주세요." in mailoutbox[0].body


def test_a_failed_send_is_recorded_and_retried_later(
    firm_user, mailoutbox, settings, refusing_mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        changes_requested([firm_user])
    start = timezone.now()
    run_queued_tasks()

    delivery = NoticeDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    assert delivery.last_error.startswith("ConnectionRefusedError")
    assert delivery.next_attempt_at >= start + timedelta(minutes=1)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == delivery.next_attempt_at
    assert run_queued_tasks() == 0  # not before its time

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert run_queued_tasks() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert [m.to for m in mailoutbox] == [[firm_user.email]]


def test_after_the_last_try_the_delivery_is_failed(
    firm_user, settings, refusing_mail_server, django_capture_on_commit_callbacks
):
    settings.NOTICE_EMAIL_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        changes_requested([firm_user])
    later = timezone.now()
    for _try in range(5):
        later += timedelta(hours=3)
        with time_machine.travel(later):
            run_queued_tasks()
    delivery = NoticeDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert delivery.next_attempt_at is None
    assert "ConnectionRefusedError" in delivery.last_error
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def test_a_delivery_already_sent_is_not_sent_again(
    firm_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        changes_requested([firm_user])
    delivery = NoticeDelivery.objects.get()
    from notices.tasks import send_notice_email

    send_notice_email.enqueue(delivery.pk)  # a duplicate task for the same e-mail
    assert run_queued_tasks() == 2
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("mode", "deliveries"), [(EmailMode.IMMEDIATE, 1), (EmailMode.DIGEST, 0), (EmailMode.NONE, 0)]
)
def test_the_preference_for_the_kind_decides_the_email(
    firm_user, mode, deliveries, mailoutbox, django_capture_on_commit_callbacks
):
    NoticePreference.objects.create(
        user=firm_user, kind=NoticeKind.OUTCOME_CHANGES_REQUESTED, email=mode
    )
    # Another kind's choice does not matter.
    NoticePreference.objects.create(
        user=firm_user, kind=NoticeKind.OUTCOME_ACCEPTED, email=EmailMode.NONE
    )
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = changes_requested([firm_user])
    run_queued_tasks()
    assert notice.email == mode
    assert NoticeDelivery.objects.count() == len(mailoutbox) == deliveries
    assert Notice.objects.filter(recipient=firm_user).count() == 1  # in the CRM whatever


def test_the_digest_sends_one_email_per_user_with_their_days_notices(
    firm_user, other_firm_user, staff, mailoutbox, django_capture_on_commit_callbacks
):
    for user in (firm_user, other_firm_user):
        NoticePreference.objects.create(
            user=user, kind=NoticeKind.OUTCOME_CHANGES_REQUESTED, email=EmailMode.DIGEST
        )
    NoticePreference.objects.create(
        user=firm_user, kind=NoticeKind.OUTCOME_ACCEPTED, email=EmailMode.DIGEST
    )
    changes_requested([firm_user, other_firm_user])
    notify(
        recipients=[firm_user],
        kind=NoticeKind.OUTCOME_ACCEPTED,
        params={"year": 2023, "quarter": 4},
    )
    changes_requested([staff])  # e-mailed at once: not in a digest
    NoticeProfile.objects.create(user=firm_user, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 2
    run_queued_tasks()
    mails = {m.to[0]: m for m in mailoutbox if m.to[0] != staff.email}
    assert set(mails) == {firm_user.email, other_firm_user.email}
    mine = mails[firm_user.email]
    assert mine.subject == "2 notices from the programme CRM"
    assert "Changes requested on your 2024 (year) outcome report" in mine.body
    assert "Your 2023 Q4 outcome report was accepted" in mine.body
    assert "2024" in mails[other_firm_user.email].body
    assert "2023 Q4" not in mails[other_firm_user.email].body  # only their own notices
    digest = NoticeDelivery.objects.get(recipient=firm_user)
    assert digest.is_digest and digest.status == DeliveryStatus.SENT
    assert digest.digest_notices.count() == 2

    # The next day's run has nothing new for them.
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 0


def test_a_lost_email_is_queued_again_by_the_daily_run(
    firm_user, mailoutbox, django_capture_on_commit_callbacks
):
    changes_requested([firm_user])  # its task never made it to the queue
    assert DBTaskResult.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_requeue_lost() == 0  # not yet: it may still be on its way
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        with django_capture_on_commit_callbacks(execute=True):
            assert delivery_requeue_lost() == 1
        run_queued_tasks()
    assert len(mailoutbox) == 1


def test_staff_for_a_company_is_its_assigned_staff_or_every_active_staff(company, staff):
    other = UserFactory(role=Role.STAFF)
    UserFactory(role=Role.STAFF, is_active=False)
    UserFactory(role=Role.EXECUTIVE)
    assert staff_for(company) == [staff, other]
    company.assigned_staff = other
    assert staff_for(company) == [other]


def test_preferences_take_only_the_kinds_of_the_users_role(firm_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        notice_preferences_save(
            user=firm_user,
            modes={NoticeKind.BOOKING_REQUESTED: EmailMode.NONE},
            language="ko",
        )
    assert error.value.messages == ["Choose how to get each kind of notice."]
    notice_preferences_save(
        user=firm_user, modes={NoticeKind.REPORT_DUE: EmailMode.DIGEST}, language="en"
    )
    assert NoticePreference.objects.get(user=firm_user).email == EmailMode.DIGEST
    assert NoticeProfile.objects.get(user=firm_user).language == "en"


@pytest.mark.parametrize(
    ("days_left", "title", "body"),
    [
        (7, "Your 2024 Q3 outcome report is due in 7 days", "Submit it by 2024-10-31."),
        (1, "Your 2024 Q3 outcome report is due in 1 day", "Submit it by 2024-10-31."),
        (0, "Your 2024 Q3 outcome report is due today", "Submit it today, 2024-10-31."),
        (
            -1,
            "Your 2024 Q3 outcome report is overdue",
            "It was due on 2024-10-31. Submit it as soon as you can.",
        ),
    ],
)
def test_the_reminder_says_how_long_is_left(firm_user, days_left, title, body):
    (notice,) = notify(
        recipients=[firm_user],
        kind=NoticeKind.REPORT_DUE,
        params={"year": 2024, "quarter": 3, "due_on": "2024-10-31", "days_left": days_left},
    )
    assert (notice.title, notice.body) == (title, body)
