"""Compute allocations: a period's capacity, concurrent allocations (PostgreSQL), who sees
which allocation."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import translation

from compute.models import ComputeAllocation, ComputeCapacity
from compute.services import allocation_create, allocation_reclaim
from tests.compute.factories import (
    ComputeAllocationFactory,
    ComputeCapacityFactory,
    ComputeUsageFactory,
)
from tests.factories import CompanyFactory

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
        "On 2021-01-01 only 0.30 PF is free (1.00 PF capacity in force, 0.70 PF allocated to "
        "projects active that day)."
    ]
    assert ComputeAllocation.objects.count() == 1


def test_gpu_hours_are_checked_against_a_metered_period(company, staff):
    period = ComputeCapacityFactory(label="2022", gpu_hours_capacity=Decimal("1000"))
    allocate(period, company, staff, "B-1", hours=Decimal("800"))
    with pytest.raises(ValidationError) as error:
        allocate(period, company, staff, "B-2", hours=Decimal("300"))
    assert (
        "Only 200 GPU-hours of 2022 are left (1,000 capacity, 800 allocated)"
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
    assert "only 0.40 PF is free" in outcomes[1].message_dict["pf_allocated"][0]
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
