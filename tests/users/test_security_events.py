"""Security events: logins, failures, lockouts and account changes are recorded with time, IP
and browser, never with a password or a code; staff read them on one page."""

import re

from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory
from users.models import SecurityEvent, SecurityEventKind, User
from users.services import security_event_record

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Whale/4.29"
WRONG = "not-the-password-123"


def log_in(client, email, password=TEST_PASSWORD):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_USER_AGENT=BROWSER,
        REMOTE_ADDR="198.51.100.23",
    )


def no_secret_in_events(*secrets):
    for row in SecurityEvent.objects.values():
        for secret in secrets:
            assert secret not in str(row)


def test_a_login_is_recorded_with_address_and_browser(client, staff):
    log_in(client, staff.email)

    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN)
    assert (event.user, event.email, event.ip_address, event.user_agent) == (
        staff,
        staff.email,
        "198.51.100.23",
        BROWSER,
    )
    no_secret_in_events(TEST_PASSWORD)


def test_a_failed_login_records_the_address_tried_not_the_password(client, staff):
    log_in(client, staff.email, WRONG)
    log_in(client, "nobody@example.kr", WRONG)

    events = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED).order_by("pk")
    assert [(e.email, e.user, e.ip_address) for e in events] == [
        (staff.email, None, "198.51.100.23"),
        ("nobody@example.kr", None, "198.51.100.23"),
    ]
    no_secret_in_events(WRONG)


def test_a_lockout_is_recorded(client, staff):
    for _attempt in range(6):
        log_in(client, staff.email, WRONG)

    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED).count() == 5
    locked = SecurityEvent.objects.get(kind=SecurityEventKind.LOCKED_OUT)
    assert (locked.email, locked.ip_address) == (staff.email, "198.51.100.23")


def test_a_logout_is_recorded(client, staff):
    log_in(client, staff.email)

    client.post(reverse("account_logout"))

    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.LOGOUT).exists()


def test_a_password_change_is_recorded(client, staff):
    client.force_login(staff)
    new = "Gwangju-orbit-7342-kettle"

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new},
    )

    assert response.status_code == 302
    assert SecurityEvent.objects.filter(
        user=staff, kind=SecurityEventKind.PASSWORD_CHANGED
    ).exists()
    no_secret_in_events(TEST_PASSWORD, new)


def test_a_password_reset_is_recorded(client, staff, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": staff.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    form_url = client.get(link.group(1))["Location"]
    new = "Gwangju-orbit-7342-kettle"

    client.post(form_url, {"password1": new, "password2": new})

    staff.refresh_from_db()
    assert staff.check_password(new)
    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.PASSWORD_RESET).exists()
    no_secret_in_events(new)


def test_an_email_change_is_recorded():
    user = UserFactory(email="old@example.kr")
    old = EmailAddress.objects.create(user=user, email="old@example.kr", primary=False)
    new = EmailAddress.objects.create(user=user, email="new@example.kr", primary=True)
    request = RequestFactory().post("/accounts/email/", REMOTE_ADDR="198.51.100.5")

    email_changed.send(
        sender=User, request=request, user=user, from_email_address=old, to_email_address=new
    )

    event = SecurityEvent.objects.get(kind=SecurityEventKind.EMAIL_CHANGED)
    assert (event.user, event.email, event.ip_address) == (user, "new@example.kr", "198.51.100.5")


def test_the_browser_is_cut_to_fit():
    request = RequestFactory().get("/", HTTP_USER_AGENT="x" * 1000)

    event = security_event_record(kind=SecurityEventKind.LOGIN, request=request)

    assert len(event.user_agent) == 255


def test_events_outlive_a_deleted_user(staff):
    security_event_record(kind=SecurityEventKind.LOGIN, user=staff)

    staff.delete()

    event = SecurityEvent.objects.get()
    assert (event.user, event.email) == (None, "staff@example.kr")


def test_staff_read_the_events_newest_first(client, staff, executive):
    client.cookies["django_language"] = "en"
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED, email="guess@example.kr")
    security_event_record(kind=SecurityEventKind.LOGIN, user=executive)
    client.force_login(staff)

    response = client.get(reverse("users:security_events"))

    events = list(response.context["events"])
    assert [e.kind for e in events[:3]] == [
        SecurityEventKind.LOGIN,  # the staff member's own force_login
        SecurityEventKind.LOGIN,
        SecurityEventKind.LOGIN_FAILED,
    ]
    html = response.content.decode()
    assert "guess@example.kr" in html
    assert "Login failed" in html


def test_the_event_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    users = UserFactory.create_batch(2)
    for user in users:
        security_event_record(kind=SecurityEventKind.LOGIN, user=user)

    def grow():
        for user in UserFactory.create_batch(20):
            security_event_record(kind=SecurityEventKind.LOGIN, user=user)

    # Expect 13 queries: session, user, sign-in bookkeeping (9), count, events with their users.
    assert_flat_queries(client, reverse("users:security_events"), grow)
