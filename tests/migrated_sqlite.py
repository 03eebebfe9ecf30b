"""A migrated SQLite test database kept between runs, so that a run migrates only when a
migration changed.

Migrating an empty database takes most of a pytest-xdist worker's start (every worker makes its
own in-memory database). The first worker to need it migrates as usual and saves a copy of the
result under pytest's cache directory (.pytest_cache, which `make clean` removes), named by a
fingerprint of every installed app's migration files and of the versions involved; any other
worker, in this run or a later one, copies that file into its in-memory database instead of
migrating. A changed migration gives another fingerprint and a fresh migration. PostgreSQL runs,
`--reuse-db`, `--no-migrations` and runs without the cache provider migrate as before.
"""

import fcntl
import hashlib
import importlib.util
import os
import sqlite3
import sys
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db.backends.sqlite3.creation import DatabaseCreation


def fingerprint() -> str:
    """What decides the migrated schema and rows: the apps, their migrations, the versions."""
    digest = hashlib.sha256()
    for part in (django.__version__, sqlite3.sqlite_version, sys.version, repr(settings.CACHES)):
        digest.update(part.encode())
    for app in apps.get_app_configs():
        digest.update(app.name.encode())
        spec = importlib.util.find_spec(f"{app.name}.migrations")
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for path in sorted(Path(folder).glob("*.py")):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    # The post-migrate hook that makes the cache table.
    digest.update((Path(settings.BASE_DIR) / "core" / "checks.py").read_bytes())
    return digest.hexdigest()[:16]


def keep_migrated_databases(cache_dir: Path) -> None:
    """Make SQLite's in-memory test databases from the saved copy in `cache_dir`, if there is
    one for these migrations, and save one after migrating otherwise."""
    migrate = DatabaseCreation.create_test_db

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=None, keepdb=False):
        name = self._get_test_db_name()
        if keepdb or serialize is not None or not self.is_in_memory_db(name):
            return migrate(self, verbosity, autoclobber, serialize, keepdb)
        saved = cache_dir / f"{self.connection.alias}-{fingerprint()}.sqlite3"
        with open(cache_dir / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one worker migrates, the others wait for its copy
            if not saved.exists():
                migrate(self, verbosity, autoclobber, serialize, keepdb)
                _save(self.connection.connection, saved)
                return name
            # What create_test_db does around `migrate`, with the saved copy loaded instead.
            self.connection.close()
            settings.DATABASES[self.connection.alias]["NAME"] = name
            self.connection.settings_dict["NAME"] = name
            self.connection.ensure_connection()
            source = sqlite3.connect(saved)
            source.backup(self.connection.connection)
            source.close()
        return name

    DatabaseCreation.create_test_db = create_test_db


def _save(database, path: Path) -> None:
    for old in path.parent.glob(f"{path.name.split('-')[0]}-*.sqlite3"):
        old.unlink()
    partial = path.with_suffix(f".{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    database.backup(target)
    target.close()
    partial.replace(path)
