"""A damaged, incomplete or inconsistent archive is refused with a one-line error, and the
database and storage are left as empty as they were."""

import io
import json
import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from companies.models import Company
from core.backup import backup, row_counts
from programs.services import award_disburse
from tests.factories import UserFactory
from tests.module_data import restore_migrated_rows
from tests.outcomes.factories import EvidenceFileFactory
from tests.programs.factories import SupportAwardFactory
from users.models import Role


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """An archive of an award with a disbursement and an outcome report with an evidence file,
    built once; the rows are rolled back and the files left in a folder of their own."""
    folder = tmp_path_factory.mktemp("backup")
    path = folder / "crm.tar.gz"
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock():
        restore_migrated_rows()
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=folder / "media", PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        staff = UserFactory(role=Role.STAFF)
        award = SupportAwardFactory(amount_krw=12_345_678, recorded_by=staff)
        award_disburse(award=award, paid_on=date(2022, 6, 1), amount_krw=2_345_678, by=staff)
        EvidenceFileFactory(report__company=award.company)
        backup(path)
        transaction.set_rollback(True)
    return path


def manifest_of(path: Path) -> dict:
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile("manifest.json"))


def media_name(path: Path) -> str:
    """The archive's only stored file (the evidence file)."""
    (name,) = manifest_of(path)["files"]
    return name


def rewrite(source: Path, target: Path, change) -> Path:
    """A valid .tar.gz with each member's content passed through `change(name, content)`;
    a member for which it returns None is left out."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            content = change(member.name, old.extractfile(member).read())
            if content is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(content)
            new.addfile(info, io.BytesIO(content))
    return target


def flip_byte(content: bytes) -> bytes:
    middle = len(content) // 2
    return content[:middle] + bytes([content[middle] ^ 0x01]) + content[middle + 1 :]


def edit_manifest(path: Path, target: Path, edit) -> Path:
    def change(name, content):
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        edit(manifest)
        return json.dumps(manifest).encode()

    return rewrite(path, target, change)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def assert_refused(path: Path, message: str) -> str:
    """`restore` fails with a one-line CommandError containing `message`, and leaves every
    table and the storage as they were."""
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), stdout=io.StringIO())
    text = str(refused.value)
    assert message in text
    assert "\n" not in text
    assert row_counts() == before
    assert not Company.objects.exists()
    assert stored_files() == []
    return text


def test_a_truncated_archive_is_refused(archive, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert_refused(truncated, f"{truncated} is damaged or truncated: ")


def test_an_archive_cut_just_before_its_end_is_refused(archive, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:-4])
    assert_refused(truncated, f"{truncated} is damaged or truncated: ")


def test_an_archive_with_one_byte_changed_is_refused(archive, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(flip_byte(archive.read_bytes()))
    assert_refused(damaged, f"{damaged} is damaged or truncated: ")


def test_an_archive_without_its_data_is_refused(archive, tmp_path):
    def drop_data(name, content):
        return None if name == "data.backupjson" else content

    incomplete = rewrite(archive, tmp_path / "incomplete.tar.gz", drop_data)
    assert_refused(incomplete, "data.backupjson is missing from the archive")


def test_an_archive_without_a_media_file_is_refused(archive, tmp_path):
    name = media_name(archive)

    def drop_file(member, content):
        return None if member == f"media/{name}" else content

    incomplete = rewrite(archive, tmp_path / "incomplete.tar.gz", drop_file)
    assert_refused(incomplete, f"media/{name} is missing from the archive")


def test_an_archive_without_a_manifest_is_refused(archive, tmp_path):
    def drop_manifest(name, content):
        return None if name == "manifest.json" else content

    incomplete = rewrite(archive, tmp_path / "incomplete.tar.gz", drop_manifest)
    assert_refused(incomplete, "is not a CRM backup (no manifest.json)")


def test_data_with_one_byte_changed_is_refused(archive, tmp_path):
    def change_data(name, content):
        return flip_byte(content) if name == "data.backupjson" else content

    changed = rewrite(archive, tmp_path / "changed.tar.gz", change_data)
    assert_refused(changed, "data.backupjson in the archive does not match its checksum")


def test_a_media_file_with_one_byte_changed_is_refused(archive, tmp_path):
    name = media_name(archive)

    def change_file(member, content):
        return flip_byte(content) if member == f"media/{name}" else content

    changed = rewrite(archive, tmp_path / "changed.tar.gz", change_file)
    assert_refused(changed, f"media/{name} in the archive does not match its checksum")


def test_a_manifest_whose_counts_differ_rolls_back_the_rows_and_removes_the_files(
    archive, tmp_path, monkeypatch
):
    """The rows are loaded and the file stored before the counts are compared; both go."""
    saved = []
    save = FileSystemStorage.save

    def record_save(storage, name, content, **kwargs):
        saved.append(save(storage, name, content, **kwargs))
        return saved[-1]

    monkeypatch.setattr(FileSystemStorage, "save", record_save)

    def one_company_more(manifest):
        manifest["counts"]["companies.Company"] += 1

    wrong = edit_manifest(archive, tmp_path / "wrong.tar.gz", one_company_more)
    assert_refused(wrong, "companies.Company: 1 rows after loading, the manifest says 2")
    assert saved == [media_name(archive)]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda manifest: manifest.pop("counts"), "manifest.json has no valid 'counts'"),
        (lambda manifest: manifest.pop("data_sha256"), "manifest.json has no valid 'data_sha256'"),
        (
            lambda manifest: manifest["files"].update({"../outside.pdf": "0" * 64}),
            "manifest.json names an unsafe file '../outside.pdf'",
        ),
        (
            lambda manifest: manifest["counts"].update({"nowhere.Thing": 1}),
            "manifest.json counts an unknown model 'nowhere.Thing'",
        ),
        (lambda manifest: manifest.update(format=99), "unknown backup format 99"),
    ],
)
def test_an_incomplete_or_unsafe_manifest_is_refused(archive, tmp_path, edit, message):
    assert_refused(edit_manifest(archive, tmp_path / "edited.tar.gz", edit), message)


def test_a_manifest_that_is_not_json_is_refused(archive, tmp_path):
    def garble(name, content):
        return b"{not json" if name == "manifest.json" else content

    garbled = rewrite(archive, tmp_path / "garbled.tar.gz", garble)
    assert_refused(garbled, "manifest.json is not valid JSON")


def test_data_that_cannot_be_loaded_is_refused(archive, tmp_path):
    """Data that matches its checksum but not the schema fails inside the transaction."""
    import hashlib

    broken = b'[{"model": "companies.company", "pk": 1, "fields": {"nowhere": 1}}]'

    def replace_data(name, content):
        if name == "data.backupjson":
            return broken
        if name == "manifest.json":
            manifest = json.loads(content)
            manifest["data_sha256"] = hashlib.sha256(broken).hexdigest()
            return json.dumps(manifest).encode()
        return content

    replaced = rewrite(archive, tmp_path / "replaced.tar.gz", replace_data)
    assert_refused(replaced, "the data could not be loaded: ")


def test_a_different_file_already_in_storage_is_kept_and_refused(archive, tmp_path):
    name = media_name(archive)
    existing = Path(settings.MEDIA_ROOT) / name
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"someone else's file")
    with pytest.raises(CommandError, match=f"storage already holds a different {name}"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert existing.read_bytes() == b"someone else's file"
    assert not Company.objects.exists()


def test_an_archive_of_the_first_format_still_restores(archive, tmp_path):
    """Format 1 had no checksum of the data; its rows are checked after loading instead."""

    def first_format(manifest):
        manifest["format"] = 1
        del manifest["data_sha256"]

    old = edit_manifest(archive, tmp_path / "old.tar.gz", first_format)
    out = io.StringIO()
    call_command("restore", str(old), stdout=out)
    assert "counts and checksums match the backup" in out.getvalue()
    assert Company.objects.count() == 1
    assert [path.name for path in stored_files()] == [Path(media_name(archive)).name]


@pytest.mark.django_db(transaction=True)
def test_a_failed_restore_outside_a_test_transaction_leaves_the_database_empty(archive, tmp_path):
    """The same refusal when `restore` owns the transaction, as it does from the command line."""

    def one_company_more(manifest):
        manifest["counts"]["companies.Company"] += 1

    wrong = edit_manifest(archive, tmp_path / "wrong.tar.gz", one_company_more)
    assert_refused(wrong, "companies.Company: 1 rows after loading, the manifest says 2")
