"""The database cache's table: `check --deploy` reports it missing, and `migrate` creates it."""

import os
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


def manage(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-value-only-for-this-test-" + "x" * 30,
        DJANGO_ALLOWED_HOSTS="crm.example.kr",
        DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
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


def test_check_deploy_on_a_fresh_database_names_the_missing_table(tmp_path):
    """Production settings (db:// by default) on a database `migrate` has not seen yet."""
    plain = manage(tmp_path, "check")
    assert plain.returncode == 0, plain.stderr
    deploy = manage(tmp_path, "check", "--deploy")
    assert deploy.returncode == 1
    assert "(core.E001) The cache table 'crm_cache' is missing" in deploy.stderr
