"""Compute services: capacity (also under concurrency), usage import, reclaims, demo figures."""

import random
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Count
from django.utils import translation

from compute import services as compute_services
from compute.models import (
    ComputeAllocation,
    ComputeCapacity,
    ComputeReclaim,
    ComputeUsage,
    ComputeUsageImport,
)
from compute.services import (
    allocation_create,
    allocation_reclaim,
    reclaim_plan,
    usage_import,
    usage_validate,
)
from demo.compute import partition, seed_compute
from equipment.models import DemoCentre, Equipment, EquipmentBooking
from tests.compute.factories import (
    ComputeAllocationFactory,
    ComputeCapacityFactory,
    ComputeUsageFactory,
)
from tests.factories import CompanyFactory, StaffFactory, UserFactory
from users.models import Role

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and concurrent transactions need PostgreSQL; SQLite serialises writes",
)


def allocate(capacity, company, staff, code, pf=None, hours=None):
    return allocation_create(
        capacity=capacity,
        company=company,
        project_code=code,
        project_title="차량 부품 불량 검출 AI 모델 개발",
        agreement_signed_on=date(2021, 3, 2),
        by=staff,
        pf_allocated=pf,
        gpu_hours_allocated=hours,
    )


# --- capacity ----------------------------------------------------------------------------


def test_allocations_fill_a_period_up_to_its_capacity(company, staff):
    period = ComputeCapacityFactory(capacity_pf=Decimal("1.00"))
    allocate(period, company, staff, "A-1", pf=Decimal("0.60"))
    allocate(period, company, staff, "A-2", pf=Decimal("0.40"))
    assert ComputeCapacity.objects.with_totals().get().allocated_pf == Decimal("1.00")


def test_an_allocation_beyond_capacity_is_refused_with_what_is_left(company, staff):
    period = ComputeCapacityFactory(label="2021", capacity_pf=Decimal("1.00"))
    allocate(period, company, staff, "A-1", pf=Decimal("0.70"))
    with pytest.raises(ValidationError) as error:
        allocate(period, company, staff, "A-2", pf=Decimal("0.31"))
    assert error.value.message_dict["pf_allocated"] == [
        "Only 0.30 PF of 2021 is left (1.00 PF capacity, 0.70 PF allocated)."
    ]
    assert ComputeAllocation.objects.count() == 1


def test_gpu_hours_are_checked_against_a_metered_period(company, staff):
    period = ComputeCapacityFactory(label="2022", gpu_hours_capacity=Decimal("1000"))
    allocate(period, company, staff, "B-1", hours=Decimal("800"))
    with pytest.raises(ValidationError) as error:
        allocate(period, company, staff, "B-2", hours=Decimal("300"))
    assert (
        "Only 200.00 GPU-hours of 2022 are left"
        in error.value.message_dict["gpu_hours_allocated"][0]
    )


def test_reclaimed_compute_returns_to_the_period(company, staff):
    period = ComputeCapacityFactory(capacity_pf=Decimal("1.00"))
    first = allocate(period, company, staff, "A-1", pf=Decimal("1.00"), hours=Decimal("100"))
    ComputeUsageFactory(allocation=first, gpu_hours=Decimal("50"))
    allocation_reclaim(allocation=first, reason="과제 목적 외 사용", by=staff)
    second = allocate(period, company, staff, "A-2", pf=Decimal("0.50"))
    assert second.pf_allocated == Decimal("0.50")


def test_an_allocation_needs_pf_or_gpu_hours(company, staff):
    with pytest.raises(ValidationError) as error:
        allocate(ComputeCapacityFactory(), company, staff, "A-1")
    assert error.value.messages == ["Allocate PF, GPU-hours or both."]


def test_a_deactivated_company_gets_no_allocation(staff):
    company = CompanyFactory(name="휴면기업", is_active=False)
    with pytest.raises(ValidationError) as error:
        allocate(ComputeCapacityFactory(), company, staff, "A-1", pf=Decimal("0.1"))
    assert error.value.message_dict["company"] == ["휴면기업 is deactivated."]


def test_project_numbers_are_unique(company, staff):
    period = ComputeCapacityFactory()
    allocate(period, company, staff, "2021-001", pf=Decimal("0.1"))
    with pytest.raises(ValidationError) as error:
        allocate(period, company, staff, "2021-001", pf=Decimal("0.1"))
    assert "project_code" in error.value.message_dict


def test_the_database_refuses_commercial_models_beyond_those_trained():
    with pytest.raises(IntegrityError), transaction.atomic():
        ComputeAllocationFactory(models_trained=1, commercial_models=2)


def _compete(jobs):
    """Run each job in its own thread and connection; return the outcomes in order."""
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            # A new thread has no active language; speak the English the assertions use.
            with translation.override("en"):
                outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_allocations_cannot_both_fit(company, staff):
    """The first holds the period's lock while the second tries: exactly one succeeds."""
    period = ComputeCapacityFactory(capacity_pf=Decimal("1.00"))
    first_locked = threading.Event()

    def first():
        with transaction.atomic():
            allocation = allocate(period, company, staff, "C-1", pf=Decimal("0.60"))
            first_locked.set()
            # Keep the transaction (and the lock) open while the second one starts.
            threading.Event().wait(0.5)
            return allocation

    def second():
        first_locked.wait(10)
        return allocate(period, company, staff, "C-2", pf=Decimal("0.60"))

    outcomes = _compete([first, second])
    assert isinstance(outcomes[0], ComputeAllocation)
    assert isinstance(outcomes[1], ValidationError)
    assert "Only 0.40 PF" in outcomes[1].message_dict["pf_allocated"][0]
    assert ComputeAllocation.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_allocations_started_together_leave_exactly_one(company, staff):
    period = ComputeCapacityFactory(capacity_pf=Decimal("1.00"))
    barrier = threading.Barrier(2)

    def job(code):
        def run():
            barrier.wait(10)
            with transaction.atomic():
                allocation = allocate(period, company, staff, code, pf=Decimal("0.60"))
                threading.Event().wait(0.2)
                return allocation

        return run

    outcomes = _compete([job("D-1"), job("D-2")])
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "ComputeAllocation",
        "ValidationError",
    ]
    assert ComputeAllocation.objects.count() == 1


# --- usage import ------------------------------------------------------------------------


@pytest.fixture
def allocation(company):
    return ComputeAllocationFactory(
        company=company,
        project_code="2021-001",
        capacity=ComputeCapacityFactory(
            label="2021", starts_on=date(2021, 1, 1), ends_on=date(2021, 12, 31)
        ),
    )


HEADER = ["과제번호", "사용일", "GPU 사용시간"]


def test_a_valid_usage_file_passes_the_dry_run(allocation):
    result = usage_validate(
        [HEADER, ["2021-001", "2021-07-01", "12.5"], ["2021-001", "2021. 7. 2.", "1,200"]]
    )
    assert result.errors == []
    assert [(row.used_on, row.gpu_hours) for row in result.rows] == [
        (date(2021, 7, 1), Decimal("12.5")),
        (date(2021, 7, 2), Decimal("1200")),
    ]
    assert result.total_gpu_hours == Decimal("1212.5")
    assert ComputeUsage.objects.count() == 0  # a dry run writes nothing


def test_the_dry_run_lists_every_bad_row(allocation):
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 8, 1))
    result = usage_validate(
        [
            HEADER,
            ["2099-999", "2021-07-01", "1"],
            ["2021-001", "2021-13-45", "1"],
            ["2021-001", "2021-07-03", "-4"],
            ["2021-001", "2022-01-05", "3"],
            ["2021-001", "2021-07-04", "많이"],
            ["2021-001", "2021-07-05", "2"],
            ["2021-001", "2021-07-05", "2"],
            ["2021-001", "2021-08-01", "2"],
            ["2021-001", "2021-07-06", "1.234"],
        ]
    )
    errors = [(error.row, error.message) for error in result.errors]
    assert errors == [
        (2, "Unknown project number 2099-999."),
        (3, "Not a date: 2021-13-45. Write it as 2021-03-02."),
        (4, "GPU-hours used cannot be negative."),
        (5, "2022-01-05 is outside the project's period 2021 (2021-01-01 to 2021-12-31)."),
        (6, "Not a number: 많이."),
        (10, "Use at most two decimal places."),
        (8, "This project and date appear twice in the file (also row 7)."),
        (9, "Usage of 2021-001 on 2021-08-01 was already imported."),
    ]
    assert not result.is_valid


def test_a_file_without_the_columns_is_refused(allocation):
    result = usage_validate([["project", "when"], ["2021-001", "2021-07-01"]])
    assert [error.message for error in result.errors] == [
        "Required columns are missing: 사용일, GPU 사용시간"
    ]


def test_an_empty_file_and_a_header_only_file_are_refused(allocation):
    assert usage_validate([[""]]).errors[0].message == "The file is empty."
    assert usage_validate([HEADER]).errors[0].message == "The file has a header but no rows."


def test_english_headers_are_accepted(allocation):
    result = usage_validate([["project", "date", "gpu_hours"], ["2021-001", "20210701", "3"]])
    assert result.is_valid


def test_the_import_writes_all_rows_and_who_imported_them(allocation, staff):
    result = usage_validate(
        [HEADER, ["2021-001", "2021-07-01", "12.5"], ["2021-001", "2021-07-02", "7.5"]]
    )
    batch = usage_import(result=result, filename="사용량.csv", by=staff)
    assert (batch.row_count, batch.imported_by, batch.filename) == (2, staff, "사용량.csv")
    used = ComputeAllocation.objects.with_usage().get(pk=allocation.pk).used_gpu_hours
    assert used == Decimal("20.00")


def test_usage_imported_meanwhile_stops_the_whole_import(allocation, staff):
    result = usage_validate(
        [HEADER, ["2021-001", "2021-07-01", "12.5"], ["2021-001", "2021-07-02", "7.5"]]
    )
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 7, 2))
    with pytest.raises(ValidationError) as error:
        usage_import(result=result, filename="사용량.csv", by=staff)
    assert error.value.messages == [
        "Usage of 2021-001 was imported meanwhile for some of these dates."
    ]
    assert ComputeUsage.objects.count() == 1
    assert not ComputeUsageImport.objects.filter(filename="사용량.csv").exists()


def test_a_row_the_database_refuses_rolls_back_every_row(allocation, staff, monkeypatch):
    """All or nothing: when the unique constraint refuses a row, the batch row and the
    rows before it are rolled back too."""
    result = usage_validate(
        [HEADER, ["2021-001", "2021-07-01", "12.5"], ["2021-001", "2021-07-02", "7.5"]]
    )
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 7, 2))
    monkeypatch.setattr(compute_services, "_existing_usage_keys", lambda rows: set())
    before = ComputeUsageImport.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        usage_import(result=result, filename="사용량.csv", by=staff)
    assert ComputeUsage.objects.count() == 1
    assert ComputeUsageImport.objects.count() == before


def test_an_invalid_result_is_not_imported(allocation, staff):
    result = usage_validate([HEADER, ["2099-999", "2021-07-01", "1"]])
    with pytest.raises(ValidationError) as error:
        usage_import(result=result, filename="x.csv", by=staff)
    assert error.value.messages == ["Fix the errors in the file before importing."]


# --- utilisation and reclaims -------------------------------------------------------------


def test_utilisation_is_used_over_allocated_gpu_hours(allocation):
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("250"))
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("125"))
    row = ComputeAllocation.objects.with_usage().get(pk=allocation.pk)
    assert (row.used_gpu_hours, row.utilisation_percent) == (Decimal("375"), Decimal("37.5"))


def test_utilisation_is_none_for_an_allocation_in_pf_only(company):
    row = ComputeAllocationFactory(company=company, gpu_hours_allocated=None)
    assert ComputeAllocation.objects.with_usage().get(pk=row.pk).utilisation_percent is None


def test_a_reclaim_takes_back_the_unused_part_and_keeps_history(allocation, staff):
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("250"))
    reclaim = allocation_reclaim(allocation=allocation, reason="  암호화폐 채굴 ", by=staff)
    allocation.refresh_from_db()
    assert (reclaim.gpu_hours_reclaimed, reclaim.pf_reclaimed) == (
        Decimal("750.00"),
        Decimal("0.07"),  # 0.10 PF x 750/1000, rounded down
    )
    assert (reclaim.gpu_hours_used, reclaim.reason, reclaim.reclaimed_by) == (
        Decimal("250.00"),
        "암호화폐 채굴",
        staff,
    )
    assert allocation.is_off_purpose
    assert (allocation.effective_gpu_hours, allocation.effective_pf) == (
        Decimal("250.00"),
        Decimal("0.03"),
    )
    assert (allocation.gpu_hours_allocated, allocation.pf_allocated) == (
        Decimal("1000.00"),
        Decimal("0.10"),
    )


def test_a_second_reclaim_with_nothing_left_is_refused_and_history_stays(allocation, staff):
    allocation_reclaim(allocation=allocation, reason="목적 외 사용", by=staff)
    with pytest.raises(ValidationError) as error:
        allocation_reclaim(allocation=allocation, reason="다시", by=staff)
    assert error.value.messages == [
        "This allocation is already flagged and has nothing left to reclaim."
    ]
    assert list(ComputeReclaim.objects.values_list("reason", flat=True)) == ["목적 외 사용"]


def test_later_usage_can_be_reclaimed_again_and_both_rows_are_kept(allocation, staff):
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("400"))
    allocation_reclaim(allocation=allocation, reason="1차", by=staff)
    # The project keeps 400 hours; none is used after the reclaim, so nothing more goes back.
    plan = reclaim_plan(ComputeAllocation.objects.get(pk=allocation.pk), Decimal("400"))
    assert plan.is_empty
    assert ComputeReclaim.objects.filter(allocation=allocation).count() == 1


def test_an_allocation_in_pf_only_gives_back_all_of_its_pf(company, staff):
    row = ComputeAllocationFactory(
        company=company, pf_allocated=Decimal("0.25"), gpu_hours_allocated=None
    )
    reclaim = allocation_reclaim(allocation=row, reason="과제 중단", by=staff)
    row.refresh_from_db()
    assert (reclaim.pf_reclaimed, reclaim.gpu_hours_reclaimed) == (Decimal("0.25"), Decimal(0))
    assert row.effective_pf == Decimal("0.00")


def test_a_reclaim_needs_a_reason(allocation, staff):
    with pytest.raises(ValidationError) as error:
        allocation_reclaim(allocation=allocation, reason="   ", by=staff)
    assert error.value.message_dict["reason"] == ["Say why the compute is reclaimed."]
    assert not ComputeReclaim.objects.exists()


# --- visibility --------------------------------------------------------------------------


def test_firms_see_only_their_own_allocations(firm_user, other_firm_user, company):
    mine = ComputeAllocationFactory(company=company)
    ComputeAllocationFactory(company=other_firm_user.company)
    assert list(ComputeAllocation.objects.visible_to(firm_user)) == [mine]


def test_mentors_see_allocations_of_assigned_companies_only(mentor, unassigned_mentor, company):
    mine = ComputeAllocationFactory(company=company)
    ComputeAllocationFactory()
    assert list(ComputeAllocation.objects.visible_to(mentor)) == [mine]
    assert not ComputeAllocation.objects.visible_to(unassigned_mentor).exists()


# --- demo figures ------------------------------------------------------------------------


def test_partition_adds_up_and_respects_the_minimum():
    parts = partition(1074, 125, random.Random(1), minimum=2)
    assert (sum(parts), len(parts), min(parts) >= 2) == (1074, 125, True)


@pytest.fixture
def seeded():
    companies = CompanyFactory.create_batch(8)
    users = {
        Role.STAFF: [StaffFactory()],
        Role.FIRM: [UserFactory(role=Role.FIRM, company=companies[0])],
    }
    seed_compute(rng=random.Random(2022), companies=companies, users=users)
    return companies, users


def test_the_demo_reproduces_2021s_compute_figures(seeded):
    totals = ComputeAllocation.objects.filter(capacity__label="2021").totals()
    assert totals == {
        "projects": 125,
        "pf": Decimal("10.74"),
        "models_trained": 580,
        "commercial_models": 28,
    }
    period = ComputeCapacity.objects.with_totals().get(label="2021")
    assert period.allocated_pf <= period.capacity_pf == Decimal("11.06")
    full = ComputeCapacity.objects.get(label__startswith="2024")
    assert (full.capacity_pf, full.storage_pb) == (Decimal("88.50"), Decimal("107.00"))
    assert ComputeCapacity.objects.get(label="2022").capacity_pf == Decimal("8.85")


def test_the_demo_has_usage_and_one_off_purpose_reclaim(seeded):
    assert ComputeUsage.objects.filter(allocation__capacity__label="2021").exists()
    reclaim = ComputeReclaim.objects.select_related("allocation").get()
    assert reclaim.allocation.project_code == "2022-007"
    assert reclaim.gpu_hours_reclaimed == Decimal("4760.00")  # 85 % of 5,600 hours unused


def test_the_demo_reproduces_the_equipment_counts(seeded):
    assert Equipment.objects.in_service_by(2021).count() == 63
    assert Equipment.objects.in_service_by(2022).count() == 77
    assert Equipment.objects.in_service_by(2023).count() == 77
    added_2022 = dict(
        DemoCentre.objects.filter(equipment__in_service_year=2022)
        .values_list("host_institution")
        .annotate(n=Count("equipment"))
    )
    assert added_2022 == {"광주그린카진흥원": 11, "한국광기술원": 1, "빛고을노인건강타운": 2}
    industries = dict(DemoCentre.objects.values_list("host_institution", "industry"))
    assert industries == {
        "광주그린카진흥원": "automotive",
        "한국광기술원": "energy",
        "빛고을노인건강타운": "healthcare",
    }


def test_the_demo_bookings_never_overlap_and_the_firm_has_its_own(seeded):
    companies, _users = seeded
    active = list(EquipmentBooking.objects.active())
    for booking in active:
        assert not (
            EquipmentBooking.objects.active()
            .overlapping(
                equipment=booking.equipment, starts_at=booking.starts_at, ends_at=booking.ends_at
            )
            .exclude(pk=booking.pk)
            .exists()
        )
    assert EquipmentBooking.objects.filter(company=companies[0]).exists()


def test_the_demo_seed_is_idempotent(seeded):
    companies, users = seeded
    counts = (ComputeAllocation.objects.count(), Equipment.objects.count())
    bookings = EquipmentBooking.objects.count()
    seed_compute(rng=random.Random(2022), companies=companies, users=users)
    assert (ComputeAllocation.objects.count(), Equipment.objects.count()) == counts
    assert EquipmentBooking.objects.count() == bookings
