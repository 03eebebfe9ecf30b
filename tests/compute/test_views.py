"""Compute and equipment screens: staff pages, the firm portal, company page sections."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Industry
from compute.models import ComputeAllocation, ComputeCapacity, ComputeReclaim, ComputeUsage
from equipment.models import BookingStatus, EquipmentBooking
from tests.compute.factories import (
    ComputeAllocationFactory,
    ComputeCapacityFactory,
    ComputeUsageFactory,
    DemoCentreFactory,
    EquipmentBookingFactory,
    EquipmentFactory,
    future,
)
from tests.factories import CompanyFactory


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """English pages, so messages and errors compare with the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def period():
    return ComputeCapacityFactory(label="2021", capacity_pf=Decimal("1.00"))


# --- capacity ------------------------------------------------------------------------------


def test_capacity_list_shows_what_is_allocated_and_left(client, staff, period, company):
    ComputeAllocationFactory(capacity=period, company=company, pf_allocated=Decimal("0.40"))
    client.force_login(staff)
    response = client.get(reverse("compute:capacity_list"))
    row = response.context["periods"][0]
    assert (row.allocated_pf, row.remaining_pf, row.allocation_count) == (
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


def test_capacity_list_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    ComputeAllocationFactory(capacity=ComputeCapacityFactory(label="p0"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("compute:capacity_list"))
    for n in range(1, 15):
        ComputeAllocationFactory.create_batch(2, capacity=ComputeCapacityFactory(label=f"p{n}"))
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("compute:capacity_list"))
    assert len(response.context["periods"]) == 15


# --- allocations ---------------------------------------------------------------------------


def test_allocation_list_filters_by_period_company_and_off_purpose(client, staff, company):
    first = ComputeAllocationFactory(company=company, project_code="2021-001")
    other_period = ComputeCapacityFactory(label="2022")
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


def test_allocation_list_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    ComputeUsageFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("compute:allocation_list"))
    for allocation in ComputeAllocationFactory.create_batch(25):
        ComputeUsageFactory(allocation=allocation)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("compute:allocation_list"))
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
        "Only 0.10 PF of 2021 is left (1.00 PF capacity, 0.90 PF allocated)."
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


def test_allocation_detail_queries_do_not_grow(
    client, staff, company, django_assert_max_num_queries
):
    allocation = ComputeAllocationFactory(company=company, gpu_hours_allocated=Decimal("9000"))
    ComputeUsageFactory(allocation=allocation)
    client.force_login(staff)
    url = reverse("compute:allocation_detail", args=[allocation.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        ComputeUsageFactory(allocation=allocation, used_on=date(2021, 6, 1) + timedelta(days=n))
    for n in range(3):
        ComputeReclaim.objects.create(allocation=allocation, reason=f"{n}", reclaimed_by=staff)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


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


# --- usage import ------------------------------------------------------------------------


def csv_file(text: str, name="usage.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + text).encode(), content_type="text/csv")


@pytest.fixture
def allocation_2021(company):
    return ComputeAllocationFactory(
        company=company, project_code="2021-001", capacity=ComputeCapacityFactory(label="2021")
    )


def test_upload_dry_run_then_confirm_imports_the_rows(client, staff, allocation_2021):
    client.force_login(staff)
    url = reverse("compute:usage_import")
    response = client.post(
        url, {"file": csv_file("과제번호,사용일,GPU 사용시간\n2021-001,2021-07-01,12.5\n")}
    )
    assert ComputeUsage.objects.count() == 0
    token = response.context["token"]
    assert token and len(response.context["result"].rows) == 1
    response = client.post(reverse("compute:usage_import_confirm"), {"token": token}, follow=True)
    assert messages_of(response) == ["1 usage row was imported."]
    assert ComputeUsage.objects.get().gpu_hours == Decimal("12.50")


def test_a_dry_run_with_errors_offers_no_import(client, staff, allocation_2021):
    client.force_login(staff)
    response = client.post(
        reverse("compute:usage_import"),
        {"file": csv_file("과제번호,사용일,GPU 사용시간\n2099-001,2021-07-01,1\n")},
    )
    assert response.context["token"] == ""
    assert "Unknown project number 2099-001." in page(response)
    assert reverse("compute:usage_import_confirm") not in page(response)


def test_confirming_an_unknown_import_says_it_expired(client, staff):
    client.force_login(staff)
    response = client.post(reverse("compute:usage_import_confirm"), {"token": "nope"}, follow=True)
    assert messages_of(response) == ["This import has expired or was already run; upload it again."]


def test_a_confirm_after_usage_arrived_meanwhile_imports_nothing(client, staff, allocation_2021):
    client.force_login(staff)
    response = client.post(
        reverse("compute:usage_import"),
        {
            "file": csv_file(
                "과제번호,사용일,GPU 사용시간\n2021-001,2021-07-01,1\n2021-001,2021-07-02,2\n"
            )
        },
    )
    ComputeUsageFactory(allocation=allocation_2021, used_on=date(2021, 7, 2))
    response = client.post(
        reverse("compute:usage_import_confirm"),
        {"token": response.context["token"]},
        follow=True,
    )
    assert messages_of(response) == [
        "Nothing was imported: Row 3: Usage of 2021-001 on 2021-07-02 was already imported."
    ]
    assert ComputeUsage.objects.count() == 1


def test_the_usage_template_has_the_korean_headers(client, staff):
    client.force_login(staff)
    response = client.get(reverse("compute:usage_import_template"))
    assert response.content.decode("utf-8-sig").splitlines()[0] == "과제번호,사용일,GPU 사용시간"


# --- equipment and bookings (staff) -------------------------------------------------------


def test_equipment_list_counts_by_year(client, staff):
    centre = DemoCentreFactory(name="자동차 실증센터")
    EquipmentFactory.create_batch(2, centre=centre, in_service_year=2021)
    EquipmentFactory(centre=centre, in_service_year=2022)
    client.force_login(staff)
    response = client.get(reverse("equipment:list"))
    cells = response.context["counts"]["rows"][0]["cells"]
    assert [(cell["year"], cell["total"]) for cell in cells[:2]] == [(2021, 2), (2022, 3)]
    assert response.context["paginator"].count == 3


def test_equipment_list_queries_do_not_grow(client, executive, django_assert_max_num_queries):
    client.force_login(executive)
    EquipmentFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("equipment:list"))
    for industry in (Industry.ENERGY, Industry.HEALTHCARE):
        EquipmentFactory.create_batch(
            10, centre=DemoCentreFactory(industry=industry), in_service_year=2022
        )
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("equipment:list"))


def test_booking_list_filters_by_status_centre_and_day(client, staff, company):
    requested = EquipmentBookingFactory(company=company, starts_at=future(7, 10))
    approved = EquipmentBookingFactory(
        company=company, starts_at=future(9, 10), status=BookingStatus.APPROVED
    )
    client.force_login(staff)
    url = reverse("equipment:booking_list")

    def pks(params):
        return [b.pk for b in client.get(url, params).context["bookings"]]

    assert pks({"status": "requested"}) == [requested.pk]
    assert pks({"day": future(9).date().isoformat()}) == [approved.pk]
    assert pks({"centre": requested.equipment.centre_id}) == [approved.pk, requested.pk]
    assert pks({"equipment": approved.equipment_id}) == [approved.pk]


def test_booking_list_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    EquipmentBookingFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("equipment:booking_list"))
    EquipmentBookingFactory.create_batch(25)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("equipment:booking_list"))
    assert len(response.context["bookings"]) == 26


def test_staff_approve_from_the_list_and_return_to_it(client, staff, company):
    booking = EquipmentBookingFactory(company=company)
    client.force_login(staff)
    back = reverse("equipment:booking_list") + "?status=requested"
    response = client.post(reverse("equipment:booking_approve", args=[booking.pk]), {"next": back})
    assert response["Location"] == back
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by) == (BookingStatus.APPROVED, staff)


def test_approving_twice_says_why_not(client, staff, company):
    booking = EquipmentBookingFactory(company=company, status=BookingStatus.APPROVED)
    client.force_login(staff)
    response = client.post(reverse("equipment:booking_approve", args=[booking.pk]), follow=True)
    assert messages_of(response) == [
        "Only a requested booking can be approved; this one is Approved."
    ]


def test_approve_goes_nowhere_outside_the_site(client, staff, company):
    booking = EquipmentBookingFactory(company=company)
    client.force_login(staff)
    response = client.post(
        reverse("equipment:booking_approve", args=[booking.pk]), {"next": "https://evil.example"}
    )
    assert response["Location"] == reverse("equipment:booking_list")


def test_staff_reject_with_a_reason(client, staff, company):
    booking = EquipmentBookingFactory(company=company)
    client.force_login(staff)
    url = reverse("equipment:booking_reject", args=[booking.pk])
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"] == ["This field is required."]
    client.post(url, {"reason": "장비 점검 일정"})
    booking.refresh_from_db()
    assert (booking.status, booking.decision_reason) == (BookingStatus.REJECTED, "장비 점검 일정")


def test_staff_cancel_a_booking_after_confirming(client, staff, company):
    booking = EquipmentBookingFactory(company=company, status=BookingStatus.APPROVED)
    client.force_login(staff)
    url = reverse("equipment:booking_cancel", args=[booking.pk])
    assert client.post(url, {}).status_code == 200
    client.post(url, {"confirm": "on"})
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == (BookingStatus.CANCELLED, staff)


# --- firm portal ---------------------------------------------------------------------------


def booking_post(equipment, **overrides):
    data = {
        "equipment": equipment.pk,
        "starts_at": future(10, 10).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": future(10, 14).strftime("%Y-%m-%dT%H:%M"),
        "purpose": "자율주행 센서 성능 검증",
    }
    data.update(overrides)
    return data


def test_a_firm_requests_a_booking_for_its_own_company(client, firm_user, company, other_company):
    equipment = EquipmentFactory()
    client.force_login(firm_user)
    response = client.post(
        reverse("portal:booking_request"), booking_post(equipment, company=other_company.pk)
    )
    assert response["Location"] == reverse("portal:booking_list")
    booking = EquipmentBooking.objects.get()
    assert (booking.company, booking.requested_by, booking.status) == (
        company,
        firm_user,
        BookingStatus.REQUESTED,
    )
    assert booking.starts_at == future(10, 10)


def test_an_overlapping_request_is_shown_again_with_input_kept(client, firm_user):
    equipment = EquipmentFactory(name="레이더 성능 시험 장비")
    EquipmentBookingFactory(equipment=equipment, starts_at=future(10, 12))
    client.force_login(firm_user)
    response = client.post(reverse("portal:booking_request"), booking_post(equipment))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors[0].startswith("레이더 성능 시험 장비 is already booked from")
    assert response.context["form"]["purpose"].value() == "자율주행 센서 성능 검증"
    assert EquipmentBooking.objects.count() == 1


def test_a_request_ending_before_it_starts_is_refused(client, firm_user):
    equipment = EquipmentFactory()
    client.force_login(firm_user)
    response = client.post(
        reverse("portal:booking_request"),
        booking_post(equipment, ends_at=future(10, 9).strftime("%Y-%m-%dT%H:%M")),
    )
    assert response.context["form"].errors["ends_at"] == ["A booking must end after it starts."]


def test_the_request_form_shows_booked_times_without_names(client, firm_user, other_company):
    equipment = EquipmentFactory()
    EquipmentBookingFactory(equipment=equipment, company=other_company, starts_at=future(3, 10))
    client.force_login(firm_user)
    response = client.get(reverse("portal:booking_request"), {"equipment": equipment.pk})
    assert len(response.context["busy"]["slots"]) == 1
    assert other_company.name not in page(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_equipment_id_in_superscript_digits_is_ignored_not_a_500(client, firm_user, method):
    """The "show booked times" GET form and the request POST both carry the equipment id;
    "²³".isdigit() is true but it is no id (it was a ValueError from the query)."""
    equipment = EquipmentFactory()
    client.force_login(firm_user)
    data = (
        {**booking_post(equipment), "equipment": "²³"} if method == "post" else {"equipment": "²³"}
    )
    response = getattr(client, method)(reverse("portal:booking_request"), data)
    assert response.status_code == 200
    assert response.context["busy"] is None
    assert EquipmentBooking.objects.count() == 0
    if method == "post":
        assert response.context["form"].errors["equipment"]


def test_planned_equipment_is_not_offered(client, firm_user):
    EquipmentFactory(name="미래 장비", in_service_year=2099)
    client.force_login(firm_user)
    response = client.get(reverse("portal:booking_request"))
    assert "미래 장비" not in page(response)


def test_a_firm_cancels_its_own_booking(client, firm_user, company):
    booking = EquipmentBookingFactory(company=company)
    client.force_login(firm_user)
    response = client.post(reverse("portal:booking_cancel", args=[booking.pk]), {"confirm": "on"})
    assert response["Location"] == reverse("portal:booking_list")
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == (BookingStatus.CANCELLED, firm_user)


def test_another_firms_booking_cannot_be_cancelled(client, other_firm_user, company):
    booking = EquipmentBookingFactory(company=company)
    client.force_login(other_firm_user)
    response = client.post(reverse("portal:booking_cancel", args=[booking.pk]), {"confirm": "on"})
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_the_portal_lists_only_the_firms_own_bookings(client, firm_user, company, other_company):
    mine = EquipmentBookingFactory(company=company)
    EquipmentBookingFactory(company=other_company)
    client.force_login(firm_user)
    response = client.get(reverse("portal:booking_list"))
    assert [b.pk for b in response.context["bookings"]] == [mine.pk]


def test_portal_booking_list_queries_do_not_grow(
    client, firm_user, company, django_assert_max_num_queries
):
    client.force_login(firm_user)
    EquipmentBookingFactory(company=company)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:booking_list"))
    EquipmentBookingFactory.create_batch(20, company=company)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("portal:booking_list"))


def test_portal_allocation_list_shows_only_own_with_reclaims(
    client, firm_user, company, other_company, staff, django_assert_max_num_queries
):
    mine = ComputeAllocationFactory(company=company)
    ComputeAllocationFactory(company=other_company)
    client.force_login(firm_user)
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("portal:allocation_list"))
    assert [a.pk for a in response.context["allocations"]] == [mine.pk]
    for allocation in ComputeAllocationFactory.create_batch(10, company=company):
        ComputeReclaim.objects.create(allocation=allocation, reason="목적 외", reclaimed_by=staff)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("portal:allocation_list"))
    assert "목적 외" in page(response)


# --- company page and portal home sections ------------------------------------------------


def test_the_company_page_shows_allocations_and_bookings(client, staff, company):
    ComputeAllocationFactory(company=company, project_code="2021-077")
    EquipmentBookingFactory(company=company, equipment=EquipmentFactory(name="배터리팩 시험기"))
    client.force_login(staff)
    content = page(client.get(reverse("companies:sections", args=[company.pk])))
    assert "2021-077" in content
    assert "배터리팩 시험기" in content


def test_a_mentor_sees_the_section_without_links_to_staff_pages(client, mentor, company):
    allocation = ComputeAllocationFactory(company=company, project_code="2021-078")
    client.force_login(mentor)
    content = page(client.get(reverse("companies:sections", args=[company.pk])))
    assert "2021-078" in content
    assert allocation.get_absolute_url() not in content


def test_company_page_section_queries_do_not_grow(
    client, staff, company, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse("companies:sections", args=[company.pk])
    ComputeAllocationFactory(company=company)
    EquipmentBookingFactory(company=company)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for allocation in ComputeAllocationFactory.create_batch(15, company=company):
        ComputeUsageFactory(allocation=allocation)
    EquipmentBookingFactory.create_batch(15, company=company)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


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


def test_portal_home_queries_do_not_grow(client, firm_user, company, django_assert_max_num_queries):
    client.force_login(firm_user)
    ComputeAllocationFactory(company=company)
    EquipmentBookingFactory(company=company)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:home"))
    ComputeAllocationFactory.create_batch(15, company=company)
    EquipmentBookingFactory.create_batch(15, company=company)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("portal:home"))


def test_inactive_companies_are_not_offered_for_allocation(client, staff):
    CompanyFactory(name="휴면기업", is_active=False)
    client.force_login(staff)
    assert "휴면기업" not in page(client.get(reverse("compute:allocation_create")))
