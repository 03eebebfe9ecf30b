"""Login rate limits: five wrong passwords lock an account for five minutes, while a shared
gateway lets 40 colleagues log in within a minute; the admin logs in through the same form."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import NON_FIELD_ERRORS
from django.test import Client
from django.urls import reverse

from tests.factories import SEOUL, TEST_PASSWORD, FirmUserFactory
from users.models import SecurityEvent, SecurityEventKind, User

START = datetime(2025, 3, 4, 9, 0, tzinfo=SEOUL)
WRONG = "not-the-password-123"


def log_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_forty_users_behind_one_address_all_log_in_within_a_minute(company):
    users = FirmUserFactory.create_batch(40, company=company)

    with time_machine.travel(START, tick=False) as clock:
        for user in users:
            client = Client(REMOTE_ADDR="203.0.113.10")
            response = log_in(client, user.email)
            assert response.status_code == 302, user.email
            assert int(client.session["_auth_user_id"]) == user.pk
            clock.shift(timedelta(seconds=1))

    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN).count() == 40


def test_five_wrong_passwords_lock_the_account_for_five_minutes(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        for _attempt in range(5):
            failed = log_in(client, staff.email, WRONG)
            assert failed.context["form"].has_error(NON_FIELD_ERRORS)
            assert not failed.context["form"].has_error(
                NON_FIELD_ERRORS, code="too_many_login_attempts"
            )

        refused = log_in(client, staff.email)
        assert refused.status_code == 200
        assert refused.context["form"].has_error(NON_FIELD_ERRORS, code="too_many_login_attempts")
        assert not logged_in(client)

        clock.move_to(START + timedelta(minutes=4, seconds=59))
        assert log_in(client, staff.email).status_code == 200
        assert not logged_in(client)

        clock.move_to(START + timedelta(minutes=5, seconds=1))
        accepted = log_in(client, staff.email)
        # Sessions expire 30 minutes after the pinned time: check while it is still then.
        assert accepted.status_code == 302
        assert int(client.session["_auth_user_id"]) == staff.pk

    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED).count() == 5
    assert (
        SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT, email=staff.email).count()
        == 2
    )


def test_the_lock_is_per_account_not_per_address(client, staff, executive):
    with time_machine.travel(START, tick=False):
        for _attempt in range(5):
            log_in(client, staff.email, WRONG)
        assert log_in(client, staff.email).status_code == 200

        other = Client()
        assert log_in(other, executive.email).status_code == 302
        assert logged_in(other)
        assert not logged_in(client)


def test_the_admin_login_goes_through_the_project_login(client):
    User.objects.create_superuser("admin@example.kr", TEST_PASSWORD)

    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))

    posted = client.post(
        "/admin/login/", {"username": "admin@example.kr", "password": TEST_PASSWORD}
    )
    assert posted.status_code == 302
    assert posted["Location"].startswith(reverse("account_login"))
    assert not logged_in(client)

    done = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": "admin@example.kr", "password": TEST_PASSWORD},
    )
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_is_locked_like_any_other(client):
    User.objects.create_superuser("admin@example.kr", TEST_PASSWORD)
    with time_machine.travel(START, tick=False):
        for _attempt in range(5):
            log_in(client, "admin@example.kr", WRONG)

        refused = client.post(
            reverse("account_login") + "?next=/admin/",
            {"login": "admin@example.kr", "password": TEST_PASSWORD},
        )

    assert refused.status_code == 200
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("who", ["staff", "firm_user"])
def test_a_locked_account_stays_locked_whatever_the_address(client, request, who):
    user = request.getfixturevalue(who)
    with time_machine.travel(START, tick=False):
        for n in range(5):
            log_in(client, user.email, WRONG, REMOTE_ADDR=f"198.51.100.{n + 1}")

        refused = log_in(Client(), user.email, REMOTE_ADDR="198.51.100.99")

    assert refused.context["form"].has_error(NON_FIELD_ERRORS, code="too_many_login_attempts")
