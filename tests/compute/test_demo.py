"""The demo's compute and equipment data reproduce the published figures."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count, F, Q

from compute.models import ComputeAllocation, ComputeCapacity, ComputeReclaim, ComputeUsage
from compute.selectors import compute_ledger
from demo.compute import partition, seed_compute
from equipment.models import DemoCentre, Equipment, EquipmentBooking
from reports.indicators.registry import REGISTRY, Scope
from tests.factories import CompanyFactory, StaffFactory, UserFactory
from tests.module_data import kept_for_the_module
from users.models import Role

# One worker runs the whole module under `--dist loadgroup`, so the demo is seeded once.
pytestmark = pytest.mark.xdist_group("compute-demo")


def test_partition_adds_up_and_respects_the_minimum():
    parts = partition(1074, 125, random.Random(1), minimum=2)
    assert (sum(parts), len(parts), min(parts) >= 2) == (1074, 125, True)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's compute and equipment data, seeded once for the module."""
    with kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("media")):
        companies = CompanyFactory.create_batch(8)
        users = {
            Role.STAFF: [StaffFactory()],
            Role.FIRM: [UserFactory(role=Role.FIRM, company=companies[0])],
        }
        seed_compute(rng=random.Random(2022), companies=companies, users=users)
        yield companies, users


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


def test_the_demo_never_holds_more_pf_on_a_day_than_is_in_force(seeded):
    """The ledger holds for the demo (its allocations are bulk-created, past the service), PF
    provided in 2021 is 10.74 by the indicator, and usage falls within each project's dates."""
    stretches = compute_ledger(date(2021, 1, 1), date(2024, 12, 31))
    assert [s for s in stretches if s.in_use > s.in_force] == []
    assert REGISTRY["compute_pf"].compute(Scope(date(2021, 1, 1), date(2021, 12, 31))) == Decimal(
        "10.74"
    )
    outside = ComputeUsage.objects.filter(
        Q(used_on__lt=F("allocation__starts_on")) | Q(used_on__gt=F("allocation__ends_on"))
    )
    assert not outside.exists()
