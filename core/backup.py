"""Backup and restore of the whole CRM: the database and the uploaded and generated files.

An archive (.tar.gz) holds `data.backupjson` (Django's dumpdata in JSON that keeps microseconds,
core/serializers.py; natural keys for content types, so it
loads into any freshly migrated database, SQLite or PostgreSQL), `media/<name>` for every file
the database refers to, and `manifest.json`: row counts per model, a SHA-256 of the money and
KPI tables, of `data.backupjson` and of each file, and the migrations the data belongs to. The
database is read in one transaction (REPEATABLE READ on PostgreSQL), so the archive is a
consistent snapshot while the CRM keeps running.

`restore` first reads the whole archive and checks every member against the manifest's
checksums, writing nothing; then it loads the data and the files in one transaction and checks
every count and checksum against the manifest. Any failure rolls the rows back and deletes the
files it stored, so the database and storage stay empty, and is reported as a `BackupError`
whose one-line message names the problem.
"""

import gzip
import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField
from django.utils import timezone

# Rebuilt by `migrate`, or transient: not part of a backup.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "usersessions",
    "django_tasks_database",
]
# The tables whose content must survive a round trip exactly (money, outcomes, KPI reports).
CHECKED_MODELS = [
    "programs.ProgramBudget",
    "programs.SupportAward",
    "programs.AwardInstalment",
    "programs.Disbursement",
    "compute.ComputeAllocation",
    "mous.Mou",
    "outcomes.OutcomeReport",
    "outcomes.Patent",
    "reports.KpiIndicator",
    "reports.KpiTarget",
    "reports.ReportSnapshot",
    "audit.AccessRecord",
]
# 2 adds `data_sha256`. Format 1 archives are still read: their data is checked only by the
# counts and table checksums after loading, inside the transaction.
FORMAT = 2
READABLE_FORMATS = (1, 2)


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why."""


def _backed_up_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label.lower() for label in EXCLUDED if "." in label}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in excluded_models:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        yield model


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in _backed_up_models()}


def table_checksums() -> dict[str, str]:
    """SHA-256 of each checked table's rows, in primary-key order, every column as text."""
    checksums = {}
    for label in CHECKED_MODELS:
        model = apps.get_model(label)
        columns = [f.attname for f in model._meta.concrete_fields]
        digest = hashlib.sha256()
        rows = model._default_manager.order_by("pk").values_list(*columns)
        for row in rows.iterator(chunk_size=5000):
            digest.update(json.dumps([_text(value) for value in row]).encode())
            digest.update(b"\n")
        checksums[label] = digest.hexdigest()
    return checksums


def _text(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        # Moments compare in UTC whatever the database hands back.
        if getattr(value, "tzinfo", None) is not None:
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def referenced_files() -> list[str]:
    """The names of every stored file a row refers to."""
    names = set()
    for model in _backed_up_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, FileField):
                values = model._default_manager.exclude(**{model_field.attname: ""})
                names.update(values.values_list(model_field.attname, flat=True))
    return sorted(name for name in names if name)


def _migrations() -> dict[str, str]:
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _file_sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


@dataclass
class BackupSummary:
    path: Path
    rows: int
    files: int
    missing_files: list[str] = field(default_factory=list)


def backup(path: Path) -> BackupSummary:
    """Write the archive to `path`."""
    with tempfile.TemporaryDirectory() as scratch:
        data_path = Path(scratch) / "data.backupjson"
        # Inside a caller's transaction (a test) the snapshot is that transaction's.
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            if snapshot:
                with connection.cursor() as cursor:
                    # One snapshot for every query below: the first statement of the transaction.
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = row_counts()
            checksums = table_checksums()
            names = referenced_files()
            call_command(
                "dumpdata",
                format="backupjson",
                exclude=EXCLUDED,
                natural_foreign=True,
                output=str(data_path),
                verbosity=0,
            )
            migrations = _migrations()
        with data_path.open("rb") as handle:
            data_sha256 = _file_sha256(handle)
        files, missing = {}, []
        with tarfile.open(path, "w:gz") as archive:
            archive.add(data_path, arcname="data.backupjson")
            for name in names:
                if not default_storage.exists(name):
                    missing.append(name)
                    continue
                with default_storage.open(name, "rb") as handle:
                    files[name] = _file_sha256(handle)
                    handle.seek(0)
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = default_storage.size(name)
                    archive.addfile(info, handle)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "counts": counts,
                "checksums": checksums,
                "data_sha256": data_sha256,
                "files": files,
                "missing_files": missing,
            }
            payload = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
    return BackupSummary(
        path=path, rows=sum(counts.values()), files=len(files), missing_files=missing
    )


def _is_empty() -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return not (user_model.objects.exists() or apps.get_model("companies.Company").objects.exists())


def _one_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def restore(path: Path) -> dict:
    """Load the archive at `path` into this (migrated, empty) database and its files into
    storage, all or nothing, after checking every member against the manifest."""
    if not _is_empty():
        raise BackupError("restore needs an empty database: run it after `migrate` on a new one")
    try:
        with tempfile.TemporaryDirectory() as scratch:
            manifest, data_path, files = _unpack(path, Path(scratch))
            return _load(manifest, data_path, files)
    except OSError as error:
        # Not the archive's fault (it was read and checked by then): disk full, permissions.
        raise BackupError(f"restore of {path} failed: {_one_line(error)}") from error


def _unpack(path: Path, scratch: Path) -> tuple[dict, Path, dict[str, Path]]:
    """Check the whole archive and copy its data and files into `scratch`; write nothing else."""
    _check_compression(path)
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {member.name: member for member in archive.getmembers()}
            manifest = _read_manifest(path, archive, members)
            data_path = scratch / "data.backupjson"
            digest = _copy_member(archive, members, "data.backupjson", data_path)
            if manifest["format"] >= 2 and digest != manifest["data_sha256"]:
                raise BackupError("data.backupjson in the archive does not match its checksum")
            files = {}
            for number, (name, expected) in enumerate(sorted(manifest["files"].items())):
                target = scratch / f"file-{number}"
                if _copy_member(archive, members, f"media/{name}", target) != expected:
                    raise BackupError(f"media/{name} in the archive does not match its checksum")
                files[name] = target
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"{path} is damaged or truncated: {_one_line(error)}") from error
    return manifest, data_path, files


def _check_compression(path: Path) -> None:
    """Read the whole gzip stream: a truncated or altered archive fails its length or CRC."""
    with path.open("rb") as raw:
        if raw.read(2) != b"\x1f\x8b":
            raise BackupError(f"{path} is not a CRM backup (not a .tar.gz archive)")
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1024 * 1024):
                pass
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"{path} is damaged or truncated: {_one_line(error)}") from error


# The manifest's parts `restore` relies on, and the type of each value in them.
MANIFEST_PARTS = {"migrations": str, "counts": int, "checksums": str, "files": str}


def _read_manifest(path: Path, archive: tarfile.TarFile, members: dict) -> dict:
    member = members.get("manifest.json")
    if member is None or not member.isfile():
        raise BackupError(f"{path} is not a CRM backup (no manifest.json)")
    try:
        manifest = json.loads(archive.extractfile(member).read())
    except ValueError as error:
        raise BackupError(f"manifest.json is not valid JSON ({error})") from error
    if not isinstance(manifest, dict):
        raise BackupError("manifest.json is not a CRM backup manifest")
    if manifest.get("format") not in READABLE_FORMATS:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for part, value_type in MANIFEST_PARTS.items():
        values = manifest.get(part)
        if not isinstance(values, dict) or not all(
            isinstance(value, value_type) and not isinstance(value, bool)
            for value in values.values()
        ):
            raise BackupError(f"manifest.json has no valid {part!r}")
    if manifest["format"] >= 2 and not isinstance(manifest.get("data_sha256"), str):
        raise BackupError("manifest.json has no valid 'data_sha256'")
    if manifest["migrations"] != _migrations():
        raise BackupError(
            "the backup was made with other migrations; check out the matching version first"
        )
    for label in manifest["counts"]:
        try:
            apps.get_model(label)
        except (LookupError, ValueError) as error:
            raise BackupError(f"manifest.json counts an unknown model {label!r}") from error
    for name in manifest["files"]:
        try:
            validate_file_name(name, allow_relative_path=True)
        except SuspiciousFileOperation as error:
            raise BackupError(f"manifest.json names an unsafe file {name!r}") from error
    return manifest


def _copy_member(archive: tarfile.TarFile, members: dict, name: str, target: Path) -> str:
    """Copy one regular member to `target`; return its SHA-256."""
    member = members.get(name)
    if member is None or not member.isfile():
        raise BackupError(f"{name} is missing from the archive")
    digest = hashlib.sha256()
    with archive.extractfile(member) as source, target.open("wb") as copy:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(chunk)
            copy.write(chunk)
    return digest.hexdigest()


def _load(manifest: dict, data_path: Path, files: dict[str, Path]) -> dict:
    """Load the checked data and files in one transaction; on any failure roll the rows back
    and delete the files stored so far."""
    from auditlog.context import disable_auditlog

    # Files already in storage with the same content stay, and are not removed on failure.
    new_files = {}
    for name, source in files.items():
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                if _file_sha256(handle) != manifest["files"][name]:
                    raise BackupError(
                        f"storage already holds a different {name}: restore needs empty storage"
                    )
        else:
            new_files[name] = source
    stored = []
    try:
        with transaction.atomic():
            try:
                # Rows are loaded as they were: no new history entries for them.
                with disable_auditlog():
                    call_command("loaddata", str(data_path), verbosity=0)
            except Exception as error:
                raise BackupError(f"the data could not be loaded: {_one_line(error)}") from error
            for name, source in new_files.items():
                with source.open("rb") as content:
                    saved = default_storage.save(name, File(content, name=name))
                stored.append(saved)
                if saved != name:
                    raise BackupError(f"{name} could not be stored under its own name")
            return verify(manifest)
    except BaseException as error:
        not_removed = _delete(stored)
        if isinstance(error, BackupError):
            message = str(error)
        elif isinstance(error, DatabaseError):
            # Raised as the transaction commits: PostgreSQL checks deferred constraints then.
            message = f"the data could not be loaded: {_one_line(error)}"
        else:
            raise
        if not_removed:
            message += f" (and {', '.join(not_removed)} could not be removed from storage)"
        raise BackupError(message) from error


def _delete(names: list[str]) -> list[str]:
    """Delete stored files; return the names that could not be deleted."""
    failed = []
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            failed.append(name)
    return failed


def verify(manifest: dict) -> dict:
    """Compare this database and storage with a manifest; raise on the first difference."""
    counts, checksums = row_counts(), table_checksums()
    for label, count in manifest["counts"].items():
        loaded = counts.get(label, 0)
        if loaded != count:
            raise BackupError(f"{label}: {loaded} rows after loading, the manifest says {count}")
    for label, checksum in manifest["checksums"].items():
        if checksums.get(label) != checksum:
            raise BackupError(f"{label}: the rows differ from the backup's")
    for name, expected in manifest["files"].items():
        with default_storage.open(name, "rb") as handle:
            if _file_sha256(handle) != expected:
                raise BackupError(f"{name}: the stored file differs from the backup's")
    return {"rows": sum(counts.values()), "files": len(manifest["files"])}
