"""PIPA access records (접속기록): what is recorded, the hash chain, append-only storage."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessAction, AccessChain, AccessRecord, SubjectType
from audit.services import access_chain_verify, access_record
from tests.factories import CompanyContactFactory
from tests.mentoring.factories import MentorProfileFactory

POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL"
)


def test_viewing_a_company_records_whose_contacts_were_seen(client, staff, company):
    first = CompanyContactFactory(company=company)
    second = CompanyContactFactory(company=company)
    client.force_login(staff)
    client.get(reverse("companies:detail", args=[company.pk]), REMOTE_ADDR="127.0.0.9")
    record = AccessRecord.objects.get()
    assert (record.user, record.account, record.ip) == (staff, staff.email, "127.0.0.9")
    assert (record.action, record.subject_type) == (AccessAction.VIEW, SubjectType.PERSON)
    assert sorted(record.subject_ids) == sorted([first.person_id, second.person_id])
    assert record.people == 2
    assert company.name in record.subject
    assert record.path == reverse("companies:detail", args=[company.pk])


def test_a_refused_page_records_nothing(client, firm_user, other_company):
    client.force_login(firm_user)
    assert client.get(reverse("companies:detail", args=[other_company.pk])).status_code == 403
    assert not AccessRecord.objects.exists()


def test_the_mentor_list_records_a_list_of_mentors(client, staff):
    profiles = MentorProfileFactory.create_batch(3)
    client.force_login(staff)
    client.get(reverse("mentoring:mentor_list"))
    record = AccessRecord.objects.get()
    assert (record.action, record.subject_type) == (AccessAction.LIST, SubjectType.MENTOR)
    assert set(record.subject_ids) >= {profile.user_id for profile in profiles}


def test_a_firm_adding_a_contact_records_the_creation(client, firm_user):
    client.force_login(firm_user)
    response = client.post(
        reverse("portal:contact_add"), {"name": "홍길동", "title": "대표", "email": "", "phone": ""}
    )
    assert response.status_code == 302
    record = AccessRecord.objects.get(action=AccessAction.CREATE)
    assert record.user == firm_user
    assert record.subject_type == SubjectType.PERSON


def test_records_form_a_hash_chain(staff):
    records = [
        access_record(user=staff, action=AccessAction.VIEW, subject_type="person", subject=f"s{n}")
        for n in range(3)
    ]
    assert records[0].previous_hash == "0" * 64
    assert records[1].previous_hash == records[0].hash
    assert records[2].previous_hash == records[1].hash
    assert access_chain_verify().ok
    assert access_chain_verify().checked == 3


def test_a_changed_record_breaks_the_chain(staff):
    records = [
        access_record(user=staff, action=AccessAction.VIEW, subject_type="person", subject="a")
        for _ in range(3)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # what a superuser could do behind the app's back
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_accessrecord DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE audit_accessrecord SET account = %s WHERE id = %s",
            ["someone-else@example.kr", records[1].pk],
        )
    check = access_chain_verify()
    assert (check.ok, check.broken_at) == (False, records[1].pk)
    with pytest.raises(CommandError, match=f"broken at record {records[1].pk}"):
        call_command("verify_access_chain", stdout=io.StringIO())


def test_a_removed_last_record_breaks_the_chain(staff):
    records = [
        access_record(user=staff, action=AccessAction.VIEW, subject_type="person", subject="a")
        for _ in range(2)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_accessrecord DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM audit_accessrecord WHERE id = %s", [records[1].pk])
    assert not access_chain_verify().ok


@POSTGRES
def test_postgresql_refuses_to_change_or_delete_a_record(staff):
    record = access_record(user=staff, action=AccessAction.VIEW, subject_type="person", subject="a")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessRecord.objects.filter(pk=record.pk).update(account="x")
    with pytest.raises(DatabaseError, match="at least two years"), transaction.atomic():
        AccessRecord.objects.filter(pk=record.pk).delete()
    assert AccessRecord.objects.filter(pk=record.pk, account=staff.email).exists()


@POSTGRES
def test_postgresql_keeps_role_changes_three_years(staff):
    old = timezone.now() - timedelta(days=2 * 365 + 30)
    view = access_record(
        user=staff, action=AccessAction.VIEW, subject_type="person", subject="a", at=old
    )
    role = access_record(
        user=staff, action=AccessAction.ROLE_CHANGE, subject_type="user", subject="b", at=old
    )
    AccessRecord.objects.filter(pk=view.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessRecord.objects.filter(pk=role.pk).delete()


def test_pruning_deletes_only_records_past_their_retention(staff):
    now = timezone.now()

    def record(days, action=AccessAction.VIEW):
        return access_record(
            user=staff,
            action=action,
            subject_type="person",
            subject="x",
            at=now - timedelta(days=days),
        )

    # Oldest first, as records are written; role changes keep their own, longer chain.
    role_expired = record(3 * 365 + 10, AccessAction.ROLE_CHANGE)
    expired = record(2 * 365 + 10)
    role_kept = record(2 * 365 + 5, AccessAction.ROLE_CHANGE)
    kept = record(2 * 365 - 10)
    out = io.StringIO()
    call_command("prune_access_records", stdout=out)
    assert "deleted 2" in out.getvalue()
    left = set(AccessRecord.objects.values_list("pk", flat=True))
    assert left == {kept.pk, role_kept.pk}
    assert expired.pk not in left and role_expired.pk not in left
    # The remaining records still verify: the chain starts at the oldest one kept.
    assert access_chain_verify().ok


def test_pruning_keeps_a_chain_whole_when_times_are_out_of_order(staff):
    """Two records written at the same moment may join the chain in the other order than their
    times (the time is read before the chain's lock); pruning stops at the first record kept."""
    now = timezone.now()
    cutoff_days = 2 * 365

    def record(days):
        return access_record(
            user=staff,
            action=AccessAction.VIEW,
            subject_type="person",
            subject="x",
            at=now - timedelta(days=days),
        )

    old = record(cutoff_days + 10)
    kept = record(cutoff_days - 1)
    late = record(cutoff_days + 1)  # older than the cutoff, but after a record that is kept
    newest = record(1)
    out = io.StringIO()
    call_command("prune_access_records", stdout=out)
    assert "deleted 1" in out.getvalue()
    assert set(AccessRecord.objects.values_list("pk", flat=True)) == {kept.pk, late.pk, newest.pk}
    assert old.pk < kept.pk < late.pk < newest.pk
    assert access_chain_verify().ok


def test_a_personal_data_download_records_purpose_rows_and_the_files_hash(client, staff, company):
    import hashlib

    from tests.reauth import confirm_password

    CompanyContactFactory(company=company)
    CompanyContactFactory(company=company)
    client.force_login(staff)
    confirm_password(client)
    response = client.get(
        reverse("companies:contact_export"), {"purpose": "event_notice", "format": "csv"}
    )
    assert response.status_code == 200
    record = AccessRecord.objects.get(action=AccessAction.DOWNLOAD)
    assert record.purpose == "행사 안내"
    assert record.row_count == 2
    assert record.file_sha256 == hashlib.sha256(response.content).hexdigest()
    assert record.user == staff


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_records_written_at_once_from_two_connections_keep_one_chain():
    """Two app servers recording at the same moment: the chain head's row lock orders them."""
    import threading

    from django.db import connections

    from tests.factories import UserFactory

    users = [UserFactory(role="staff"), UserFactory(role="staff")]

    def write(user):
        try:
            for n in range(20):
                access_record(
                    user=user, action=AccessAction.VIEW, subject_type="person", subject=f"s{n}"
                )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = access_chain_verify()
    assert (check.ok, check.checked) == (True, 40)
    assert AccessRecord.objects.values("previous_hash").distinct().count() == 40


@POSTGRES
@pytest.mark.django_db
def test_an_append_on_postgresql_is_one_statement_with_the_same_hash(django_assert_num_queries):
    """After a chain's first record, PostgreSQL hashes and appends in one statement; its hash is
    the one AccessRecord.compute_hash gives (Korean text and all)."""
    from tests.factories import UserFactory

    user = UserFactory(role="staff", email="담당@example.kr")
    first = access_record(user=user, action=AccessAction.VIEW, subject_type="person", subject="첫")
    with django_assert_num_queries(1):
        second = access_record(
            user=user,
            action=AccessAction.VIEW,
            subject_type="person",
            subject="㈜빛고을에이아이 담당자 — “연락처”",
            subject_ids=[3, 1, 2],
        )
    stored = AccessRecord.objects.get(pk=second.pk)
    assert stored.previous_hash == first.hash == second.previous_hash
    assert stored.hash == second.hash == stored.compute_hash()
    assert stored.subject_ids == [3, 1, 2]
    assert AccessChain.objects.get(pk=first.chain).length == 2
    assert access_chain_verify().ok
