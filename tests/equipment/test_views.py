"""Equipment screens: the staff equipment and booking lists and decisions, the firm's bookings
in the portal."""

import pytest
from django.urls import reverse

from companies.models import Industry
from equipment.models import BookingStatus, EquipmentBooking
from tests.equipment.factories import (
    DemoCentreFactory,
    EquipmentBookingFactory,
    EquipmentFactory,
    future,
)
from tests.pages import messages_of, page

pytestmark = pytest.mark.usefixtures("english_pages")


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


def test_equipment_list_queries_do_not_grow(client, executive, assert_flat_queries):
    client.force_login(executive)
    EquipmentFactory()

    def grow():
        for industry in (Industry.ENERGY, Industry.HEALTHCARE):
            EquipmentFactory.create_batch(
                10, centre=DemoCentreFactory(industry=industry), in_service_year=2022
            )

    # Expect 16 queries: session, user, sign-in bookkeeping (9), count, centres, counts by year,
    # the filter's centres, equipment with its centre.
    assert_flat_queries(client, reverse("equipment:list"), grow)


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


def test_booking_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    EquipmentBookingFactory()
    # Expect 15 queries: session, user, sign-in bookkeeping (9), count, the filter's centres and
    # equipment, bookings with their equipment, centre and company.
    _, response = assert_flat_queries(
        client, reverse("equipment:booking_list"), lambda: EquipmentBookingFactory.create_batch(25)
    )
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


def test_portal_booking_list_queries_do_not_grow(client, firm_user, company, assert_flat_queries):
    client.force_login(firm_user)
    EquipmentBookingFactory(company=company)
    # Expect 14 queries: session, user, sign-in bookkeeping (9), count, open reporting periods,
    # bookings with their equipment and centre.
    assert_flat_queries(
        client,
        reverse("portal:booking_list"),
        lambda: EquipmentBookingFactory.create_batch(20, company=company),
    )
