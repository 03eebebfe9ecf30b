"""Compute as a time-aware ledger: on every day the PF of the allocations active never exceeds
the capacity in force that day; PF provided in a year sums the distinct allocations active in
it. Small hand-checked examples."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from compute.models import ComputeAllocation, ComputeCapacity
from compute.selectors import Span, compute_ledger, ledger, period_peaks
from compute.services import allocation_create, usage_validate
from reports.indicators.registry import REGISTRY, Scope
from tests.compute.factories import (
    ComputeAllocationFactory,
    ComputeCapacityFactory,
    ComputeUsageFactory,
)
from tests.concurrency import postgres_only, race
from tests.factories import CompanyFactory

pytestmark = pytest.mark.usefixtures("english_pages")
D = Decimal


def allocate(period, company, staff, code, pf, starts_on=None, ends_on=None):
    return allocation_create(
        capacity=period,
        company=company,
        project_code=code,
        project_title="공정 데이터 기반 불량 예측 모델",
        agreement_signed_on=date(2021, 1, 1),
        starts_on=starts_on,
        ends_on=ends_on,
        pf_allocated=D(pf),
        by=staff,
    )


def test_the_ledger_cuts_days_where_an_allocation_or_capacity_starts_or_ends():
    """1.00 PF in force all January, 0.50 more from the 11th; 0.60 held 5th-20th."""
    stretches = ledger(
        uses=[Span(date(2021, 1, 5), date(2021, 1, 20), D("0.60"))],
        capacities=[
            Span(date(2021, 1, 1), date(2021, 1, 31), D("1.00")),
            Span(date(2021, 1, 11), date(2021, 1, 31), D("0.50")),
        ],
        start=date(2021, 1, 1),
        end=date(2021, 1, 31),
    )
    assert [(s.starts_on.day, s.ends_on.day, s.in_use, s.in_force) for s in stretches] == [
        (1, 4, D("0"), D("1.00")),
        (5, 10, D("0.60"), D("1.00")),
        (11, 20, D("0.60"), D("1.50")),
        (21, 31, D("0"), D("1.50")),
    ]


def test_allocations_overlapping_on_one_day_beyond_capacity_are_refused(company, staff):
    """1.00 PF; 0.60 held Jan-Jun; 0.50 from 30 June overlaps it for one day: 1.10 > 1.00."""
    period = ComputeCapacityFactory(label="2021", capacity_pf=D("1.00"))
    allocate(period, company, staff, "L-1", "0.60", date(2021, 1, 1), date(2021, 6, 30))
    with pytest.raises(ValidationError) as error:
        allocate(period, company, staff, "L-2", "0.50", date(2021, 6, 30), date(2021, 12, 31))
    assert error.value.message_dict["pf_allocated"] == [
        "On 2021-06-30 only 0.40 PF is free (1.00 PF capacity in force, 0.60 PF allocated to "
        "projects active that day)."
    ]
    assert ComputeAllocation.objects.count() == 1


def test_back_to_back_allocations_reuse_the_capacity(company, staff):
    """0.60 Jan-Jun then 0.50 from 1 July: never more than 0.60 in use of 1.00."""
    period = ComputeCapacityFactory(label="2021", capacity_pf=D("1.00"))
    allocate(period, company, staff, "L-1", "0.60", date(2021, 1, 1), date(2021, 6, 30))
    second = allocate(period, company, staff, "L-2", "0.50", date(2021, 7, 1), date(2021, 12, 31))
    assert (second.starts_on, second.ends_on) == (date(2021, 7, 1), date(2021, 12, 31))
    peak = period_peaks(ComputeCapacity.objects.all())[period.pk]
    assert (peak.in_use, peak.on, peak.in_force) == (D("0.60"), date(2021, 1, 1), D("1.00"))


def test_the_capacity_in_force_that_day_is_the_limit(company, staff):
    """A 1.00 PF lease all year and a 0.50 PF pilot from July: 1.40 PF fits in July-December
    (1.50 in force); 0.20 more from June to 1 July fits in June (1.00 free), not on 1 July
    (0.10 free)."""
    lease = ComputeCapacityFactory(label="임차", capacity_pf=D("1.00"))
    ComputeCapacityFactory(
        label="시범", starts_on=date(2021, 7, 1), ends_on=date(2021, 12, 31), capacity_pf=D("0.5")
    )
    allocate(lease, company, staff, "L-1", "1.40", date(2021, 7, 1), date(2021, 12, 31))
    with pytest.raises(ValidationError) as error:
        allocate(lease, company, staff, "L-2", "0.20", date(2021, 6, 1), date(2021, 7, 1))
    assert error.value.message_dict["pf_allocated"][0].startswith(
        "On 2021-07-01 only 0.10 PF is free (1.50 PF capacity in force, 1.40 PF"
    )
    assert [
        (s.in_use, s.in_force) for s in compute_ledger(date(2021, 6, 30), date(2021, 7, 1))
    ] == [
        (D("0"), D("1.00")),
        (D("1.40"), D("1.50")),
    ]


def test_an_allocation_without_dates_holds_its_whole_period(company, staff):
    period = ComputeCapacityFactory(label="2021")
    allocation = allocate(period, company, staff, "L-1", "1.00")
    assert (allocation.starts_on, allocation.ends_on) == (date(2021, 1, 1), date(2021, 12, 31))


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field", "message"),
    [
        (
            date(2021, 5, 1),
            date(2021, 4, 30),
            "ends_on",
            "The compute cannot end before it starts.",
        ),
        (
            date(2020, 12, 31),
            date(2021, 3, 1),
            "starts_on",
            "The compute must be held within 2021 (2021-01-01 to 2021-12-31).",
        ),
        (
            date(2021, 3, 1),
            date(2022, 1, 1),
            "ends_on",
            "The compute must be held within 2021 (2021-01-01 to 2021-12-31).",
        ),
    ],
)
def test_allocation_dates_lie_inside_the_period_in_order(
    company, staff, starts_on, ends_on, field, message
):
    period = ComputeCapacityFactory(label="2021")
    with pytest.raises(ValidationError) as error:
        allocate(period, company, staff, "L-1", "0.10", starts_on, ends_on)
    assert error.value.message_dict[field] == [message]


def test_pf_provided_in_a_year_sums_the_allocations_active_in_it(staff):
    """8.85 PF leased for 2021: 8.85 PF held January-June, 1.89 PF July-December, 0.50 PF in
    2022. 2021 provided 8.85 + 1.89 = 10.74 PF from a peak of 8.85 PF in use; 2022 0.50 PF;
    both years together count each allocation once: 11.24 PF."""
    lease = ComputeCapacityFactory(label="2021", capacity_pf=D("8.85"))
    later = ComputeCapacityFactory(
        label="2022", starts_on=date(2022, 1, 1), ends_on=date(2022, 12, 31)
    )
    first, second = CompanyFactory(), CompanyFactory()
    allocate(lease, first, staff, "2021-001", "8.85", date(2021, 1, 1), date(2021, 6, 30))
    allocate(lease, second, staff, "2021-002", "1.89", date(2021, 7, 1), date(2021, 12, 31))
    allocate(later, first, staff, "2022-001", "0.50", date(2022, 3, 1), date(2022, 8, 31))

    def provided(start, end):
        scope = Scope(start, end)
        return REGISTRY["compute_pf"].compute(scope), REGISTRY["compute_projects"].compute(scope)

    assert provided(date(2021, 1, 1), date(2021, 12, 31)) == (D("10.74"), 2)
    assert provided(date(2022, 1, 1), date(2022, 12, 31)) == (D("0.50"), 1)
    assert provided(date(2021, 1, 1), date(2022, 12, 31)) == (D("11.24"), 3)
    assert provided(date(2021, 6, 30), date(2021, 7, 1)) == (D("10.74"), 2)
    assert period_peaks(ComputeCapacity.objects.filter(pk=lease.pk))[lease.pk].in_use == D("8.85")


def test_the_capacity_page_shows_peak_use_against_capacity(client, staff):
    period = ComputeCapacityFactory(label="2021", capacity_pf=D("8.85"))
    ComputeAllocationFactory(
        capacity=period,
        pf_allocated=D("8.85"),
        starts_on=date(2021, 1, 1),
        ends_on=date(2021, 6, 30),
    )
    ComputeAllocationFactory(
        capacity=period,
        pf_allocated=D("1.89"),
        starts_on=date(2021, 7, 1),
        ends_on=date(2021, 12, 31),
    )
    client.force_login(staff)
    response = client.get(reverse("compute:capacity_list"))
    row = response.context["periods"][0]
    assert (row.allocated_pf, row.peak.in_use, row.peak.in_force, row.peak.least_free) == (
        D("10.74"),
        D("8.85"),
        D("8.85"),
        D("0.00"),
    )
    assert "8.85 / 8.85" in response.content.decode()


def test_the_allocation_form_takes_the_dates_and_refuses_an_overlap(client, staff, company):
    period = ComputeCapacityFactory(label="2021", capacity_pf=D("1.00"))
    ComputeAllocationFactory(
        capacity=period,
        pf_allocated=D("0.80"),
        starts_on=date(2021, 1, 1),
        ends_on=date(2021, 3, 31),
    )
    client.force_login(staff)
    data = {
        "capacity": period.pk,
        "company": company.pk,
        "project_code": "2021-101",
        "project_title": "배터리 수명 예측",
        "pf_allocated": "0.50",
        "agreement_signed_on": "2021-03-02",
        "starts_on": "2021-03-31",
        "ends_on": "2021-09-30",
    }
    refused = client.post(reverse("compute:allocation_create"), data)
    assert refused.status_code == 200
    assert "On 2021-03-31 only 0.20 PF is free" in refused.content.decode()
    data["starts_on"] = "2021-04-01"
    client.post(reverse("compute:allocation_create"), data)
    created = ComputeAllocation.objects.get(project_code="2021-101")
    assert (created.starts_on, created.ends_on) == (date(2021, 4, 1), date(2021, 9, 30))


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_allocations_sharing_days_in_two_periods_cannot_both_fit(staff):
    """A 1.00 PF lease for the year and a 1.00 PF pilot from July: 1.20 PF each in July, drawn
    from the two periods at the same moment, would hold 2.40 of the 2.00 PF in force; one wins."""
    lease = ComputeCapacityFactory(label="임차", capacity_pf=D("1.00"))
    pilot = ComputeCapacityFactory(
        label="시범", starts_on=date(2021, 7, 1), ends_on=date(2021, 12, 31), capacity_pf=D("1.00")
    )
    company = CompanyFactory()
    july = (date(2021, 7, 1), date(2021, 7, 31))
    outcomes = race(
        lambda: allocate(lease, company, staff, "R-1", "1.20", *july),
        lambda: allocate(pilot, company, staff, "R-2", "1.20", *july),
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "ComputeAllocation",
        "ValidationError",
    ]
    refused = next(o for o in outcomes if isinstance(o, ValidationError))
    assert "On 2021-07-01 only 0.80 PF is free" in refused.message_dict["pf_allocated"][0]
    assert ComputeAllocation.objects.count() == 1


def test_usage_counts_only_on_the_days_the_project_held_the_compute(staff):
    """Held 1 April to 30 June 2021, inside the 2021 period: usage on 31 March is refused."""
    allocation = ComputeAllocationFactory(
        project_code="2021-001",
        capacity=ComputeCapacityFactory(label="2021"),
        starts_on=date(2021, 4, 1),
        ends_on=date(2021, 6, 30),
    )
    header = ["과제번호", "사용일", "GPU 사용시간"]
    result = usage_validate(
        [header, ["2021-001", "2021-03-31", "1"], ["2021-001", "2021-04-01", "2"]]
    )
    assert [(error.row, error.message) for error in result.errors] == [
        (2, "2021-03-31 is outside the project's period 2021 (2021-04-01 to 2021-06-30).")
    ]
    assert [row.allocation for row in result.rows] == [allocation]


def test_the_capacity_page_shows_gpu_hours_used_from_the_usage_imports(client, staff):
    period = ComputeCapacityFactory(label="2021", gpu_hours_capacity=D("5000"))
    first, second = ComputeAllocationFactory.create_batch(2, capacity=period)
    for allocation, hours in [(first, "120.50"), (first, "9.50"), (second, "70")]:
        ComputeUsageFactory(allocation=allocation, gpu_hours=D(hours))
    client.force_login(staff)
    response = client.get(reverse("compute:capacity_list"))
    row = response.context["periods"][0]
    assert (row.used_gpu_hours, row.allocated_gpu_hours) == (D("200.00"), D("2000.00"))
    assert "200 used" in response.content.decode()
