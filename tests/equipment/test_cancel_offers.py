"""A cancel button is offered only for a booking that can still be cancelled; the service
refuses the rest with a message, whatever the page showed."""

from datetime import timedelta

import pytest
from django.urls import reverse

from equipment.models import BookingStatus
from tests.equipment.factories import EquipmentBookingFactory, future
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")


def _past(company, **fields):
    starts = future(days=-3)
    return EquipmentBookingFactory(
        company=company, starts_at=starts, ends_at=starts + timedelta(hours=2), **fields
    )


@pytest.mark.parametrize(
    ("who", "list_name", "cancel_name"),
    [
        ("staff", "equipment:booking_list", "equipment:booking_cancel"),
        ("firm_user", "portal:booking_list", "portal:booking_cancel"),
    ],
)
def test_lists_offer_cancel_only_for_bookings_not_ended(
    client, request, company, who, list_name, cancel_name
):
    upcoming = EquipmentBookingFactory(company=company, status=BookingStatus.APPROVED)
    ended = _past(company, status=BookingStatus.APPROVED)
    rejected = EquipmentBookingFactory(
        company=company, status=BookingStatus.REJECTED, decision_reason="장비 점검"
    )
    client.force_login(request.getfixturevalue(who))

    html = page(client.get(reverse(list_name)))

    assert reverse(cancel_name, args=[upcoming.pk]) in html
    assert reverse(cancel_name, args=[ended.pk]) not in html
    assert reverse(cancel_name, args=[rejected.pk]) not in html


@pytest.mark.parametrize(
    ("who", "cancel_name"),
    [("staff", "equipment:booking_cancel"), ("firm_user", "portal:booking_cancel")],
)
def test_an_ended_booking_shows_why_and_a_post_is_refused(
    client, request, company, who, cancel_name
):
    booking = _past(company, status=BookingStatus.APPROVED)
    client.force_login(request.getfixturevalue(who))
    url = reverse(cancel_name, args=[booking.pk])

    shown = page(client.get(url))
    assert "A booking that has ended cannot be cancelled." in shown
    assert 'name="confirm"' not in shown

    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "A booking that has ended cannot be cancelled."
    ]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED


def test_a_rejected_booking_page_names_its_status(client, staff, company):
    booking = EquipmentBookingFactory(
        company=company, status=BookingStatus.REJECTED, decision_reason="장비 점검"
    )
    client.force_login(staff)

    shown = page(client.get(reverse("equipment:booking_cancel", args=[booking.pk])))

    assert "Only a requested or approved booking can be cancelled; this one is Rejected." in shown
