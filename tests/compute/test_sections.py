"""The compute and equipment sections of the company page and of the portal home."""

import pytest
from django.urls import reverse

from tests.compute.factories import ComputeAllocationFactory, ComputeUsageFactory
from tests.equipment.factories import EquipmentBookingFactory, EquipmentFactory, future
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")


# --- company page and portal home sections ------------------------------------------------


def test_the_company_page_shows_allocations_and_bookings(client, staff, company):
    ComputeAllocationFactory(company=company, project_code="2021-077")
    EquipmentBookingFactory(company=company, equipment=EquipmentFactory(name="배터리팩 시험기"))
    client.force_login(staff)
    content = page(client.get(reverse("companies:detail", args=[company.pk])))
    assert "2021-077" in content
    assert "배터리팩 시험기" in content


def test_a_mentor_sees_the_section_without_links_to_staff_pages(client, mentor, company):
    allocation = ComputeAllocationFactory(company=company, project_code="2021-078")
    client.force_login(mentor)
    content = page(client.get(reverse("companies:detail", args=[company.pk])))
    assert "2021-078" in content
    assert allocation.get_absolute_url() not in content


def test_company_page_section_queries_do_not_grow(client, staff, company, assert_flat_queries):
    client.force_login(staff)
    url = reverse("companies:detail", args=[company.pk])
    ComputeAllocationFactory(company=company)
    EquipmentBookingFactory(company=company)

    def grow():
        for allocation in ComputeAllocationFactory.create_batch(15, company=company):
            ComputeUsageFactory(allocation=allocation)
        EquipmentBookingFactory.create_batch(15, company=company)

    # Expect 20 queries: session, user, sign-in bookkeeping (9), company, MOUs with their
    # relocation counts, relocations, awards, allocations with their usage, bookings, mentor
    # assignments with their hours, sessions, change history.
    assert_flat_queries(client, url, grow)


def test_portal_home_shows_the_firms_compute_and_upcoming_bookings(
    client, firm_user, company, other_company
):
    ComputeAllocationFactory(company=company, project_code="2021-079")
    ComputeAllocationFactory(company=other_company, project_code="2021-080")
    EquipmentBookingFactory(company=company, equipment=EquipmentFactory(name="구동 모터 시험기"))
    EquipmentBookingFactory(
        company=company, equipment=EquipmentFactory(name="지난 장비"), starts_at=future(-3)
    )
    client.force_login(firm_user)
    content = page(client.get(reverse("portal:home")))
    assert "2021-079" in content and "2021-080" not in content
    assert "구동 모터 시험기" in content and "지난 장비" not in content


def test_portal_home_queries_do_not_grow(client, firm_user, company, assert_flat_queries):
    client.force_login(firm_user)
    ComputeAllocationFactory(company=company)
    EquipmentBookingFactory(company=company)

    def grow():
        ComputeAllocationFactory.create_batch(15, company=company)
        EquipmentBookingFactory.create_batch(15, company=company)

    # Expect 28 queries: session, user, sign-in bookkeeping (9), company, contacts, awards,
    # allocations with their usage, upcoming bookings, approved sessions, the access record (10:
    # the chain's first row is made now), open reporting periods.
    assert_flat_queries(client, reverse("portal:home"), grow)
