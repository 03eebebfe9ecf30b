"""CSRF is enforced on every POST: a form posted without the token is refused by Django's CSRF
check (403 from the CSRF failure view), even for a signed-in user whom the page allows.

Each URL of the permission table is posted to twice by a user the row allows: without a token
(refused, and the refusal is the CSRF one: logged on `django.security.csrf` with Django's
reason) and with a valid token (anything but a CSRF refusal).
"""

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from tests.factories import TEST_PASSWORD
from tests.module_data import cast_made_once, module_client
from tests.test_permissions import ROWS, WHO, _url
from users.models import Invitation, Role, hash_token

# Status codes and HTML only: pages render without the test record of templates and contexts.
pytestmark = pytest.mark.usefixtures("without_template_capture")

# The users and companies are made once for the module (by each worker that runs its tests);
# each test's own rows and changes are rolled back after it.
(
    module_cast,
    company,
    other_company,
    staff,
    privacy_officer,
    executive,
    mentor,
    unassigned_mentor,
    firm_user,
    other_firm_user,
) = cast_made_once()
client = module_client()

ALLOWED = (200, 302)
# Some form data; the view never sees it when the token is missing.
PROBE = {"name": "CSRF 시험", "title": "CSRF 시험", "q": "probe", "note": "probe"}


def allowed_user(allowed: dict) -> str | None:
    """The first signed-in user (in the table's order) whom the row lets in."""
    for who in WHO[1:]:
        status = allowed.get(who)
        if who == "privacy_officer" and who not in allowed:
            status = allowed.get("staff")  # a staff member first, with the audit screens
        if status in ALLOWED:
            return who
    return None


SIGNED_IN = sorted(name for name, (_, _, allowed) in ROWS.items() if allowed_user(allowed))
NOBODY = sorted(set(ROWS) - set(SIGNED_IN))


class _Reasons(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def csrf_refusals():
    """The messages Django's CSRF middleware logs when it refuses a request."""
    handler = _Reasons()
    logger = logging.getLogger("django.security.csrf")
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


@pytest.fixture
def csrf_client():
    """A browser that enforces CSRF and already holds the CSRF cookie (as after any page view);
    `client.token` is the secret a genuine form would carry."""
    client = Client(enforce_csrf_checks=True)
    client.token = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = client.token
    return client


def assert_csrf_refusal(response, refusals, path):
    assert response.status_code == 403
    assert refusals == [f"Forbidden ({REASON_CSRF_TOKEN_MISSING}): {path}"]
    # Django's CSRF failure page, not the CRM's "Your role does not give access" page.
    assert "CSRF" in response.content.decode()


def assert_not_csrf_refusal(response, refusals):
    assert refusals == []
    assert response.status_code != 403


def test_every_row_without_an_allowed_user_is_counted():
    """Only the public invitation page has no user whom the table allows (an unknown token is a
    404 for everybody); it is covered with a real invitation below."""
    assert NOBODY == ["users:accept"]
    assert len(SIGNED_IN) == len(ROWS) - 1


@pytest.mark.parametrize("name", SIGNED_IN)
def test_post_without_a_csrf_token_is_refused(csrf_client, csrf_refusals, request, company, name):
    _, kind, allowed = ROWS[name]
    url = _url(name, kind, company, request)
    csrf_client.force_login(request.getfixturevalue(allowed_user(allowed)))

    response = csrf_client.post(url, PROBE)

    assert_csrf_refusal(response, csrf_refusals, url)
    csrf_refusals.clear()
    response = csrf_client.post(url, {**PROBE, "csrfmiddlewaretoken": csrf_client.token})
    assert_not_csrf_refusal(response, csrf_refusals)


def test_a_role_refusal_is_not_mistaken_for_a_csrf_refusal(csrf_client, csrf_refusals, firm_user):
    """The check above can fail: a refused role's 403 logs no CSRF reason and names no CSRF."""
    csrf_client.force_login(firm_user)
    url = reverse("companies:create")

    response = csrf_client.post(url, {**PROBE, "csrfmiddlewaretoken": csrf_client.token})

    assert response.status_code == 403
    assert csrf_refusals == []
    assert "CSRF" not in response.content.decode()


def test_a_header_token_is_accepted_like_the_form_field(csrf_client, csrf_refusals, staff):
    """htmx sends the token in X-CSRFToken (base.html's data-csrf-token); that passes too."""
    csrf_client.force_login(staff)
    response = csrf_client.post(
        reverse("companies:create"), PROBE, headers={"X-CSRFToken": csrf_client.token}
    )
    assert_not_csrf_refusal(response, csrf_refusals)


def test_a_wrong_token_is_refused(csrf_client, csrf_refusals, staff):
    csrf_client.force_login(staff)
    url = reverse("companies:create")

    response = csrf_client.post(url, {**PROBE, "csrfmiddlewaretoken": get_random_string(32)})

    assert response.status_code == 403
    assert csrf_refusals == [f"Forbidden (CSRF token from POST incorrect.): {url}"]


def test_invitation_accept_without_a_token_creates_no_account(
    csrf_client, csrf_refusals, staff, company
):
    """The public invitation page (the one row with no allowed user) with a live invitation:
    a forged POST neither creates the account nor signs anybody in."""
    token = "live-invitation-token"
    invitation = Invitation.objects.create(
        email="invitee@example.kr",
        name="초대받은이",
        role=Role.FIRM,
        company=company,
        invited_by=staff,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(hours=72),
    )
    url = reverse("users:accept", args=[token])
    form = {"password1": "빛고을-Orbit-7342-kettle", "password2": "빛고을-Orbit-7342-kettle"}

    response = csrf_client.post(url, form)

    assert_csrf_refusal(response, csrf_refusals, url)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    csrf_refusals.clear()
    response = csrf_client.post(url, {**form, "csrfmiddlewaretoken": csrf_client.token})
    assert_not_csrf_refusal(response, csrf_refusals)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_login_without_a_token_is_refused_and_signs_nobody_in(csrf_client, csrf_refusals, staff):
    url = reverse("account_login")
    form = {"login": staff.email, "password": TEST_PASSWORD}

    response = csrf_client.post(url, form)

    assert_csrf_refusal(response, csrf_refusals, url)
    assert "_auth_user_id" not in csrf_client.session
    csrf_refusals.clear()
    response = csrf_client.post(url, {**form, "csrfmiddlewaretoken": csrf_client.token})
    assert_not_csrf_refusal(response, csrf_refusals)
    assert response.status_code == 302
    assert csrf_client.session["_auth_user_id"] == str(staff.pk)


def test_logout_without_a_token_is_refused_and_keeps_the_session(csrf_client, csrf_refusals, staff):
    csrf_client.force_login(staff)
    url = reverse("account_logout")

    response = csrf_client.post(url)

    assert_csrf_refusal(response, csrf_refusals, url)
    assert csrf_client.get(reverse("companies:staff_home")).status_code == 200
    csrf_refusals.clear()
    response = csrf_client.post(url, {"csrfmiddlewaretoken": csrf_client.token})
    assert_not_csrf_refusal(response, csrf_refusals)
    assert response.status_code == 302
    assert csrf_client.get(reverse("companies:staff_home")).status_code == 302


@pytest.mark.parametrize(
    "name", ["account_reauthenticate", "account_change_password", "mfa_activate_totp"]
)
def test_allauth_account_forms_without_a_token_are_refused(csrf_client, csrf_refusals, staff, name):
    csrf_client.force_login(staff)
    url = reverse(name)

    response = csrf_client.post(url, {"password": TEST_PASSWORD, "code": "123456"})

    assert_csrf_refusal(response, csrf_refusals, url)
