"""Notices and their e-mail records in the personal-data lifecycle: kept a year after being
read (never read, two years after being sent), e-mail records a year after sending; listed on
the retention page, destroyed with a register entry by the privacy officer or the command, and
stated in the privacy policy."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from audit.models import AccessAction, AccessRecord, DestructionMethod, DestructionRecord
from audit.selectors.retention import expired_notice_emails, expired_notices
from audit.services.retention import personal_data_destroy
from notices.models import EmailMode, Notice, NoticeDelivery
from notices.services import digest_send
from tests.factories import FirmUserFactory, StaffFactory
from tests.notices.factories import NoticeDeliveryFactory, NoticeFactory

pytestmark = pytest.mark.usefixtures("english_pages")

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = date(2031, 3, 15)
NOW = datetime(2031, 3, 15, 10, 0, tzinfo=SEOUL)


def at(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def old_notices(recipient, count=2):
    """Notices to `recipient` read two years ago, each with its sent e-mail."""
    notices = NoticeFactory.create_batch(
        count,
        recipient=recipient,
        email=EmailMode.IMMEDIATE,
        created_at=at(2029, 1, 5),
        read_at=at(2029, 1, 6),
    )
    for notice in notices:
        NoticeDeliveryFactory(notice=notice, created_at=notice.created_at)
    return notices


# --- what is past retention --------------------------------------------------------------------


def test_a_read_notice_is_kept_one_year_after_it_was_read():
    # Sent long ago, but the retention counts from the reading.
    expired = NoticeFactory(created_at=at(2028, 1, 1), read_at=at(2030, 3, 14, 23, 59))
    read_on_the_anniversary = NoticeFactory(created_at=at(2028, 1, 1), read_at=at(2030, 3, 15, 0))
    NoticeFactory(created_at=at(2028, 1, 1), read_at=at(2031, 1, 2))

    assert ids(expired_notices(TODAY)) == {expired.pk}
    assert read_on_the_anniversary.pk not in ids(expired_notices(TODAY))


def test_an_unread_notice_is_kept_two_years_after_it_was_sent():
    expired = NoticeFactory(created_at=at(2029, 3, 14, 23, 59))
    NoticeFactory(created_at=at(2029, 3, 15, 0))  # sent on the anniversary's day
    NoticeFactory(created_at=at(2030, 6, 1))

    assert ids(expired_notices(TODAY)) == {expired.pk}


def test_the_notice_retention_follows_the_settings(settings):
    read = NoticeFactory(created_at=at(2028, 12, 1), read_at=at(2029, 1, 1))
    unread = NoticeFactory(created_at=at(2028, 6, 1))
    assert ids(expired_notices(TODAY)) == {read.pk, unread.pk}

    settings.PIPA_RETENTION_NOTICE_READ_YEARS = 2
    settings.PIPA_RETENTION_NOTICE_UNREAD_YEARS = 3

    assert ids(expired_notices(TODAY)) == {read.pk}


def test_an_email_record_is_kept_one_year_after_the_email_was_sent(settings):
    expired = NoticeDeliveryFactory(created_at=at(2030, 3, 14, 23, 59))
    NoticeDeliveryFactory(created_at=at(2030, 3, 15, 0))
    assert ids(expired_notice_emails(TODAY)) == {expired.pk}

    settings.PIPA_RETENTION_NOTICE_EMAIL_YEARS = 2

    assert ids(expired_notice_emails(TODAY)) == set()


# --- the destruction ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_destroying_notices_deletes_them_with_their_emails_and_registers_the_recipients(
    privacy_officer, settings
):
    settings.LANGUAGE_CODE = "en"  # the register is written in the agency's language
    firm_user = FirmUserFactory()
    staff_member = StaffFactory()
    gone = old_notices(firm_user, 2) + old_notices(staff_member, 1)
    kept = NoticeFactory(recipient=firm_user, created_at=at(2031, 3, 1))

    record = personal_data_destroy(kind="notice", by=privacy_officer, expected=3)

    assert not Notice.objects.filter(pk__in=[n.pk for n in gone]).exists()
    assert not NoticeDelivery.objects.exists()  # each notice's e-mail record went with it
    assert Notice.objects.filter(pk=kept.pk).exists()
    assert (record.kind, record.people, record.method) == ("notice", 2, DestructionMethod.DELETED)
    assert record.details == (
        "3 records destroyed. The notices are deleted, with the e-mail records of each."
    )
    assert record.destroyed_at == NOW
    access = AccessRecord.objects.get(action=AccessAction.DELETE)
    assert (access.subject_type, access.subject_ids, access.people) == (
        "user",
        sorted([firm_user.pk, staff_member.pk]),
        2,
    )


@time_machine.travel(NOW, tick=False)
def test_destroying_email_records_keeps_the_notices_and_sends_no_digest_again(privacy_officer):
    firm_user = FirmUserFactory()
    in_digest = NoticeFactory.create_batch(
        2, recipient=firm_user, email=EmailMode.DIGEST, created_at=at(2029, 12, 1)
    )
    digest = NoticeDeliveryFactory(notice=None, recipient=firm_user, created_at=at(2029, 12, 2))
    Notice.objects.filter(pk__in=[n.pk for n in in_digest]).update(digest=digest)
    recent = NoticeDeliveryFactory(recipient=firm_user, created_at=at(2031, 2, 1))

    record = personal_data_destroy(kind="notice_email", by=privacy_officer)

    assert ids(NoticeDelivery.objects.all()) == {recent.pk}
    assert Notice.objects.filter(pk__in=[n.pk for n in in_digest]).count() == 2
    # Their digest went out: the next daily digest must not send them again.
    assert digest_send() == 0
    assert (record.kind, record.people) == ("notice_email", 1)


@time_machine.travel(NOW, tick=False)
def test_more_records_past_retention_than_confirmed_destroys_nothing(privacy_officer):
    old_notices(FirmUserFactory(), 3)

    with pytest.raises(ValidationError) as error:
        personal_data_destroy(kind="notice", by=privacy_officer, expected=2)

    assert error.value.messages == [
        "3 records are past retention now, more than the 2 you confirmed; check the list again."
    ]
    assert Notice.objects.count() == 3
    assert not DestructionRecord.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_only_the_privacy_officer_destroys_notices(staff):
    old_notices(FirmUserFactory(), 1)

    with pytest.raises(ValidationError) as error:
        personal_data_destroy(kind="notice", by=staff)

    assert error.value.messages == [
        "Only the privacy officer approves the destruction of personal data."
    ]
    assert Notice.objects.count() == 1


# --- the screens and the command ---------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_retention_page_lists_notices_and_emails_and_records_whose_they_are(
    client, privacy_officer
):
    firm_user = FirmUserFactory(name="오래된알림", email="old-notices@example.kr")
    old_notices(firm_user, 2)
    client.force_login(privacy_officer)

    response = client.get(reverse("audit:retention"))

    groups = {group.kind.key: group for group in response.context["groups"]}
    assert (groups["notice"].count, groups["notice_email"].count) == (2, 2)
    html = response.content.decode()
    assert "오래된알림" in html
    assert "old-notices@example.kr" in html
    assert "Read: 1 year after being read. Never read: 2 years after being sent." in html
    assert reverse("audit:destroy", args=["notice_email"]) in html
    listed = AccessRecord.objects.filter(action=AccessAction.LIST, subject_type="user")
    assert [record.subject_ids for record in listed] == [[firm_user.pk], [firm_user.pk]]


@time_machine.travel(NOW, tick=False)
def test_the_confirmation_page_counts_records_and_destroying_shows_the_register(
    client, privacy_officer
):
    old_notices(FirmUserFactory(), 2)
    client.force_login(privacy_officer)
    url = reverse("audit:destroy", args=["notice"])

    page = client.get(url)
    assert "2 records are past their retention." in page.content.decode()

    response = client.post(url, {"expected": 2, "confirm": "on"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("audit:destruction_list")
    (record,) = response.context["records"]
    assert (record.kind, record.people) == ("notice", 1)
    assert "The personal data of 1 person was destroyed" in response.content.decode()
    assert not Notice.objects.exists()


def test_the_destruction_register_filters_by_notices(client, privacy_officer):
    for kind in ("notice", "trainee"):
        DestructionRecord.objects.create(
            kind=kind,
            people=1,
            method=DestructionMethod.DELETED,
            details="-",
            retention="-",
            destroyed_at=NOW,
            approved_by=privacy_officer,
        )
    client.force_login(privacy_officer)

    response = client.get(reverse("audit:destruction_list"), {"kind": "notice"})

    assert [record.kind for record in response.context["records"]] == ["notice"]
    assert "<td>Notice</td>" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_command_lists_and_destroys_notices_and_email_records(privacy_officer):
    old_notices(FirmUserFactory(), 2)
    out = StringIO()

    call_command("destroy_expired_personal_data", stdout=out)

    assert "notice: 2 past retention (Read: 1 year after being read." in out.getvalue()
    assert "notice_email: 2 past retention (1 year after the e-mail was sent)" in out.getvalue()
    assert Notice.objects.count() == 2

    call_command(
        "destroy_expired_personal_data",
        "--confirm",
        "--approved-by",
        privacy_officer.email,
        stdout=out,
    )

    entries = dict(DestructionRecord.objects.values_list("kind", "people"))
    # The e-mail records went with their notices, so only the notices have an entry.
    assert entries == {"notice": 1}
    assert "notice: destroyed 2 record(s) of 1 person(s) (register entry" in out.getvalue()
    assert not NoticeDelivery.objects.exists()


# --- the privacy policy ------------------------------------------------------------------------


def test_the_policy_states_the_notice_retention_of_the_settings(client, settings):
    settings.PIPA_RETENTION_NOTICE_READ_YEARS = 3
    settings.PIPA_RETENTION_NOTICE_UNREAD_YEARS = 1
    settings.PIPA_RETENTION_NOTICE_EMAIL_YEARS = 2

    html = client.get(reverse("audit:privacy_policy")).content.decode()

    assert "Notices" in html
    assert "Read: 3 years after being read. Never read: 1 year after being sent." in html
    assert "Notice e-mails" in html
    assert "2 years after the e-mail was sent" in html
    assert "The notices are deleted, with the e-mail records of each." in html
