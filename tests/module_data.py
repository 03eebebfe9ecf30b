"""Data that a module's tests share, built once for the module instead of once per test.

A module-scoped fixture builds it inside `kept_for_the_module(...)`: the rows are written in a
transaction that stays open while the module's tests run (each test still runs in a savepoint
of its own, rolled back after it) and that is rolled back once the module is done, so nothing is
left for the next module. The settings the per-test fixtures use (tests/conftest.py) apply while
building too: the fast password hasher, English outside requests, and a MEDIA_ROOT of the
module's own, which the module's tests keep by overriding the `media_root` fixture.

`cast_made_once()` does that for the cast alone (tests/cast.py), for tables whose every row
would otherwise make its own users and companies.

Such a module holds no `transaction=True` test (it would empty the tables under the shared
data). Each pytest-xdist worker that runs some of a module's tests builds the data once; a module
whose data takes seconds to build (the demo seeds, the canary's two firms) marks itself
`pytest.mark.xdist_group(...)` so that one worker runs all of its tests (tests/xdist_groups.py).
"""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from tests import cast
from users.models import User


def run_settings() -> dict:
    """The settings every test runs with (tests/conftest.py applies them for the whole run)."""
    return {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "SECURE_SSL_REDIRECT": False,
        # The test client connects from 127.0.0.1: like `make run`, loopback is the agency's
        # network, so force-logged-in staff need no two-factor set-up. MFA tests set [] themselves.
        "MFA_TRUSTED_NETWORKS": ["127.0.0.0/8", "::1/128"],
    }


def restore_migrated_rows() -> None:
    """Put back the rows the migrations made (content types, the KPI indicators) when a
    transactional test emptied the tables before this point: each transactional test restores
    them for itself (tests/conftest.py's `_db`), but module-scoped data is built before the
    test that follows."""
    if ContentType.objects.exists():
        return
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            connections[alias].creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()


@contextmanager
def kept_for_the_module(django_db_blocker, media_root):
    """Write rows that last until the block ends (a module-scoped fixture yields inside it)."""
    with django_db_blocker.unblock():
        restore_migrated_rows()
    with (
        django_db_blocker.unblock(),
        override_settings(**run_settings(), MEDIA_ROOT=media_root),
        translation.override("en"),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


CAST = (
    "company",
    "other_company",
    "staff",
    "privacy_officer",
    "executive",
    "mentor",
    "unassigned_mentor",
    "firm_user",
    "other_firm_user",
)


# The key of `module_cast` that holds each user's session key (tests/module_data.py's
# `module_client`).
SESSIONS = "sessions"


def signed_in_sessions(users) -> dict[int, str]:
    """A signed-in session for each user, made as `force_login` and a first request make it
    (the login's security event, the session's start, allauth's session record): {user id:
    session key}."""
    sessions = {}
    for user in users:
        if not isinstance(user, User):
            continue
        client = Client()
        client.force_login(user)
        client.get(reverse("audit:privacy_policy"))
        sessions[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


class SignedInClient(Client):
    """The test client, whose `force_login` of a user of the module's cast uses that user's
    session made once for the module (its changes in a test are rolled back with the test),
    instead of signing in again for each test."""

    def __init__(self, sessions: dict[int, str], **defaults):
        super().__init__(**defaults)
        self._sessions = sessions

    def force_login(self, user, backend=None):
        key = self._sessions.get(user.pk)
        if key is None:
            return super().force_login(user, backend)
        self.cookies[settings.SESSION_COOKIE_NAME] = key
        return None


def module_client():
    """A `client` fixture for a module that uses `cast_made_once`: force_login of a cast
    member reuses the session made for the module. A module assigns it to `client`."""

    @pytest.fixture(name="client")
    def client(module_cast):
        return SignedInClient(module_cast[SESSIONS])

    return client


def cast_made_once():
    """Fixtures for a module whose tests share one cast (tests/cast.py) made once: `module_cast`
    and one per role of tests/conftest.py, in the order of CAST. A module assigns them to those
    names; its tests' own rows and changes are still rolled back after each test."""

    @pytest.fixture(scope="module", name="module_cast")
    def module_cast(django_db_setup, django_db_blocker, tmp_path_factory):
        with kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("media")):
            company, other_company, staff = cast.company(), cast.other_company(), cast.staff()
            cast_by_role = {
                "company": company,
                "other_company": other_company,
                "staff": staff,
                "privacy_officer": cast.privacy_officer(),
                "executive": cast.executive(),
                "mentor": cast.mentor(company, staff),
                "unassigned_mentor": cast.unassigned_mentor(),
                "firm_user": cast.firm_user(company),
                "other_firm_user": cast.other_firm_user(other_company),
            }
            yield {**cast_by_role, SESSIONS: signed_in_sessions(cast_by_role.values())}

    def role(name):
        @pytest.fixture(name=name)
        def fixture(module_cast):
            return module_cast[name]

        return fixture

    return (module_cast, *(role(name) for name in CAST))
