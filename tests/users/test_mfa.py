"""Two-factor authentication: mandatory for staff, executives and mentors outside the agency's
networks (PIPA safeguard notice art. 6(2)), optional for firm users; codes work once."""

import re
from datetime import datetime

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from tests.factories import SEOUL, TEST_PASSWORD
from tests.users.factories import enable_mfa, totp_code
from users.models import SecurityEvent, SecurityEventKind, User
from users.network import is_trusted_network

SETUP = reverse("mfa_activate_totp")
CONFIRM = reverse("users:enrolment_confirm")


def mailed_code() -> str:
    return re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE).group(1)


@pytest.fixture(autouse=True)
def _outside_the_agency(settings):
    """Every address is outside the agency's networks unless a test says otherwise."""
    settings.MFA_TRUSTED_NETWORKS = []


def log_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def logged_in_user_id(client):
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


@pytest.mark.parametrize("who", ["staff", "executive", "mentor"])
def test_internal_users_outside_are_sent_to_the_set_up_from_every_page(client, request, who):
    user = request.getfixturevalue(who)

    log_in(client, user.email)

    assert logged_in_user_id(client) == user.pk
    for url in ["/", reverse("companies:list"), reverse("mentoring:session_list")]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, SETUP), url
    assert client.post(reverse("companies:create"), {}).status_code == 302
    assert client.get(reverse("mfa_index")).status_code == 200


def test_a_superuser_outside_must_set_up_mfa_before_the_admin(client):
    admin_user = User.objects.create_superuser("admin@example.kr", TEST_PASSWORD)
    client.force_login(admin_user)

    response = client.get(reverse("admin:index"))

    assert (response.status_code, response["Location"]) == (302, SETUP)


def test_the_redirect_says_why(client, staff):
    client.cookies["django_language"] = "en"
    client.force_login(staff)

    response = client.get("/companies/", follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert any("two-factor authentication is required" in m for m in messages)


def test_htmx_requests_are_told_to_navigate_to_the_set_up(client, staff):
    client.force_login(staff)

    response = client.get(reverse("companies:list"), headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == SETUP


def test_set_up_pages_logout_static_and_language_stay_open(client, staff):
    client.force_login(staff)

    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    # A static path is let through to the URL resolver (404 here), not sent to the set-up.
    assert client.get("/static/does-not-exist.css").status_code == 404
    language = client.post(reverse("set_language"), {"language": "en", "next": "/companies/"})
    assert (language.status_code, language["Location"]) == (302, "/companies/")
    assert client.cookies["django_language"].value == "en"
    client.post(reverse("account_logout"))
    assert logged_in_user_id(client) is None


def test_firm_users_outside_are_offered_mfa_but_not_forced(client, firm_user):
    log_in(client, firm_user.email)

    assert client.get(reverse("portal:home")).status_code == 200
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert SETUP in page.content.decode()


def test_inside_the_agency_networks_a_password_is_enough(client, settings, staff):
    settings.MFA_TRUSTED_NETWORKS = ["10.20.0.0/16", "2001:db8:1::/48"]
    client.force_login(staff)
    home = reverse("companies:staff_home")

    assert client.get(home, REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get(home, REMOTE_ADDR="2001:db8:1::7").status_code == 200
    assert client.get(home, REMOTE_ADDR="10.21.3.4")["Location"] == SETUP
    assert client.get(home, REMOTE_ADDR="2001:db8:2::7")["Location"] == SETUP


def test_x_forwarded_for_counts_only_behind_a_configured_proxy(client, settings, staff):
    settings.MFA_TRUSTED_NETWORKS = ["10.20.0.0/16"]
    client.force_login(staff)
    home = reverse("companies:staff_home")
    forged = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "10.20.3.4"}

    assert client.get(home, **forged)["Location"] == SETUP

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # the proxy at 198.51.100.7 appends the client
    assert client.get(home, **forged).status_code == 200


@pytest.mark.parametrize(
    ("ip", "trusted"),
    [
        ("10.20.0.1", True),
        ("::ffff:10.20.0.1", True),
        ("10.21.0.1", False),
        ("2001:db8:1::1", True),
        ("not-an-address", False),
        (None, False),
    ],
)
def test_trusted_network_matching(settings, ip, trusted):
    settings.MFA_TRUSTED_NETWORKS = ["10.20.0.0/16", "2001:db8:1::/48"]

    assert is_trusted_network(ip) is trusted


def test_nothing_is_trusted_by_default(settings):
    settings.MFA_TRUSTED_NETWORKS = []

    assert is_trusted_network("127.0.0.1") is False


def test_setting_up_the_authenticator_app_opens_the_crm(
    client, staff, django_capture_on_commit_callbacks
):
    log_in(client, staff.email)
    assert client.get(reverse("companies:staff_home"))["Location"] == SETUP

    # allauth asks for the password again before an authenticator is added.
    asked = client.get(SETUP)
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    # From outside, a code e-mailed to the account comes first (tests/users/test_enrolment.py).
    assert client.get(SETUP)["Location"] == CONFIRM
    client.get(CONFIRM)
    assert client.post(CONFIRM, {"code": mailed_code()})["Location"] == SETUP
    form_page = client.get(SETUP)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "<script>" not in html
    secret = form_page.context["form"].secret

    wrong = client.post(SETUP, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.context["form"].has_error("code", code="incorrect_code")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(SETUP, {"code": totp_code(secret)})

    assert done["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(done["Location"])
    assert len(codes_page.context["unused_codes"]) == 10
    assert codes_page.context["unused_codes"][0] in codes_page.content.decode()
    assert client.get(reverse("companies:staff_home")).status_code == 200
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    kinds = set(SecurityEvent.objects.filter(user=staff).values_list("kind", flat=True))
    assert {SecurityEventKind.MFA_ADDED, SecurityEventKind.RECOVERY_CODES_GENERATED} <= kinds


@pytest.mark.parametrize("networks", [[], ["127.0.0.0/8"]])
@pytest.mark.parametrize("who", ["staff", "firm_user"])
def test_with_an_authenticator_every_login_asks_for_a_code(
    client, settings, request, who, networks
):
    settings.MFA_TRUSTED_NETWORKS = networks
    user = request.getfixturevalue(who)
    secret, _codes = enable_mfa(user)

    response = log_in(client, user.email)

    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert "app-login" in page.content.decode()
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert logged_in_user_id(client) == user.pk
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_code_does_not_log_in(client, staff):
    secret, _codes = enable_mfa(staff)
    log_in(client, staff.email)
    wrong = "000000" if totp_code(secret) != "000000" else "111111"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].has_error("code", code="incorrect_code")
    assert logged_in_user_id(client) is None
    event = SecurityEvent.objects.get(kind=SecurityEventKind.MFA_FAILED)
    assert event.user == staff
    assert wrong not in str(SecurityEvent.objects.values().get(pk=event.pk))


def test_a_code_works_only_once(client, staff):
    secret, _codes = enable_mfa(staff)
    with time_machine.travel(datetime(2025, 3, 4, 9, 0, 5, tzinfo=SEOUL), tick=False):
        code = totp_code(secret)
        log_in(client, staff.email)
        client.post(reverse("mfa_authenticate"), {"code": code})
        assert logged_in_user_id(client) == staff.pk
        client.post(reverse("account_logout"))

        log_in(client, staff.email)
        again = client.post(reverse("mfa_authenticate"), {"code": code})

    assert again.status_code == 200
    assert again.context["form"].has_error("code", code="incorrect_code")
    assert logged_in_user_id(client) is None


def test_a_recovery_code_logs_in_once_and_is_recorded(client, staff):
    _secret, codes = enable_mfa(staff)

    log_in(client, staff.email)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert logged_in_user_id(client) == staff.pk
    assert SecurityEvent.objects.filter(
        user=staff, kind=SecurityEventKind.RECOVERY_CODE_USED
    ).exists()
    client.post(reverse("account_logout"))

    log_in(client, staff.email)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.context["form"].has_error("code", code="incorrect_code")
    assert logged_in_user_id(client) is None
    client.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert logged_in_user_id(client) == staff.pk


def test_turning_mfa_off_needs_reauthentication_and_is_recorded(client, firm_user):
    secret, _codes = enable_mfa(firm_user)
    client.force_login(firm_user)
    deactivate = reverse("mfa_deactivate_totp")

    asked = client.post(deactivate)
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=firm_user).count() == 2

    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
    client.post(deactivate)

    assert not Authenticator.objects.filter(user=firm_user).exists()
    assert (
        SecurityEvent.objects.filter(user=firm_user, kind=SecurityEventKind.MFA_REMOVED).count()
        == 1
    )
