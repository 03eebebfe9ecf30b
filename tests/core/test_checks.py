"""The database cache's table: `check --deploy` reports it missing, and `migrate` creates it."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": settings.CACHE_TABLE,
    }
}


def cache_table_exists() -> bool:
    return settings.CACHE_TABLE in connection.introspection.table_names()


def drop_cache_table():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(settings.CACHE_TABLE)}")


def deploy_problem_ids() -> list[str]:
    return [problem.id for problem in checks.run_checks(include_deployment_checks=True)]


def test_the_test_database_has_the_cache_table():
    assert cache_table_exists()


def test_a_dropped_cache_table_is_reported_and_migrate_recreates_it(settings):
    settings.CACHES = DATABASE_CACHE
    drop_cache_table()
    problems = checks.run_checks(include_deployment_checks=True)
    (problem,) = [problem for problem in problems if problem.id == "core.E001"]
    assert problem.level == checks.ERROR
    assert problem.msg == (
        "The cache table 'crm_cache' is missing from the 'default' database; "
        "every login would fail."
    )
    assert "manage.py createcachetable" in problem.hint
    with pytest.raises(SystemCheckError, match=r"core\.E001"):
        call_command("check", deploy=True)

    call_command("migrate", verbosity=0)
    assert cache_table_exists()
    assert "core.E001" not in deploy_problem_ids()


def test_only_the_deploy_check_looks_for_the_table(settings):
    """`check`, and the checks `migrate` runs before it creates anything, pass without it."""
    settings.CACHES = DATABASE_CACHE
    drop_cache_table()
    assert "core.E001" not in [problem.id for problem in checks.run_checks()]
    assert "core.E001" not in [problem.id for problem in checks.run_checks(databases=["default"])]
    call_command("check", verbosity=0)


def test_migrate_creates_the_table_with_another_cache_configured(settings):
    """Migrated with debug on (a local-memory cache), served with debug off (db://)."""
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    drop_cache_table()
    call_command("migrate", verbosity=0)
    assert cache_table_exists()


def test_no_table_is_looked_for_without_a_database_cache(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    drop_cache_table()
    assert "core.E001" not in deploy_problem_ids()


def manage(tmp_path, *args, database_url=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-value-only-for-this-test-" + "x" * 30,
        DJANGO_ALLOWED_HOSTS="crm.example.kr",
        DATABASE_URL=database_url or f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_names_the_missing_table_once_the_database_is_migrated(tmp_path):
    """Production settings (db:// by default): a database never migrated passes, since the
    first `migrate` makes the table; one migrated without it fails with the table's name."""
    plain = manage(tmp_path, "check")
    assert plain.returncode == 0, plain.stderr
    fresh = manage(tmp_path, "check", "--deploy")
    assert fresh.returncode == 0, fresh.stderr
    assert "core.E001" not in fresh.stderr

    # A database migrated by a version that did not create the cache table.
    with sqlite3.connect(tmp_path / "fresh.sqlite3") as database:
        database.execute("CREATE TABLE django_migrations (id integer primary key)")
    deploy = manage(tmp_path, "check", "--deploy")
    assert deploy.returncode == 1
    assert "(core.E001) The cache table 'crm_cache' is missing" in deploy.stderr


def test_check_deploy_warns_when_the_database_cannot_be_reached(tmp_path):
    unreachable = "postgres://crm@127.0.0.1:9/crm"  # the discard port: nothing listens
    result = manage(tmp_path, "check", "--deploy", database_url=unreachable)
    assert result.returncode == 0, result.stderr
    assert (
        "(core.W001) The 'default' database could not be reached to look for the cache table "
        "'crm_cache': connection failed:"
    ) in result.stderr
