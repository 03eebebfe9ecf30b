"""Staff invite firm users and mentors; the e-mailed link works once, for 72 hours."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from users.models import Invitation, Role, User

STRONG_PASSWORD = "빛고을-Orbit-7342-kettle"
LINK = re.compile(r"http://testserver(/users/invitations/accept/[A-Za-z0-9_-]+/)")


@pytest.fixture
def invite(client, staff, django_capture_on_commit_callbacks, mailoutbox):
    """POST the invitation form as staff; return the response (the e-mail goes on commit)."""

    def post(**data):
        client.force_login(staff)
        # The test wraps each test in a transaction that never commits, so run the callbacks.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("users:invite"), data)
        client.logout()
        return response

    return post


@pytest.fixture
def firm_link(invite, company, mailoutbox):
    """The accept path from a firm invitation's e-mail for `company`."""
    response = invite(
        email="new.firm@example.kr", name="오대표", role=Role.FIRM, company=company.pk
    )
    assert response.status_code == 302
    return LINK.search(mailoutbox[0].body).group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def accept(client, path, password, again=None):
    return client.post(path, {"password1": password, "password2": again or password}, follow=True)


def test_staff_invitation_sends_one_email_with_the_accept_link(invite, company, mailoutbox):
    response = invite(
        email="New.Firm@Example.kr", name="오대표", role=Role.FIRM, company=company.pk
    )

    assert response.status_code == 302
    assert response.url == reverse("users:invitation_list")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.firm@example.kr"]
    assert LINK.search(message.body)
    assert company.name in message.body
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.company) == (
        "new.firm@example.kr",
        Role.FIRM,
        company,
    )
    expected = timezone.now() + timedelta(hours=72)
    assert abs(invitation.expires_at - expected) < timedelta(seconds=5)


def test_only_the_hash_of_the_token_is_stored(firm_link):
    token = token_of(firm_link)
    row = Invitation.objects.values().get()

    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in str(value) for value in row.values())


def test_accepting_creates_the_firm_user_logs_in_and_lands_on_the_portal(
    client, firm_link, company
):
    form_page = client.get(firm_link)
    assert form_page.status_code == 200
    assert "password1" in form_page.context["form"].fields

    response = accept(client, firm_link, STRONG_PASSWORD)

    user = User.objects.get(email="new.firm@example.kr")
    assert (user.role, user.company, user.name) == (Role.FIRM, company, "오대표")
    assert user.check_password(STRONG_PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert [url for url, _status in response.redirect_chain] == ["/", reverse("portal:home")]
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.user == user
    assert invitation.accepted_at is not None


def test_a_used_link_is_a_404(client, firm_link):
    accept(client, firm_link, STRONG_PASSWORD)
    client.logout()

    again = client.get(firm_link)
    assert again.status_code == 404
    assert "users/invitation_invalid.html" in [t.name for t in again.templates]
    assert client.post(firm_link, {"password1": "x", "password2": "x"}).status_code == 404
    assert User.objects.filter(email="new.firm@example.kr").count() == 1


def test_a_link_older_than_72_hours_is_a_404_and_creates_no_user(client, firm_link):
    with time_machine.travel(timezone.now() + timedelta(hours=73)):
        page = client.get(firm_link)
        submitted = accept(client, firm_link, STRONG_PASSWORD)

    assert page.status_code == 404
    assert "users/invitation_invalid.html" in [t.name for t in page.templates]
    assert submitted.status_code == 404
    assert not User.objects.filter(email="new.firm@example.kr").exists()
    assert "_auth_user_id" not in client.session


def test_a_link_is_still_valid_just_before_72_hours(client, firm_link):
    with time_machine.travel(timezone.now() + timedelta(hours=71, minutes=59)):
        assert client.get(firm_link).status_code == 200


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Qz8vR2pLm4x", "password_too_short"),  # 11 characters
        ("password1234", "password_too_common"),
    ],
)
def test_a_weak_password_is_refused_and_the_link_stays_usable(client, firm_link, password, code):
    response = accept(client, firm_link, password)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("password1", code=code)
    assert not User.objects.filter(email="new.firm@example.kr").exists()
    assert "_auth_user_id" not in client.session
    assert Invitation.objects.get().accepted_at is None
    assert client.get(firm_link).status_code == 200
    accept(client, firm_link, STRONG_PASSWORD)
    assert User.objects.filter(email="new.firm@example.kr").exists()


def test_password_errors_are_shown_next_to_the_field(client, firm_link):
    response = accept(client, firm_link, "password1234")

    with translation.override("ko"):  # the page speaks Korean
        error = str(response.context["form"].errors["password1"][0])
    assert f'<div id="id_password1_error"><p class="form-hint-invalid">{error}</p>' in (
        response.content.decode()
    )


def test_mismatched_passwords_are_refused(client, firm_link):
    response = accept(client, firm_link, STRONG_PASSWORD, again=STRONG_PASSWORD + "x")

    assert response.context["form"].has_error("password2")
    assert not User.objects.filter(email="new.firm@example.kr").exists()


def test_inviting_an_email_that_has_an_account_is_a_form_error(
    invite, firm_user, company, mailoutbox
):
    response = invite(email="FIRM@example.kr", name="중복", role=Role.FIRM, company=company.pk)

    assert response.status_code == 200
    assert response.context["form"].has_error("email")
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_firm_invitation_without_company_is_a_form_error(invite, mailoutbox):
    response = invite(email="new.firm@example.kr", name="오대표", role=Role.FIRM, company="")

    assert response.status_code == 200
    assert response.context["form"].has_error("company")
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_only_firm_users_and_mentors_are_invited(invite, mailoutbox):
    response = invite(email="boss@example.kr", name="임원", role=Role.STAFF, company="")

    assert response.context["form"].has_error("role", code="invalid_choice")
    assert not Invitation.objects.exists()


def test_a_mentor_invitation_ignores_the_company(client, invite, company, mailoutbox):
    response = invite(
        email="new.mentor@example.kr", name="최멘토", role=Role.MENTOR, company=company.pk
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.company) == (Role.MENTOR, None)
    assert company.name not in mailoutbox[0].body

    landed = accept(client, LINK.search(mailoutbox[0].body).group(1), STRONG_PASSWORD)
    mentor = User.objects.get(email="new.mentor@example.kr")
    assert (mentor.role, mentor.company) == (Role.MENTOR, None)
    assert landed.redirect_chain[-1][0] == reverse("mentoring:home")


@pytest.mark.parametrize("who", ["executive", "mentor", "firm_user"])
def test_only_staff_may_invite(client, request, who, company, mailoutbox):
    client.force_login(request.getfixturevalue(who))
    data = {"email": "x@example.kr", "name": "x", "role": Role.FIRM, "company": company.pk}

    assert client.post(reverse("users:invite"), data).status_code == 403
    assert not Invitation.objects.exists()
    assert mailoutbox == []
