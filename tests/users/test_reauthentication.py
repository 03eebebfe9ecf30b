"""Sensitive changes need the password confirmed in the last 5 minutes: e-mail, password and
two-factor settings (allauth), users' roles (admin) and mentor assignments."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse

from mentoring.models import MentorAssignment
from tests.factories import SEOUL, TEST_PASSWORD
from tests.mentoring.factories import MentorUserFactory
from users.models import Role, User

START = datetime(2024, 7, 1, 10, 0, tzinfo=SEOUL)
REAUTH = reverse("account_reauthenticate")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(START, tick=False) as clock:
        yield clock


def assign_data(mentor):
    return {
        "mentor": mentor.pk,
        "started_on": "2024-07-01",
        "hours_budget": "12",
        "reason": "",
        "confirm": "1",
    }


def asks_for_password(response):
    return response.status_code == 302 and response["Location"].startswith(REAUTH)


def test_assigning_a_mentor_asks_for_the_password_then_does_it(client, staff, company):
    new_mentor = MentorUserFactory()
    url = reverse("mentoring:assign", args=[company.pk])
    client.force_login(staff)

    assert client.get(url).status_code == 200  # the form itself opens
    response = client.post(url, assign_data(new_mentor))

    assert asks_for_password(response)
    assert not MentorAssignment.objects.filter(mentor=new_mentor).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "app-login" in page.content.decode()

    wrong = client.post(response["Location"], {"password": "not-the-password-123"})
    assert wrong.context["form"].has_error("password")
    assert not MentorAssignment.objects.filter(mentor=new_mentor).exists()

    # allauth kept the POST and replays it once the password is confirmed.
    done = client.post(response["Location"], {"password": TEST_PASSWORD})
    assert done["Location"] == company.get_absolute_url()
    assert MentorAssignment.objects.get(mentor=new_mentor).hours_budget == Decimal("12")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("mentoring:unassign", {"reason": "기업 요청"}),
        ("mentoring:budget_change", {"hours_budget": "30", "reason": "추가 수요"}),
    ],
)
def test_changing_an_assignment_asks_for_the_password(client, staff, mentor, name, data):
    assignment = mentor.mentor_assignments.get()
    client.force_login(staff)

    response = client.post(reverse(name, args=[assignment.pk]), data)

    assert asks_for_password(response)
    assignment.refresh_from_db()
    assert (assignment.ended_on, assignment.hours_budget) == (None, Decimal("20"))


def test_the_confirmation_lasts_five_minutes(client, staff, mentor, reauthenticate, _today):
    assignment = mentor.mentor_assignments.get()
    url = reverse("mentoring:budget_change", args=[assignment.pk])
    client.force_login(staff)
    reauthenticate(client)

    _today.shift(timedelta(minutes=4, seconds=50))
    assert client.post(url, {"hours_budget": "25", "reason": ""}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.hours_budget == Decimal("25")

    _today.shift(timedelta(seconds=20))
    assert asks_for_password(client.post(url, {"hours_budget": "30", "reason": ""}))
    assignment.refresh_from_db()
    assert assignment.hours_budget == Decimal("25")


def test_other_roles_still_get_403_not_a_password_prompt(client, firm_user, mentor, company):
    client.force_login(firm_user)
    assignment = mentor.mentor_assignments.get()

    assert client.post(reverse("mentoring:assign", args=[company.pk]), {}).status_code == 403
    assert client.post(reverse("mentoring:unassign", args=[assignment.pk]), {}).status_code == 403


def test_changing_a_role_in_the_admin_asks_for_the_password(client, staff):
    admin_user = User.objects.create_superuser("admin@example.kr", TEST_PASSWORD)
    client.force_login(admin_user)
    url = reverse("admin:users_user_change", args=[staff.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"email": staff.email, "role": Role.EXECUTIVE})

    assert asks_for_password(response)
    staff.refresh_from_db()
    assert staff.role == Role.STAFF


def test_adding_an_email_address_asks_for_the_password(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "other@example.kr"}
    )

    assert asks_for_password(response)
    assert not EmailAddress.objects.filter(email="other@example.kr").exists()


def test_setting_up_two_factor_asks_for_the_password(client, firm_user):
    client.force_login(firm_user)

    assert asks_for_password(client.get(reverse("mfa_activate_totp")))


def test_changing_the_password_needs_the_current_one(client, staff):
    """allauth's password change asks for the current password in the same form."""
    client.force_login(staff)
    new = "Gwangju-orbit-7342-kettle"

    refused = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-the-password-123", "password1": new, "password2": new},
    )

    assert refused.context["form"].has_error("oldpassword")
    staff.refresh_from_db()
    assert staff.check_password(TEST_PASSWORD)


def test_the_reauthentication_timeout_is_five_minutes(settings):
    assert settings.ACCOUNT_REAUTHENTICATION_TIMEOUT == 300
    assert settings.ACCOUNT_REAUTHENTICATION_REQUIRED is True
