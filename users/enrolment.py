"""An e-mailed code before a first authenticator app is added from outside the agency's networks.

Without it, a password alone — phished or guessed — would be enough to add the attacker's own
authenticator app from anywhere, and two-factor authentication would protect nothing for an
account that has not set it up yet. The code proves the mailbox too. It lives in the session,
hashed, for ten minutes and five tries; a new one may be sent once a minute. Confirmed, the
session may add an authenticator for the next fifteen minutes.
"""

import secrets
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from users.models import SecurityEventKind
from users.network import client_ip, is_trusted_network
from users.services import security_event_record

CODE_KEY = "mfa_enrolment_code"
CONFIRMED_KEY = "mfa_enrolment_confirmed_until"
CODE_SECONDS = 10 * 60
CONFIRMED_SECONDS = 15 * 60
RESEND_SECONDS = 60
MAX_TRIES = 5


def _digest(user, code: str) -> str:
    return salted_hmac("users.enrolment", f"{user.pk}:{code}", algorithm="sha256").hexdigest()


def confirmation_needed(request) -> bool:
    """True when this request may add a first authenticator only after an e-mailed code."""
    if is_trusted_network(client_ip(request)):
        return False
    if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
        return False
    until = request.session.get(CONFIRMED_KEY)
    return not (isinstance(until, int | float) and time.time() < until)


def masked_email(email: str) -> str:
    """The address as the page shows it, enough to recognise and not to harvest: for
    kim.minsu@example.kr, ki•••••••@example.kr."""
    local, _at, domain = email.partition("@")
    return f"{local[:2]}{'•' * max(len(local) - 2, 1)}@{domain}"


def send_code(request, *, again: bool = False) -> bool:
    """E-mail a new code unless one is still usable (or, asked `again`, unless the last went
    out under a minute ago). True when a code was sent."""
    now = time.time()
    state = request.session.get(CODE_KEY)
    if isinstance(state, dict):
        usable = now < state["expires"] and state["tries"] < MAX_TRIES
        if (usable and not again) or now - state["sent"] < RESEND_SECONDS:
            return False
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[CODE_KEY] = {
        "digest": _digest(request.user, code),
        "expires": now + CODE_SECONDS,
        "sent": now,
        "tries": 0,
    }
    context = {"user": request.user, "code": code, "minutes": CODE_SECONDS // 60}
    with translation.override("ko"):
        subject = _("Your code to set up two-factor authentication")
        body = render_to_string("users/email/mfa_enrolment_code.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [request.user.email])
    # Somebody had the password: the security events show it even if the mail goes unread.
    security_event_record(
        kind=SecurityEventKind.ENROLMENT_CODE_SENT, request=request, user=request.user
    )
    return True


def check_code(request, code: str) -> str | None:
    """None when `code` is the e-mailed one (the session may then add an authenticator);
    otherwise why not: "expired", "too_many" or "incorrect"."""
    state = request.session.get(CODE_KEY)
    if not isinstance(state, dict) or time.time() >= state["expires"]:
        return "expired"
    if state["tries"] >= MAX_TRIES:
        return "too_many"
    state["tries"] += 1
    request.session[CODE_KEY] = state
    if not constant_time_compare(state["digest"], _digest(request.user, code.strip())):
        security_event_record(
            kind=SecurityEventKind.ENROLMENT_CODE_FAILED, request=request, user=request.user
        )
        return "too_many" if state["tries"] >= MAX_TRIES else "incorrect"
    del request.session[CODE_KEY]
    request.session[CONFIRMED_KEY] = time.time() + CONFIRMED_SECONDS
    return None


def forget(request) -> None:
    """The authenticator is added: the confirmation is spent."""
    request.session.pop(CODE_KEY, None)
    request.session.pop(CONFIRMED_KEY, None)
