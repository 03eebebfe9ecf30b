"""The authentication backends: a session signed in under the old backend paths stays signed in
after the upgrade that moved them to users.backends (migration users 0004)."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from users.middleware import SESSION_START_KEY

migration = importlib.import_module("users.migrations.0004_session_backend_paths")
# What RunPython passes: only its connection is read.
EDITOR = SimpleNamespace(connection=connection)


def old_session(user, backend: str) -> str:
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = backend
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session[SESSION_START_KEY] = timezone.now().timestamp()
    session.create()
    return session.session_key


def test_sessions_of_the_old_backends_stay_signed_in(client, staff):
    keys = {backend: old_session(staff, backend) for backend in migration.RENAMES}
    other = SessionStore()
    other["cart"] = "unrelated"
    other.create()

    migration.rename_backends(apps, EDITOR)

    for old, new in migration.RENAMES.items():
        assert SessionStore(session_key=keys[old]).load()["_auth_user_backend"] == new
        client.cookies[settings.SESSION_COOKIE_NAME] = keys[old]
        response = client.get(reverse("companies:staff_home"))
        assert response.status_code == 200
        assert response.wsgi_request.user == staff
    assert SessionStore(session_key=other.session_key).load() == {"cart": "unrelated"}

    migration.restore_backends(apps, EDITOR)
    assert {
        SessionStore(session_key=key).load()["_auth_user_backend"] for key in keys.values()
    } == set(migration.RENAMES)
