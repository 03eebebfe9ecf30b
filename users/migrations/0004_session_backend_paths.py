"""Sessions signed in before the authentication backends moved to users.backends name the old
backends in their data, and Django keeps a session signed in only while the backend it names is
configured: without this, everyone would be signed out once at the upgrade."""

from django.db import migrations

RENAMES = {
    "django.contrib.auth.backends.ModelBackend": "users.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "users.backends.AuthenticationBackend",
}
BACKEND_KEY = "_auth_user_backend"


def rename_backends(apps, schema_editor, renames=RENAMES):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.cache import cache

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    sessions = Session.objects.using(schema_editor.connection.alias)
    for session in sessions.iterator(chunk_size=1000):
        data = store.decode(session.session_data)  # {} when it cannot be read
        if data.get(BACKEND_KEY) not in renames:
            continue
        data[BACKEND_KEY] = renames[data[BACKEND_KEY]]
        session.session_data = store.encode(data)
        session.save(update_fields=["session_data"])
        try:  # a copy read through the cache (DJANGO_SESSION_STORE=cache) is read again
            cache.delete(KEY_PREFIX + session.session_key)
        except Exception:  # noqa: BLE001 — no cache yet (a new install): nothing to forget
            pass


def restore_backends(apps, schema_editor):
    rename_backends(apps, schema_editor, renames={new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("sessions", "0001_initial"),
        ("users", "0003_add_date_windows"),
    ]

    operations = [migrations.RunPython(rename_backends, restore_backends)]
