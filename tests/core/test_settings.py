"""Settings from the environment: the shared cache, sessions and file storage of several app
servers, and clear errors for malformed values."""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings

SCRIPT = """
import json, django
from django.conf import settings
django.setup()
from django.core.cache import cache
from django.core.files.storage import storages
storage = storages["default"]
result = {
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "storage": type(storage).__name__,
}
if "redis" in result["cache"]:
    cache.set("crm-settings-test", "공유", 30)
    result["roundtrip"] = cache.get("crm-settings-test")
if result["storage"] == "S3Storage":
    result["acl"] = storage.default_acl
    result["bucket"] = storage.bucket_name
print(json.dumps(result, ensure_ascii=False))
"""


def run_settings(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="true", **overrides)
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379 on this machine")
def test_redis_cache_and_cached_sessions_by_setting():
    result = run_settings(
        DJANGO_CACHE_URL="redis://127.0.0.1:6379/15", DJANGO_SESSION_STORE="cache"
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert values["roundtrip"] == "공유"


def test_s3_storage_by_setting_is_private():
    result = run_settings(
        DJANGO_FILE_STORAGE="s3",
        DJANGO_S3_BUCKET="crm-files",
        DJANGO_S3_ENDPOINT_URL="http://127.0.0.1:9",
        DJANGO_S3_ACCESS_KEY="x",
        DJANGO_S3_SECRET_KEY="y",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert (values["storage"], values["acl"], values["bucket"]) == (
        "S3Storage",
        "private",
        "crm-files",
    )


def test_the_defaults_are_one_machines():
    values = json.loads(run_settings().stdout)
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["sessions"] == "django.contrib.sessions.backends.db"
    assert values["storage"] == "FileSystemStorage"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_CACHE_URL", "memcached://x", "DJANGO_CACHE_URL must be"),
        ("DJANGO_SESSION_STORE", "file", "DJANGO_SESSION_STORE must be"),
        ("DJANGO_FILE_STORAGE", "ftp", "DJANGO_FILE_STORAGE must be"),
        ("DJANGO_FILE_STORAGE", "s3", "needs DJANGO_S3_BUCKET"),
    ],
)
def test_a_malformed_setting_stops_the_start_with_a_clear_error(name, value, message):
    result = run_settings(**{name: value})
    assert result.returncode != 0
    assert message in result.stderr
