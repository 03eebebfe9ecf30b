"""`backup` then `restore` into an empty database gives back every row, checksum and file."""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

from audit.models import AccessAction, AccessRecord
from audit.services import access_chain_verify, access_record
from core.backup import row_counts, table_checksums
from programs.services import award_disburse
from tests.factories import CompanyContactFactory, UserFactory
from tests.outcomes.factories import EvidenceFileFactory, OutcomeReportFactory, PatentFactory
from tests.programs.factories import SupportAwardFactory
from tests.reports.factories import report_snapshot
from users.models import Role


def demo_records():
    staff = UserFactory(role=Role.STAFF)
    award = SupportAwardFactory(amount_krw=12_345_678, recorded_by=staff)
    from datetime import date

    award_disburse(award=award, paid_on=date(2022, 6, 1), amount_krw=2_345_678, by=staff)
    report = OutcomeReportFactory(accepted=True, revenue_krw=987_654_321)
    PatentFactory(report=report)
    evidence = EvidenceFileFactory(report=report)
    CompanyContactFactory(company=report.company)
    report_snapshot(year=2022)
    access_record(user=staff, action=AccessAction.VIEW, subject_type="person", subject="x")
    return evidence


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_equal_checksums(tmp_path, settings):
    evidence = demo_records()
    stored = evidence.file.read()
    counts, checksums = row_counts(), table_checksums()
    archive = tmp_path / "crm.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "3 files" in out.getvalue()  # the evidence file and the snapshot's PDF and Excel
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["checksums"]["programs.SupportAward"] == checksums["programs.SupportAward"]

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert row_counts()["companies.Company"] == 0

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "checksums match" in out.getvalue()
    assert row_counts() == counts
    assert table_checksums() == checksums
    evidence.refresh_from_db()
    assert evidence.file.read() == stored
    assert (settings.MEDIA_ROOT / evidence.file.name).exists()
    assert access_chain_verify().ok
    assert AccessRecord.objects.count() == 1


def test_restore_refuses_a_database_that_has_data(tmp_path, staff):
    archive = tmp_path / "crm.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("hello.txt"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="not a CRM backup"):
        call_command("restore", str(archive), stdout=io.StringIO())
