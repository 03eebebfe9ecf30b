"""The privacy officer's monthly review and its sign-off."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
from django.utils import translation

from audit.models import AccessAction, MonthlyReview
from audit.selectors import monthly_review
from audit.services import access_record
from tests.factories import UserFactory
from users.models import Role, SecurityEvent, SecurityEventKind

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 10, 10, 0, tzinfo=SEOUL)


def at(day, hour, minute=0):
    return datetime(2026, 10, day, hour, minute, tzinfo=SEOUL)


def record(user, when, action=AccessAction.VIEW, **extra):
    return access_record(
        user=user, action=action, subject_type="person", subject="연락처", at=when, **extra
    )


@time_machine.travel(NOW, tick=False)
def test_the_review_finds_each_kind_of_unusual_access(privacy_officer, staff, settings):
    settings.PIPA_DAILY_PEOPLE_THRESHOLD = 100
    settings.PIPA_FAILED_LOGIN_BURST = 5
    record(staff, at(5, 10), AccessAction.DOWNLOAD, purpose="행사 안내", row_count=40)
    record(staff, at(6, 23, 30))  # night, Seoul time
    record(staff, at(7, 6, 59))  # night
    record(staff, at(7, 7, 0))  # not night
    record(staff, at(8, 9), people=60)
    record(staff, at(8, 15), people=60)  # 120 people on one day
    record(staff, at(9, 9), people=99)
    gone = UserFactory(role=Role.STAFF, is_active=False)
    record(gone, at(12, 11))
    record(staff, at(13, 11), AccessAction.ROLE_CHANGE)
    record(staff, datetime(2026, 11, 1, 0, 10, tzinfo=SEOUL))  # November: not in the review
    for minute in range(6):
        SecurityEvent.objects.create(
            kind=SecurityEventKind.LOGIN_FAILED,
            email=f"user{minute % 2}@example.kr",
            ip_address="203.0.113.9",
            occurred_at=at(14, 3, minute),
        )
    review = monthly_review(month=date(2026, 10, 1), user=privacy_officer)
    assert review.records == 9
    assert [r.purpose for r in review.downloads.rows] == ["행사 안내"]
    assert [r.at for r in review.night.rows] == [at(6, 23, 30), at(7, 6, 59)]
    assert [(row["account"], row["people"]) for row in review.heavy_viewers.rows] == [
        (staff.email, 120)
    ]
    assert [r.account for r in review.deactivated.rows] == [gone.email]
    assert review.role_changes.count == 1
    [burst] = review.failed_logins.rows
    assert (burst["ip"], burst["failures"], burst["accounts"]) == ("203.0.113.9", 6, 2)


def test_only_the_privacy_officer_sees_the_review(client, staff):
    client.force_login(staff)
    assert client.get(reverse("audit:review")).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_officer_signs_off_last_month_once(client, privacy_officer, staff):
    record(staff, at(5, 10), AccessAction.DOWNLOAD, purpose="감사 대응", row_count=3)
    client.force_login(privacy_officer)
    page = client.get(reverse("audit:review"))
    assert page.context["review"].month == date(2026, 10, 1)
    url = reverse("audit:review_sign_off") + "?month=2026-10"
    client.post(url, {"note": "이상 없음", "confirm": "on"})
    review = MonthlyReview.objects.get()
    assert (review.month, review.signed_by, review.note) == (
        date(2026, 10, 1),
        privacy_officer,
        "이상 없음",
    )
    assert review.summary["downloads"] == 1
    client.post(url, {"note": "다시", "confirm": "on"})
    assert MonthlyReview.objects.count() == 1
    client.post(reverse("audit:review_sign_off") + "?month=2026-11", {"note": "-", "confirm": "on"})
    assert not MonthlyReview.objects.filter(month=date(2026, 11, 1)).exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("month", ["99999999999999999999-01", "2026-13", "garbage", ""])
def test_an_impossible_month_shows_last_month(client, privacy_officer, month):
    """A year too large for a C long was an OverflowError (a 500), not the ValueError caught."""
    client.force_login(privacy_officer)
    response = client.get(reverse("audit:review"), {"month": month})
    assert response.status_code == 200
    assert response.context["review"].month == date(2026, 10, 1)


@time_machine.travel(NOW, tick=False)
def test_a_sign_off_note_with_a_nul_byte_is_refused_with_a_message(client, privacy_officer):
    """The note goes through SignOffForm: PostgreSQL cannot store a NUL byte (it was a 500)."""
    client.force_login(privacy_officer)
    url = reverse("audit:review_sign_off") + "?month=2026-10"

    response = client.post(url, {"note": "이상\x00없음", "confirm": "on"})

    assert response.status_code == 200
    assert not MonthlyReview.objects.exists()
    with translation.override("ko"):
        expected = str(ProhibitNullCharactersValidator.message)
    assert response.context["form"].errors["note"] == [expected]


@time_machine.travel(NOW, tick=False)
def test_a_sign_off_note_over_5000_characters_is_refused_not_cut(client, privacy_officer):
    client.force_login(privacy_officer)
    url = reverse("audit:review_sign_off") + "?month=2026-10"

    response = client.post(url, {"note": "가" * 5001, "confirm": "on"})

    assert not MonthlyReview.objects.exists()
    [message] = response.context["form"].errors["note"]
    assert "5000" in message and "5001" in message
    assert response.context["form"]["note"].value() == "가" * 5001  # kept for correcting
    client.post(url, {"note": "가" * 5000, "confirm": "on"})
    assert MonthlyReview.objects.get().note == "가" * 5000


@time_machine.travel(NOW, tick=False)
def test_review_page_queries_do_not_grow(client, privacy_officer, staff, assert_flat_queries):
    client.force_login(privacy_officer)
    record(staff, at(5, 23), AccessAction.DOWNLOAD, purpose="사업 관리", row_count=1)

    def grow():
        for day in range(1, 20):
            user = UserFactory(role=Role.STAFF, is_active=day % 2 == 0)
            record(user, at(day, 23), AccessAction.DOWNLOAD, purpose="사업 관리", row_count=day)
            record(user, at(day, 12), AccessAction.ROLE_CHANGE)

    # Expect 20 queries: session, user, sign-in bookkeeping (9), count, downloads, role changes,
    # access at night, access by deactivated accounts, daily totals, failed logins by hour, the
    # month's review, overdue data-subject requests.
    _, response = assert_flat_queries(
        client, reverse("audit:review"), grow, data={"month": "2026-10"}
    )
    assert response.context["review"].downloads.count == 20


def test_the_access_record_list_is_itself_recorded(client, privacy_officer, staff):
    record(staff, at(5, 10))
    client.force_login(privacy_officer)
    response = client.get(reverse("audit:record_list"))
    assert response.status_code == 200
    assert staff.email in response.content.decode()
    from audit.models import AccessRecord

    assert AccessRecord.objects.filter(user=privacy_officer, action=AccessAction.LIST).exists()
