"""Two-factor authentication for tests: an authenticator app's secret and its current code."""

import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)


def totp_code(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app with `secret` shows at `at` (default: now)."""
    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // 30))


def enable_mfa(user) -> tuple[str, list[str]]:
    """Give `user` an authenticator app and recovery codes; return the secret and the codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    return secret, codes
