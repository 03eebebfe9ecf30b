"""Session limits and mandatory two-factor authentication, checked on every request."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from users.network import client_ip, is_trusted_network
from users.permissions import INTERNAL

SESSION_START_KEY = "users_session_started_at"
SESSION_SEEN_KEY = "users_session_seen_at"
# Activity moves the idle expiry on, but writes the session at most this often (seconds):
# a session then ends between 29 and 30 idle minutes, with no write on most requests.
SESSION_REFRESH_EVERY = 60

# Roles that handle personal data inside the programme: two-factor authentication is
# mandatory for them outside the agency's networks (PIPA safeguard notice art. 6(2)).
MFA_REQUIRED_ROLES = INTERNAL

# What a user who must set up two-factor authentication may still open.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "users:enrolment_confirm",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "set_language",
    }
)


def mark_session_start(request) -> None:
    """Remember when this session logged in; the 12-hour limit counts from here."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_START_KEY] = timezone.now().timestamp()


def session_is_too_old(request) -> bool:
    """True when the session logged in more than SESSION_ABSOLUTE_AGE seconds ago (or never
    recorded when, as sessions from before this limit)."""
    started = request.session.get(SESSION_START_KEY)
    if not isinstance(started, int | float):
        return True
    return timezone.now().timestamp() - started > settings.SESSION_ABSOLUTE_AGE


class SessionLimitsMiddleware:
    """Log out a session 12 hours after its login, however active it was, and keep an active
    session alive: a saved session expires SESSION_COOKIE_AGE (30 minutes) after its last
    save, and activity saves it again once SESSION_REFRESH_EVERY seconds have passed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            if session_is_too_old(request):
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
            else:
                now = timezone.now().timestamp()
                seen = request.session.get(SESSION_SEEN_KEY)
                if not isinstance(seen, int | float) or now - seen >= SESSION_REFRESH_EVERY:
                    request.session[SESSION_SEEN_KEY] = now  # saved, with a new expiry
                    # Known to allauth.usersessions, whatever logged it in, so that
                    # deactivating the user ends it (the list is updated once a minute).
                    UserSession.objects.create_from_request(request)
        return self.get_response(request)


def mfa_required(user) -> bool:
    """True when `user` must use two-factor authentication outside the agency's networks."""
    return user.is_superuser or user.role in MFA_REQUIRED_ROLES


def _is_mfa_setup_path(request) -> bool:
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in MFA_SETUP_URL_NAMES


class MfaRequiredMiddleware:
    """Send staff, executives, mentors and superusers connecting from outside the agency's
    networks to the two-factor set-up page until they have an authenticator app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and mfa_required(user)
            and not is_trusted_network(client_ip(request))
            and not _is_mfa_setup_path(request)
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        ):
            return self._to_setup(request)
        return self.get_response(request)

    def _to_setup(self, request):
        messages.warning(
            request,
            _(
                "Outside the agency's network, two-factor authentication is required. "
                "Set up an authenticator app to continue."
            ),
        )
        url = reverse("mfa_activate_totp")
        if request.headers.get("HX-Request") == "true":
            # htmx would put the set-up page inside the current one; make it navigate.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
