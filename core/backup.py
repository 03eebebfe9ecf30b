"""Backup and restore of the whole CRM: the database and the uploaded and generated files.

An archive (.tar.gz) holds `data.backupjson` (Django's dumpdata in JSON that keeps microseconds,
core/serializers.py; natural keys for content types, so it
loads into any freshly migrated database, SQLite or PostgreSQL), `media/<name>` for every file
the database refers to, and `manifest.json`: row counts per model, a SHA-256 of the money and
KPI tables, the SHA-256 of each file, and the migrations the data belongs to. The database is
read in one transaction (REPEATABLE READ on PostgreSQL), so the archive is a consistent
snapshot while the CRM keeps running. `restore` loads it into an empty database and checks
every count and checksum against the manifest.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
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
    "reports.ReportSnapshot",
    "audit.AccessRecord",
]
FORMAT = 1


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


def restore(path: Path) -> dict:
    """Load the archive at `path` into this (migrated, empty) database and its files into
    storage, then check the counts and checksums against the archive's manifest."""
    from auditlog.context import disable_auditlog

    if not _is_empty():
        raise BackupError("restore needs an empty database: run it after `migrate` on a new one")
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(path, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers()}
        if "manifest.json" not in members or "data.backupjson" not in members:
            raise BackupError(f"{path} is not a CRM backup (no manifest.json or data)")
        manifest = json.load(archive.extractfile(members["manifest.json"]))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        if manifest["migrations"] != _migrations():
            raise BackupError(
                "the backup was made with other migrations; check out the matching version first"
            )
        data_path = Path(scratch) / "data.backupjson"
        data_path.write_bytes(archive.extractfile(members["data.backupjson"]).read())
        with transaction.atomic(), disable_auditlog():
            # Rows are loaded as they were: no new history entries for them.
            call_command("loaddata", str(data_path), verbosity=0)
        for name, expected in manifest["files"].items():
            member = members.get(f"media/{name}")
            if member is None or not member.isfile():
                raise BackupError(f"{name} is missing from the archive")
            content = archive.extractfile(member)
            if _file_sha256(content) != expected:
                raise BackupError(f"{name} in the archive does not match its checksum")
            content.seek(0)
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, File(content, name=name))
            if saved != name:
                raise BackupError(f"{name} could not be stored under its own name")
    return verify(manifest)


def verify(manifest: dict) -> dict:
    """Compare this database and storage with a manifest; raise on the first difference."""
    counts, checksums = row_counts(), table_checksums()
    for label, count in manifest["counts"].items():
        if counts.get(label) != count:
            raise BackupError(f"{label}: {counts.get(label)} rows, the backup had {count}")
    for label, checksum in manifest["checksums"].items():
        if checksums.get(label) != checksum:
            raise BackupError(f"{label}: the rows differ from the backup's")
    for name, expected in manifest["files"].items():
        with default_storage.open(name, "rb") as handle:
            if _file_sha256(handle) != expected:
                raise BackupError(f"{name}: the stored file differs from the backup's")
    return {"rows": sum(counts.values()), "files": len(manifest["files"])}
