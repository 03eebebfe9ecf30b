"""Compute screens: capacity periods, allocations, reclaims, the firm's allocation list."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from compute.models import (
    ComputeAllocation,
    ComputeCapacity,
    ComputeDateChange,
    ComputeReclaim,
)
from tests.compute.factories import (
    ComputeAllocationFactory,
    ComputeCapacityFactory,
    ComputeUsageFactory,
)
from tests.factories import CompanyFactory, StaffFactory
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")


@pytest.fixture
def period():
    return ComputeCapacityFactory(label="2021", capacity_pf=Decimal("1.00"))


# --- capacity ------------------------------------------------------------------------------


def test_capacity_list_shows_what_is_allocated_and_left(client, staff, period, company):
    ComputeAllocationFactory(capacity=period, company=company, pf_allocated=Decimal("0.40"))
    client.force_login(staff)
    response = client.get(reverse("compute:capacity_list"))
    row = response.context["periods"][0]
    assert (row.allocated_pf, row.peak.least_free, row.allocation_count) == (
        Decimal("0.40"),
        Decimal("0.60"),
        1,
    )
    assert reverse("compute:capacity_create") in page(response)


def test_executives_read_the_capacity_list_without_write_buttons(client, executive, period):
    client.force_login(executive)
    response = client.get(reverse("compute:capacity_list"))
    assert response.status_code == 200
    assert reverse("compute:capacity_create") not in page(response)


def test_staff_add_a_capacity_period(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("compute:capacity_create"),
        {
            "label": "2024 (전체 구축)",
            "starts_on": "2024-01-01",
            "ends_on": "2024-12-31",
            "capacity_pf": "88.5",
            "storage_pb": "107",
        },
    )
    assert response["Location"] == reverse("compute:capacity_list")
    assert ComputeCapacity.objects.get().storage_pb == Decimal("107.00")


def test_a_period_ending_before_it_starts_is_shown_again_with_the_error(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("compute:capacity_create"),
        {"label": "거꾸로", "starts_on": "2024-12-31", "ends_on": "2024-01-01", "capacity_pf": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The period cannot end before it starts."
    ]
    assert response.context["form"]["label"].value() == "거꾸로"


def test_capacity_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    ComputeAllocationFactory(capacity=ComputeCapacityFactory(label="p0"))

    def grow():
        for n in range(1, 15):
            ComputeAllocationFactory.create_batch(2, capacity=ComputeCapacityFactory(label=f"p{n}"))

    # Expect 15 queries: session, user, sign-in bookkeeping (9), count, periods with their totals,
    # and the ledger of the page's days (allocations, capacity periods).
    _, response = assert_flat_queries(client, reverse("compute:capacity_list"), grow)
    assert len(response.context["periods"]) == 15


# --- allocations ---------------------------------------------------------------------------


def test_allocation_list_filters_by_period_company_and_off_purpose(client, staff, company):
    first = ComputeAllocationFactory(company=company, project_code="2021-001")
    # A label the factory's sequence ("2021", "2022", …) never gives: the factory gets or
    # creates by label, so a sequence label could be the first allocation's own period.
    other_period = ComputeCapacityFactory(label="다른 기간")
    second = ComputeAllocationFactory(
        capacity=other_period, project_code="2022-001", is_off_purpose=True
    )
    client.force_login(staff)
    url = reverse("compute:allocation_list")

    def codes(params):
        return [a.project_code for a in client.get(url, params).context["allocations"]]

    assert codes({"capacity": other_period.pk}) == ["2022-001"]
    assert codes({"company": company.pk}) == ["2021-001"]
    assert codes({"is_off_purpose": "true"}) == [second.project_code]
    assert codes({"q": "2021-0"}) == [first.project_code]


def test_allocation_list_shows_utilisation(client, staff, company):
    allocation = ComputeAllocationFactory(company=company, gpu_hours_allocated=Decimal("200"))
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("50"))
    client.force_login(staff)
    response = client.get(reverse("compute:allocation_list"))
    assert "25.0%" in page(response)
    assert response.context["totals"]["projects"] == 1


def test_allocation_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    ComputeUsageFactory()

    def grow():
        for allocation in ComputeAllocationFactory.create_batch(25):
            ComputeUsageFactory(allocation=allocation)

    # Expect 16 queries: session, user, sign-in bookkeeping (9), totals, count, the filter's
    # periods and companies, allocations with their usage.
    _, response = assert_flat_queries(client, reverse("compute:allocation_list"), grow)
    assert len(response.context["allocations"]) == 26


def allocation_post(period, company, **overrides):
    data = {
        "capacity": period.pk,
        "company": company.pk,
        "project_code": "2021-050",
        "project_title": "전력 수요 예측 AI 모델 개발",
        "pf_allocated": "0.30",
        "gpu_hours_allocated": "",
        "agreement_signed_on": "2021-04-01",
    }
    data.update(overrides)
    return data


def test_staff_allocate_compute_and_land_on_the_allocation(client, staff, period, company):
    client.force_login(staff)
    response = client.post(reverse("compute:allocation_create"), allocation_post(period, company))
    allocation = ComputeAllocation.objects.get()
    assert response["Location"] == allocation.get_absolute_url()
    assert (allocation.pf_allocated, allocation.recorded_by) == (Decimal("0.30"), staff)


def test_an_allocation_over_capacity_is_shown_again_with_input_kept(client, staff, period, company):
    ComputeAllocationFactory(capacity=period, pf_allocated=Decimal("0.90"))
    client.force_login(staff)
    response = client.post(reverse("compute:allocation_create"), allocation_post(period, company))
    assert response.status_code == 200
    assert response.context["form"].errors["pf_allocated"] == [
        "On 2021-01-01 only 0.10 PF is free (1.00 PF capacity in force, 0.90 PF allocated "
        "to projects active that day)."
    ]
    assert response.context["form"]["project_code"].value() == "2021-050"
    assert ComputeAllocation.objects.count() == 1


def test_an_allocation_without_amounts_is_refused(client, staff, period, company):
    client.force_login(staff)
    response = client.post(
        reverse("compute:allocation_create"), allocation_post(period, company, pf_allocated="")
    )
    assert response.context["form"].non_field_errors() == ["Allocate PF, GPU-hours or both."]


def test_the_allocation_form_starts_with_the_company_from_its_page(client, staff, company):
    client.force_login(staff)
    response = client.get(reverse("compute:allocation_create"), {"company": company.pk})
    assert response.context["form"].initial["company"] == company


def test_a_company_id_in_superscript_digits_is_ignored_not_a_500(client, staff, company):
    """Superscript digits pass str.isdigit() but are no id (it was a ValueError from the query)."""
    client.force_login(staff)
    response = client.get(reverse("compute:allocation_create"), {"company": "²³"})
    assert response.status_code == 200
    assert "company" not in response.context["form"].initial


def test_allocation_detail_shows_usage_by_month_and_reclaims(client, staff, company):
    allocation = ComputeAllocationFactory(company=company)
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 5, 3), gpu_hours=Decimal("4"))
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 5, 9), gpu_hours=Decimal("6"))
    client.force_login(staff)
    url = reverse("compute:allocation_detail", args=[allocation.pk])
    client.post(
        reverse("compute:allocation_reclaim", args=[allocation.pk]),
        {"reason": "목적 외 사용", "confirm": "on"},
    )
    response = client.get(url)
    assert [(row["month"], row["gpu_hours"]) for row in response.context["usage_by_month"]] == [
        (date(2021, 5, 1), Decimal("10.00"))
    ]
    assert [r.reason for r in response.context["reclaims"]] == ["목적 외 사용"]


def test_allocation_detail_queries_do_not_grow(client, staff, company, assert_flat_queries):
    allocation = ComputeAllocationFactory(company=company, gpu_hours_allocated=Decimal("9000"))
    ComputeUsageFactory(allocation=allocation)
    client.force_login(staff)
    url = reverse("compute:allocation_detail", args=[allocation.pk])

    def grow():
        for n in range(30):
            ComputeUsageFactory(allocation=allocation, used_on=date(2021, 6, 1) + timedelta(days=n))
        for n in range(3):
            ComputeReclaim.objects.create(allocation=allocation, reason=f"{n}", reclaimed_by=staff)
            ComputeDateChange.objects.create(
                allocation=allocation,
                previous_starts_on=allocation.starts_on,
                previous_ends_on=allocation.ends_on,
                starts_on=allocation.starts_on,
                ends_on=allocation.ends_on,
                reason=f"{n}",
                changed_by=StaffFactory(),
            )

    # Expect 19 queries: session, user, sign-in bookkeeping (9), allocation with its usage,
    # change history and its related names (4), usage by month, reclaims, date changes.
    assert_flat_queries(client, url, grow)


def test_staff_record_a_projects_results(client, staff, company):
    allocation = ComputeAllocationFactory(company=company)
    client.force_login(staff)
    response = client.post(
        reverse("compute:allocation_update", args=[allocation.pk]),
        {
            "project_title": "새 제목",
            "agreement_signed_on": "2021-03-02",
            "models_trained": "5",
            "commercial_models": "1",
        },
    )
    allocation.refresh_from_db()
    assert response["Location"] == allocation.get_absolute_url()
    assert (allocation.project_title, allocation.models_trained) == ("새 제목", 5)


def test_more_commercial_models_than_trained_are_refused(client, staff, company):
    allocation = ComputeAllocationFactory(company=company)
    client.force_login(staff)
    response = client.post(
        reverse("compute:allocation_update", args=[allocation.pk]),
        {
            "project_title": "제목",
            "agreement_signed_on": "2021-03-02",
            "models_trained": "1",
            "commercial_models": "2",
        },
    )
    assert response.status_code == 200
    assert "Commercial models cannot outnumber the AI models trained." in str(
        response.context["form"].errors
    )


# --- reclaim -----------------------------------------------------------------------------


def test_the_reclaim_page_shows_what_would_be_reclaimed(client, staff, company):
    allocation = ComputeAllocationFactory(company=company, gpu_hours_allocated=Decimal("100"))
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("30"))
    client.force_login(staff)
    plan = client.get(reverse("compute:allocation_reclaim", args=[allocation.pk])).context["plan"]
    assert (plan.used_gpu_hours, plan.gpu_hours, plan.pf) == (
        Decimal("30.00"),
        Decimal("70.00"),
        Decimal("0.07"),
    )


def test_a_reclaim_without_confirmation_changes_nothing(client, staff, company):
    allocation = ComputeAllocationFactory(company=company)
    client.force_login(staff)
    response = client.post(
        reverse("compute:allocation_reclaim", args=[allocation.pk]), {"reason": "목적 외"}
    )
    assert response.context["form"].errors["confirm"] == ["Tick the box to confirm the reclaim."]
    assert response.context["form"]["reason"].value() == "목적 외"
    assert not ComputeReclaim.objects.exists()


def test_a_confirmed_reclaim_flags_and_redirects(client, staff, company):
    allocation = ComputeAllocationFactory(company=company)
    client.force_login(staff)
    response = client.post(
        reverse("compute:allocation_reclaim", args=[allocation.pk]),
        {"reason": "목적 외 사용", "confirm": "on"},
        follow=True,
    )
    allocation.refresh_from_db()
    assert allocation.is_off_purpose
    assert ComputeReclaim.objects.get().reclaimed_by == staff
    assert response.redirect_chain[-1][0] == allocation.get_absolute_url()


def test_inactive_companies_are_not_offered_for_allocation(client, staff):
    CompanyFactory(name="휴면기업", is_active=False)
    client.force_login(staff)
    assert "휴면기업" not in page(client.get(reverse("compute:allocation_create")))


# --- firm portal ---------------------------------------------------------------------------


def test_portal_allocation_list_shows_only_own_with_reclaims(
    client, firm_user, company, other_company, staff, assert_flat_queries
):
    mine = ComputeAllocationFactory(company=company)
    ComputeAllocationFactory(company=other_company)
    client.force_login(firm_user)

    def grow():
        for allocation in ComputeAllocationFactory.create_batch(10, company=company):
            ComputeReclaim.objects.create(
                allocation=allocation, reason="목적 외", reclaimed_by=staff
            )

    # Expect 15 queries: session, user, sign-in bookkeeping (9), count, open reporting periods,
    # allocations with their usage, reclaims.
    first, response = assert_flat_queries(client, reverse("portal:allocation_list"), grow)
    assert [a.pk for a in first.context["allocations"]] == [mine.pk]
    assert "목적 외" in page(response)
