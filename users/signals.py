"""Receivers that turn Django's and allauth's authentication signals into security events.

They only record (through `security_event_record`); no rule lives here. Connected in
`UsersConfig.ready`.
"""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals

from users.middleware import mark_session_start
from users.models import SecurityEventKind
from users.services import security_event_record


def on_logged_in(sender, request, user, **kwargs):
    mark_session_start(request)
    security_event_record(kind=SecurityEventKind.LOGIN, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the address is kept.
    email = credentials.get("email") or credentials.get("username") or ""
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED, request=request, email=email)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, request=request, user=user)


def on_password_changed(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, request=request, user=user)


def on_password_reset(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEventKind.PASSWORD_RESET, request=request, user=user)


def on_email_changed(sender, request, user, to_email_address=None, **kwargs):
    email = to_email_address.email if to_email_address is not None else ""
    security_event_record(
        kind=SecurityEventKind.EMAIL_CHANGED, request=request, user=user, email=email
    )


def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    kind = (
        SecurityEventKind.RECOVERY_CODES_GENERATED
        if authenticator.type == Authenticator.Type.RECOVERY_CODES
        else SecurityEventKind.MFA_ADDED
    )
    security_event_record(kind=kind, request=request, user=user)


def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    # Recovery codes go with the authenticator app; one event says two-factor is off.
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        security_event_record(kind=SecurityEventKind.MFA_REMOVED, request=request, user=user)


def on_authenticator_reset(sender, request, user, authenticator, **kwargs):
    security_event_record(
        kind=SecurityEventKind.RECOVERY_CODES_GENERATED, request=request, user=user
    )


def on_authenticator_used(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        security_event_record(kind=SecurityEventKind.RECOVERY_CODE_USED, request=request, user=user)


def on_mfa_failed(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEventKind.MFA_FAILED, request=request, user=user)


def connect():
    """Connect the receivers (once, from the app config)."""
    pairs = [
        (auth_signals.user_logged_in, on_logged_in),
        (auth_signals.user_login_failed, on_login_failed),
        (auth_signals.user_logged_out, on_logged_out),
        (account_signals.password_changed, on_password_changed),
        (account_signals.password_reset, on_password_reset),
        (account_signals.email_changed, on_email_changed),
        (mfa_signals.authenticator_added, on_authenticator_added),
        (mfa_signals.authenticator_removed, on_authenticator_removed),
        (mfa_signals.authenticator_reset, on_authenticator_reset),
        (mfa_signals.authenticator_used, on_authenticator_used),
        (mfa_signals.authentication_failed, on_mfa_failed),
    ]
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"users.signals.{receiver.__name__}")
