"""Two-factor secrets are stored encrypted, survive a secret-key rotation, and can be moved to
the new key; secrets stored in the clear by an earlier version are encrypted."""

import importlib
import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.users.factories import enable_mfa, totp_code

OLD_KEY, NEW_KEY = "old-secret-key-" + "o" * 40, "new-secret-key-" + "n" * 40


def stored(user, kind):
    return Authenticator.objects.get(user=user, type=kind).data


def log_in_with_code(client, user, secret) -> bool:
    client.logout()
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    return response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)


def reencrypt() -> str:
    out = io.StringIO()
    call_command("reencrypt_mfa_secrets", stdout=out)
    return out.getvalue()


def test_the_totp_secret_and_recovery_seed_are_not_stored_in_the_clear(client, settings, staff):
    settings.MFA_TRUSTED_NETWORKS = []
    secret, codes = enable_mfa(staff)

    totp, recovery = stored(staff, "totp"), stored(staff, "recovery_codes")
    assert secret not in str(totp)
    assert totp["secret"].startswith("gAAAAA")
    assert decrypt(totp["secret"]) == secret
    assert recovery["seed"].startswith("gAAAAA")
    assert (
        RecoveryCodes(
            Authenticator.objects.get(user=staff, type="recovery_codes")
        ).get_unused_codes()
        == codes
    )
    assert log_in_with_code(client, staff, secret)


def test_after_a_key_rotation_the_old_key_still_decrypts_and_the_command_moves_them(
    client, settings, staff
):
    settings.MFA_TRUSTED_NETWORKS = []
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD_KEY, []
    secret, codes = enable_mfa(staff)
    before = stored(staff, "totp")["secret"]

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    assert decrypt(before) == secret
    assert "Re-encrypted 2 of 2" in reencrypt()
    after = stored(staff, "totp")["secret"]
    assert after != before

    settings.SECRET_KEY_FALLBACKS = []  # the old key retired
    assert decrypt(after) == secret
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY_FALLBACKS"):
        decrypt(before)
    recovery = Authenticator.objects.get(user=staff, type="recovery_codes")
    assert RecoveryCodes(recovery).get_unused_codes() == codes
    assert log_in_with_code(client, staff, secret)
    assert "Re-encrypted 0 of 2" in reencrypt()  # nothing left to move


def test_a_secret_under_an_unknown_key_stops_the_command_and_changes_nothing(settings, staff):
    settings.SECRET_KEY = OLD_KEY
    enable_mfa(staff)
    before = {a.pk: a.data for a in Authenticator.objects.all()}
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, []

    with pytest.raises(CommandError, match="DJANGO_SECRET_KEY_FALLBACKS"):
        reencrypt()
    assert {a.pk: a.data for a in Authenticator.objects.all()} == before


def test_secrets_stored_in_the_clear_are_encrypted_and_keep_working(client, settings, staff):
    settings.MFA_TRUSTED_NETWORKS = []
    secret = generate_totp_secret()
    Authenticator.objects.create(user=staff, type="totp", data={"secret": secret})

    assert "Re-encrypted 1 of 1" in reencrypt()
    data = stored(staff, "totp")
    assert data["secret"].startswith("gAAAAA")
    assert decrypt(data["secret"]) == secret
    assert TOTP(Authenticator.objects.get(user=staff, type="totp")).instance.data == data
    assert log_in_with_code(client, staff, secret)


def test_the_migration_encrypts_and_its_reverse_decrypts(staff):
    from django.apps import apps

    migration = importlib.import_module("users.migrations.0002_encrypt_mfa_secrets")
    secret, _codes = enable_mfa(staff)

    migration.decrypt_secrets(apps, None)
    assert stored(staff, "totp")["secret"] == secret
    assert not stored(staff, "recovery_codes")["seed"].startswith("gAAAAA")
    migration.encrypt_secrets(apps, None)
    assert decrypt(stored(staff, "totp")["secret"]) == secret
    assert stored(staff, "recovery_codes")["seed"].startswith("gAAAAA")
