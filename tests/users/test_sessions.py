"""Sessions: 30 minutes idle, 12 hours at most, a new key at login, logout by POST, and
deactivating a user ends every session they have."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

import time_machine
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import SEOUL, TEST_PASSWORD
from users.models import SecurityEvent, SecurityEventKind, User
from users.services import user_deactivate

START = datetime(2025, 3, 4, 9, 0, tzinfo=SEOUL)


def log_in(client, email, password=TEST_PASSWORD):
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302
    return response


def sessions_of(user):
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def test_thirty_idle_minutes_end_the_session(client, staff):
    home = reverse("companies:staff_home")
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, staff.email)
        clock.shift(timedelta(minutes=29))
        assert client.get(home).status_code == 200  # activity moves the expiry on
        clock.shift(timedelta(minutes=29))
        assert client.get(home).status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get(home)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_twelve_hours_end_the_session_however_active(client, staff):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    home = reverse("companies:staff_home")
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, staff.email)
        for _request in range(28):  # a request every 25 minutes: never idle, 11h40 in all
            clock.shift(timedelta(minutes=25))
            assert client.get(home).status_code == 200
        clock.move_to(START + timedelta(hours=12, minutes=1))
        response = client.get(home, follow=True)

        assert response.redirect_chain[0][0].startswith(reverse("account_login"))
        assert "_auth_user_id" not in client.session
    assert "Your session has expired. Please log in again." in [
        str(m) for m in response.context["messages"]
    ]
    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.LOGOUT).exists()


def test_a_session_with_no_recorded_login_time_is_ended(client, staff):
    client.force_login(staff)
    session = client.session
    del session["users_session_started_at"]
    session.save()

    assert client.get(reverse("companies:staff_home")).status_code == 302


def test_logging_in_gives_a_new_session_key(client, staff):
    anonymous = client.session
    anonymous["visited"] = True
    anonymous.save()
    old_key = anonymous.session_key

    log_in(client, staff.email)

    assert client.session.session_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()


def test_logout_needs_a_post(client, staff):
    log_in(client, staff.email)

    page = client.get(reverse("account_logout"))
    assert page.status_code == 200
    assert "_auth_user_id" in client.session

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_deactivating_a_user_ends_all_their_sessions(client, staff, executive):
    laptop, phone, colleague = client, Client(), Client()
    log_in(laptop, staff.email)
    log_in(phone, staff.email)
    log_in(colleague, executive.email)
    assert len(sessions_of(staff)) == 2
    assert UserSession.objects.filter(user=staff).count() == 2

    user_deactivate(user=staff)

    assert sessions_of(staff) == []
    assert not UserSession.objects.filter(user=staff).exists()
    for browser in (laptop, phone):
        assert browser.get(reverse("companies:staff_home")).status_code == 302
    assert colleague.get(reverse("reports:dashboard")).status_code == 200
    staff.refresh_from_db()
    assert staff.is_active is False
    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.DEACTIVATED).exists()


def test_a_session_started_outside_allauth_is_ended_too(client, staff):
    client.force_login(staff)  # like the invitation page, which logs in with Django's login()
    assert client.get(reverse("companies:staff_home")).status_code == 200

    user_deactivate(user=staff)

    assert sessions_of(staff) == []


def test_deactivating_in_the_admin_ends_the_sessions(client, staff, reauthenticate):
    log_in(Client(), staff.email)
    admin_user = User.objects.create_superuser("admin@example.kr", TEST_PASSWORD)
    client.force_login(admin_user)
    reauthenticate(client)
    url = reverse("admin:users_user_change", args=[staff.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name != "password"
    }
    data.update(is_active="", date_joined_0="2025-01-01", date_joined_1="09:00:00")
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data["groups"] = []
    data["user_permissions"] = []
    data["company"] = ""

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    staff.refresh_from_db()
    assert staff.is_active is False
    assert sessions_of(staff) == []


def test_the_admin_action_deactivates_and_ends_sessions(client, staff, executive):
    log_in(Client(), staff.email)
    log_in(Client(), executive.email)
    admin_user = User.objects.create_superuser("admin@example.kr", TEST_PASSWORD)
    client.force_login(admin_user)

    client.post(
        reverse("admin:users_user_changelist"),
        {"action": "deactivate", "_selected_action": [staff.pk, executive.pk]},
    )

    assert User.objects.filter(pk__in=[staff.pk, executive.pk], is_active=True).count() == 0
    assert sessions_of(staff) == sessions_of(executive) == []


def test_production_cookies_are_secure_and_the_deploy_check_passes():
    """With debug off, cookies are Secure, HttpOnly and SameSite, and check --deploy is clean."""
    script = """
import json
import django
from django.conf import settings
from django.core.management import call_command
django.setup()
call_command("check", deploy=True, fail_level="WARNING", verbosity=0)
print(json.dumps({name: getattr(settings, name) for name in [
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "SESSION_COOKIE_AGE", "SESSION_SAVE_EVERY_REQUEST",
    "MFA_TRUSTED_NETWORKS", "ALLAUTH_TRUSTED_PROXY_COUNT",
]}))
"""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MFA_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x7Kp2-not-a-real-key-but-long-and-random-enough-9QvLw3RtY8zBn4Hc",
        DJANGO_ALLOWED_HOSTS="crm.example.kr",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_AGE": 1800,
        "SESSION_SAVE_EVERY_REQUEST": False,
        "MFA_TRUSTED_NETWORKS": [],
        "ALLAUTH_TRUSTED_PROXY_COUNT": 0,
    }


def test_activity_saves_the_session_at_most_once_a_minute(client, staff):
    """The idle expiry moves on with activity without a database write on every request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = reverse("companies:staff_home")

    def session_writes():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(home).status_code == 200
        return sum('"django_session"' in q["sql"] and "SELECT" not in q["sql"] for q in queries)

    with time_machine.travel(START, tick=False) as clock:
        log_in(client, staff.email)
        client.get(home)
        clock.shift(timedelta(seconds=30))
        assert session_writes() == 0
        clock.shift(timedelta(seconds=31))
        assert session_writes() == 1
