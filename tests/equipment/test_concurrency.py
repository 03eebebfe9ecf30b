"""Simultaneous and repeated requests on equipment bookings: one decision or cancellation per
booking, the other user told it changed meanwhile; a request form sent twice books once."""

import uuid

import pytest
from django.urls import reverse

from core.concurrency import ChangedMeanwhile
from core.submissions import FORM_TOKEN, RESUBMITTED
from equipment.models import BookingStatus, EquipmentBooking
from equipment.services import booking_approve, booking_cancel, booking_reject
from tests.concurrency import CHANGED, client_for, first_then, messages_of, postgres_only, race
from tests.equipment.factories import EquipmentBookingFactory, EquipmentFactory, future
from tests.factories import FirmUserFactory, StaffFactory

pytestmark = pytest.mark.usefixtures("english_pages")


def changed_meanwhile(result) -> bool:
    return isinstance(result, ChangedMeanwhile) and result.messages == [CHANGED]


def copy(booking):
    return EquipmentBooking.objects.get(pk=booking.pk)


def request_data(equipment, token):
    return {
        "equipment": equipment.pk,
        "starts_at": future(10, 10).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": future(10, 14).strftime("%Y-%m-%dT%H:%M"),
        "purpose": "자율주행 센서 성능 검증",
        FORM_TOKEN: str(token),
    }


# --- two requests at the same moment (PostgreSQL) --------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_approve_once():
    booking = EquipmentBookingFactory()
    anna, ben = StaffFactory(), StaffFactory()
    first, second = copy(booking), copy(booking)
    results = race(
        lambda: booking_approve(booking=first, by=anna),
        lambda: booking_approve(booking=second, by=ben),
    )
    assert sum(isinstance(r, EquipmentBooking) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    winner = anna if isinstance(results[0], EquipmentBooking) else ben
    assert (copy(booking).status, copy(booking).decided_by) == (BookingStatus.APPROVED, winner)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_approve_and_reject_at_once_decide_once():
    booking = EquipmentBookingFactory()
    staff = StaffFactory()
    first, second = copy(booking), copy(booking)
    results = race(
        lambda: booking_approve(booking=first, by=staff),
        lambda: booking_reject(booking=second, by=staff, reason="장비 점검 일정"),
    )
    assert sum(isinstance(r, EquipmentBooking) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    winner = next(r for r in results if isinstance(r, EquipmentBooking))
    assert copy(booking).status == winner.status
    assert copy(booking).decision_reason == ("장비 점검 일정" if winner is results[1] else "")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_rejection_and_the_firms_cancellation_at_once_leave_one():
    booking = EquipmentBookingFactory()
    staff = StaffFactory()
    first, second = copy(booking), copy(booking)
    results = race(
        lambda: booking_reject(booking=first, by=staff, reason="장비 점검 일정"),
        lambda: booking_cancel(booking=second, by=booking.requested_by),
    )
    assert sum(isinstance(r, EquipmentBooking) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    final = copy(booking)
    assert final.status in (BookingStatus.REJECTED, BookingStatus.CANCELLED)
    assert (final.decided_by is None) == (final.status == BookingStatus.CANCELLED)
    assert (final.cancelled_by is None) == (final.status == BookingStatus.REJECTED)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_second_approval_click_is_told_and_sent_back_to_the_list():
    booking = EquipmentBookingFactory()
    anna, ben = StaffFactory(), StaffFactory()
    results = first_then(
        lambda: booking_approve(booking=copy(booking), by=anna),
        lambda: client_for(ben).post(reverse("equipment:booking_approve", args=[booking.pk])),
    )
    response = results[1]
    assert (response.status_code, response.url) == (302, reverse("equipment:booking_list"))
    assert messages_of(response) == [("error", CHANGED)]
    assert copy(booking).decided_by == anna


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_booking_request_books_once():
    equipment = EquipmentFactory()
    firm_user = FirmUserFactory()
    data = request_data(equipment, uuid.uuid4())
    clients = [client_for(firm_user), client_for(firm_user)]
    url = reverse("portal:booking_request")
    responses = race(*(lambda c=c: c.post(url, data) for c in clients))
    assert [r.status_code for r in responses] == [302, 302]
    assert sorted(level for r in responses for level, _text in messages_of(r)) == [
        "info",
        "success",
    ]
    assert EquipmentBooking.objects.filter(equipment=equipment).count() == 1


# --- a form sent twice (both databases) -----------------------------------------------------


def test_a_booking_request_sent_twice_books_once(client, firm_user):
    equipment = EquipmentFactory()
    client.force_login(firm_user)
    url = reverse("portal:booking_request")
    token = client.get(url).context["form"][FORM_TOKEN].value()
    first = client.post(url, request_data(equipment, token))
    again = client.post(url, request_data(equipment, token))
    assert [first.url, again.url] == [reverse("portal:booking_list")] * 2
    assert messages_of(again) == [("info", str(RESUBMITTED))]
    assert EquipmentBooking.objects.filter(equipment=equipment).count() == 1


def test_a_decision_on_a_booking_read_before_another_is_changed_meanwhile(staff):
    booking = EquipmentBookingFactory()
    stale = copy(booking)
    booking_approve(booking=booking, by=staff)
    with pytest.raises(ChangedMeanwhile):
        booking_reject(booking=stale, by=staff, reason="장비 점검 일정")
    assert copy(booking).status == BookingStatus.APPROVED
