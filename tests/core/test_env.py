"""Environment variables: an empty value means unset (a list's is an empty list), a malformed
one stops the start with a message naming the variable."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings import env, env_bool, env_int, env_list

NAME = "CRM_TEST_VARIABLE"


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_value_is_the_default(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    assert env(NAME, "fallback") == "fallback"
    assert env(NAME) is None
    assert env_bool(NAME, True) is True
    assert env_bool(NAME, False) is False
    assert env_int(NAME, 600) == 600


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_list_is_an_empty_list(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    assert env_list(NAME, ["127.0.0.1", "localhost"]) == []


def test_an_unset_variable_is_the_default(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)
    assert env(NAME, "fallback") == "fallback"
    assert env_bool(NAME, True) is True
    assert env_int(NAME, 25) == 25
    assert env_list(NAME, ["localhost"]) == ["localhost"]


def test_values_are_read(monkeypatch):
    monkeypatch.setenv(NAME, " 587 ")
    assert env_int(NAME, 25) == 587
    monkeypatch.setenv(NAME, " Yes ")
    assert env_bool(NAME) is True
    monkeypatch.setenv(NAME, "off")
    assert env_bool(NAME, True) is False
    monkeypatch.setenv(NAME, "10.0.0.0/8, 192.168.0.0/16")
    assert env_list(NAME) == ["10.0.0.0/8", "192.168.0.0/16"]


@pytest.mark.parametrize(
    ("read", "value", "message"),
    [
        (env_bool, "maybe", "CRM_TEST_VARIABLE must be true or false, not 'maybe'"),
        (env_int, "ten", "CRM_TEST_VARIABLE must be a whole number, not 'ten'"),
        (env_int, "-1", "CRM_TEST_VARIABLE must be zero or more, not '-1'"),
        (env_list, "a,,b", "CRM_TEST_VARIABLE has an empty item: 'a,,b'"),
        (env_list, "a,", "CRM_TEST_VARIABLE has an empty item: 'a,'"),
    ],
)
def test_a_malformed_value_is_a_configuration_error(monkeypatch, read, value, message):
    monkeypatch.setenv(NAME, value)
    arguments = (NAME, 0) if read is env_int else (NAME,)
    with pytest.raises(ImproperlyConfigured) as error:
        read(*arguments)
    assert str(error.value) == message


SCRIPT = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "mfa_trusted_networks": settings.MFA_TRUSTED_NETWORKS,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "secret_key_fallbacks": settings.SECRET_KEY_FALLBACKS,
    "secure_cookies": settings.SESSION_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "database": settings.DATABASES["default"]["ENGINE"],
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "file_storage": settings.FILE_STORAGE,
    "media_root": str(settings.MEDIA_ROOT),
    "email_port": settings.MAILERS["default"]["OPTIONS"]["port"],
    "proxy_count": settings.ALLAUTH_TRUSTED_PROXY_COUNT,
    "kpi_cache_seconds": settings.KPI_CACHE_SECONDS,
    "log_level": settings.LOGGING["root"]["level"],
}))
"""


def example_variables() -> list[str]:
    """Every variable .env.example names, commented-out ones included."""
    text = (settings.BASE_DIR / ".env.example").read_text()
    return re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE)


def test_every_variable_of_the_example_may_be_empty():
    """Production settings with every other variable of .env.example set to an empty value:
    the defaults apply, and nothing is a configuration error."""
    names = example_variables()
    assert {"MFA_TRUSTED_NETWORKS", "DJANGO_SECRET_KEY_FALLBACKS", "DB_CONN_MAX_AGE"} <= set(names)
    env_vars = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env_vars.update(dict.fromkeys(names, ""))
    env_vars.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-value-only-for-this-test-" + "x" * 30,
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env_vars,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "mfa_trusted_networks": [],
        "allowed_hosts": [],
        "secret_key_fallbacks": [],
        "secure_cookies": True,
        "ssl_redirect": True,
        "hsts_seconds": 31536000,
        "database": "django.db.backends.sqlite3",
        "conn_max_age": 0,
        "cache": "django.core.cache.backends.db.DatabaseCache",
        "sessions": "django.contrib.sessions.backends.db",
        "file_storage": "local",
        "media_root": str(settings.BASE_DIR / "var" / "media"),
        "email_port": 25,
        "proxy_count": 0,
        "kpi_cache_seconds": 600,
        "log_level": "WARNING",
    }
