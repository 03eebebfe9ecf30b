"""Data that a module's tests share, built once for the module instead of once per test.

A module-scoped fixture builds it inside `kept_for_the_module(...)`: the rows are written in a
transaction that stays open while the module's tests run (each test still runs in a savepoint
of its own, rolled back after it) and that is rolled back once the module is done, so nothing is
left for the next module. The settings the per-test fixtures use (tests/conftest.py) apply while
building too: the fast password hasher, English outside requests, and a MEDIA_ROOT of the
module's own, which the module's tests keep by overriding the `media_root` fixture.

Such a module holds no `transaction=True` test (it would empty the tables under the shared
data), and marks itself `pytest.mark.xdist_group(...)` so that under `--dist loadgroup` one
worker runs all of its tests and builds the data once.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import translation


def per_test_settings(media_root) -> dict:
    """The settings every test runs with (tests/conftest.py applies them per test)."""
    return {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "MEDIA_ROOT": media_root,
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "SECURE_SSL_REDIRECT": False,
        # The test client connects from 127.0.0.1: like `make run`, loopback is the agency's
        # network, so force-logged-in staff need no two-factor set-up. MFA tests set [] themselves.
        "MFA_TRUSTED_NETWORKS": ["127.0.0.0/8", "::1/128"],
    }


@contextmanager
def kept_for_the_module(django_db_blocker, media_root):
    """Write rows that last until the block ends (a module-scoped fixture yields inside it)."""
    with (
        django_db_blocker.unblock(),
        override_settings(**per_test_settings(media_root)),
        translation.override("en"),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)
