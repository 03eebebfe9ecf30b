"""The database cache's table: `check --deploy` reports it missing, and `migrate` creates it.

Without it every login fails with a 500 (allauth keeps its rate limits in the cache). The check
is a deployment check, not a database-tagged one: `migrate` runs the database checks before it
creates anything, and `check --deploy` runs database checks only when given `--database`.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.core.management import call_command
from django.db import DatabaseError, connections, router


def database_cache_tables() -> dict[str, str]:
    """The table of each database cache in CACHES, with the database it lives in."""
    tables = {}
    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, BaseDatabaseCache):
            tables[cache._table] = router.db_for_write(cache.cache_model_class)
    return tables


# A database `migrate` has never run on misses every table, and the first `migrate` creates the
# cache table: a deployment may run `check --deploy` before it.
MIGRATIONS_TABLE = "django_migrations"


@register(Tags.caches, deploy=True)
def check_cache_tables(app_configs=None, **kwargs):
    """Each database cache's table exists in its database, once that database is migrated."""
    problems = []
    for table, alias in database_cache_tables().items():
        try:
            tables = connections[alias].introspection.table_names()
        except DatabaseError as error:
            problems.append(
                CheckWarning(
                    f"The {alias!r} database could not be reached to look for the cache table "
                    f"{table!r}: {str(error).strip().splitlines()[0]}",
                    id="core.W001",
                )
            )
            continue
        if table not in tables and MIGRATIONS_TABLE in tables:
            problems.append(
                Error(
                    f"The cache table {table!r} is missing from the {alias!r} database; "
                    "every login would fail.",
                    hint="Run `manage.py createcachetable` (or `manage.py migrate`).",
                    id="core.E001",
                )
            )
    return problems


def create_cache_tables(*, using: str, **kwargs) -> None:
    """After `migrate`: the database caches' tables, and the one DJANGO_CACHE_URL=db:// uses
    even when this run's cache is another, since the cache setting may differ in production."""
    tables = {settings.CACHE_TABLE, *database_cache_tables()}
    call_command("createcachetable", *sorted(tables), database=using, verbosity=0)
