"""allauth's pages (password reset, password change, sessions, two-factor authentication) are in
the CRM's own layout with KRDS fields and buttons, worded by the CRM, and name the agency's
contact where they tell the user to contact it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.core.test_form_styling import FieldParser
from tests.users.factories import enable_mfa

pytestmark = pytest.mark.usefixtures("english_pages")

CONTACT = {
    "AGENCY_NAME": "Gwangju AI Agency",
    "AGENCY_CONTACT_NAME": "Company support team",
    "AGENCY_CONTACT_PHONE": "062-610-0001",
    "AGENCY_CONTACT_EMAIL": "support@agency.example.kr",
}

# (URL name, args, who is signed in): every account_ and mfa_ page a user can open with a GET.
PAGES = [
    ("account_login", [], None),
    ("account_reset_password", [], None),
    ("account_reset_password_done", [], None),
    ("account_reset_password_from_key", ["1", "not-a-key"], None),
    ("account_reset_password_from_key_done", [], None),
    ("account_inactive", [], None),
    ("account_signup", [], None),
    ("account_change_password", [], "staff"),
    ("account_email", [], "staff"),
    ("account_reauthenticate", [], "staff"),
    ("mfa_index", [], "staff"),
    ("mfa_activate_totp", [], "staff"),
    ("usersessions_list", [], "staff"),
    ("mfa_reauthenticate", [], "mfa_user"),
    ("mfa_deactivate_totp", [], "mfa_user"),
    ("mfa_view_recovery_codes", [], "mfa_user"),
    ("mfa_generate_recovery_codes", [], "mfa_user"),
]


@pytest.fixture
def mfa_user(firm_user):
    enable_mfa(firm_user)
    return firm_user


def _open(client, request, reauthenticate, name, args, who):
    if who is not None:
        user = request.getfixturevalue(who)
        client.force_login(user)
        if who == "staff":
            reauthenticate(client)
    response = client.get(reverse(name, args=args))
    if who == "mfa_user" and response.status_code == 302:
        # Sensitive two-factor pages ask for the password again first.
        reauthenticate(client)
        response = client.get(reverse(name, args=args))
    return response


@pytest.mark.parametrize(("name", "args", "who"), PAGES)
def test_every_account_page_is_in_the_crm_layout_with_krds_fields(
    client, request, reauthenticate, name, args, who
):
    response = _open(client, request, reauthenticate, name, args, who)
    assert response.status_code == 200, name
    html = response.content.decode()
    assert 'class="app-header' in html and 'id="main-content"' in html
    assert "<h1>" in html
    parser = FieldParser()
    parser.feed(html)
    assert parser.bare == [], name
    # Buttons are KRDS buttons: allauth's bare <button> never reaches a page.
    assert "<button>" not in html and '<button type="submit">' not in html


@pytest.mark.parametrize(
    "name",
    ["account_reset_password", "account_reset_password_done", "account_inactive"],
)
def test_pages_that_say_contact_the_agency_name_its_contact(client, settings, name):
    for key, value in CONTACT.items():
        setattr(settings, key, value)
    html = client.get(reverse(name)).content.decode()
    assert "contact the agency" in html
    assert "Gwangju AI Agency" in html and "Company support team" in html
    assert 'href="tel:062-610-0001"' in html
    assert 'href="mailto:support@agency.example.kr"' in html


def test_without_a_contact_team_the_page_names_the_agency_alone(client, settings):
    settings.AGENCY_CONTACT_NAME = settings.AGENCY_CONTACT_PHONE = ""
    settings.AGENCY_CONTACT_EMAIL = ""
    html = client.get(reverse("account_inactive")).content.decode()
    assert settings.AGENCY_NAME in html
    assert "tel:" not in html and "mailto:" not in html


def test_the_closed_sign_up_explains_invitations_and_names_the_contact(client, settings):
    settings.AGENCY_CONTACT_PHONE = "062-610-0001"
    html = client.get(reverse("account_signup")).content.decode()
    assert "Accounts are made by invitation" in html
    assert "062-610-0001" in html


def test_a_used_reset_link_says_so_and_offers_a_new_one(client):
    response = client.get(reverse("account_reset_password_from_key", args=["1", "used"]))
    html = response.content.decode()
    assert "This link no longer works" in html
    assert f'href="{reverse("account_reset_password")}"' in html


def test_the_reset_form_sends_the_link_and_shows_the_next_step(client, staff, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": staff.email})
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "Check your e-mail" in done
    assert len(mailoutbox) == 1


def test_sessions_show_times_in_seoul_in_the_one_format(client, staff):
    client.force_login(staff)
    html = client.get(reverse("usersessions_list")).content.decode()
    assert 'data-label="logged in at"' in html
    with translation.override("en"):
        assert "ago" not in html  # no "3 minutes ago": the moment itself


def test_the_reset_e_mail_names_the_agency_and_the_link(client, settings, staff, mailoutbox):
    settings.AGENCY_NAME = "Gwangju AI Agency"
    client.post(reverse("account_reset_password"), {"email": staff.email})
    (message,) = mailoutbox
    assert message.subject == "[Gwangju AI Agency] Set a new password"
    assert "testserver" not in message.subject
    assert "http://testserver/accounts/password/reset/key/" in message.body
    assert "your password stays as it is" in message.body
    assert message.body.rstrip().endswith("Gwangju AI Agency CRM")


def test_an_unknown_address_gets_no_sign_up_link(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.kr"})
    (message,) = mailoutbox
    assert "no account of the CRM uses this address" in message.body
    assert reverse("account_signup") not in message.body
