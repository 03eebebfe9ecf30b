"""Encrypt the two-factor secrets stored in the clear before users.mfa.MfaAdapter existed."""

from django.db import migrations


def encrypt_secrets(apps, schema_editor):
    from users.mfa import reencrypt_authenticators

    reencrypt_authenticators(apps.get_model("mfa", "Authenticator"))


def decrypt_secrets(apps, schema_editor):
    from users.mfa import TOKEN_PREFIX, mfa_fernet

    fernet = mfa_fernet()

    def clear(value):
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            return fernet.decrypt(value.encode()).decode()
        return value

    for authenticator in apps.get_model("mfa", "Authenticator").objects.iterator():
        data = dict(authenticator.data)
        for name in ("secret", "seed"):
            if name in data:
                data[name] = clear(data[name])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [clear(code) for code in data["migrated_codes"]]
        authenticator.data = data
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
