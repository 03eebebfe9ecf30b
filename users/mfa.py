"""Two-factor secrets are stored encrypted.

allauth keeps each user's TOTP secret and recovery-code seed in the database and passes them
through the MFA adapter's encrypt/decrypt hooks, which store them in the clear unless a project
overrides them. Here they are Fernet tokens (AES-128-CBC with HMAC-SHA256) under a key derived
from SECRET_KEY; the keys derived from SECRET_KEY_FALLBACKS still decrypt, so the secret key
can be rotated the way Django rotates it, without locking anyone out of their authenticator.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PURPOSE = b"programme-crm:mfa-secrets"


def fernet_key(secret_key: str) -> bytes:
    """A Fernet key for the MFA secrets, derived from a Django secret key and this purpose."""
    digest = hashlib.sha256(PURPOSE + b"\0" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def mfa_fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([Fernet(fernet_key(key)) for key in keys])


class MfaAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return mfa_fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return mfa_fernet().decrypt(encrypted_text.encode()).decode()
        except InvalidToken as error:
            # Not the user's fault and not theirs to fix: say what the operator must do.
            raise ImproperlyConfigured(
                "A two-factor secret cannot be decrypted: DJANGO_SECRET_KEY has changed. Put the "
                "previous key in DJANGO_SECRET_KEY_FALLBACKS (then run reencrypt_mfa_secrets)."
            ) from error


# Fernet tokens begin with the version byte 0x80, "gAAAAA" in base64. allauth's TOTP secrets are
# base32 (upper case) and its recovery-code seeds hexadecimal, so neither can be taken for one.
TOKEN_PREFIX = "gAAAAA"


def _reencrypted(value: str, fernet: MultiFernet) -> str:
    if not value.startswith(TOKEN_PREFIX):
        return fernet.encrypt(value.encode()).decode()  # stored in the clear before encryption
    try:
        Fernet(fernet_key(settings.SECRET_KEY)).decrypt(value.encode())
    except InvalidToken:
        return fernet.rotate(value.encode()).decode()  # made with a fallback key
    return value  # already under the newest key


def reencrypted_data(data: dict) -> dict:
    """An authenticator's data with its secrets encrypted under the newest key: tokens made with
    an older key are re-encrypted, secrets stored in the clear are encrypted."""
    fernet = mfa_fernet()
    data = dict(data)
    for name in ("secret", "seed"):
        if isinstance(data.get(name), str):
            data[name] = _reencrypted(data[name], fernet)
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [_reencrypted(code, fernet) for code in data["migrated_codes"]]
    return data


def reencrypt_authenticators(model) -> int:
    """Re-encrypt the secrets of every authenticator (`model`: allauth's Authenticator, or its
    historical version in a migration); returns how many changed."""
    changed = 0
    for authenticator in model.objects.order_by("pk").iterator():
        data = reencrypted_data(authenticator.data)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed
