"""Limits that keep one firm from holding equipment for everybody else: the equipment's longest
booking and booking horizon, and the firm's number of undecided requests."""

import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import translation

from equipment.models import BookingStatus, EquipmentBooking
from equipment.services import booking_request
from tests.equipment.factories import EquipmentBookingFactory, EquipmentFactory, future
from tests.factories import SEOUL

# A Tuesday morning in Seoul; the horizon counts calendar days from this date.
NOW = datetime(2024, 3, 5, 9, 0, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


def request(equipment, user, starts_at, *, hours=3):
    return booking_request(
        equipment=equipment,
        company=user.company,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        purpose="시제품 성능 검증",
        by=user,
    )


def refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value


# --- length ---------------------------------------------------------------------------------


def test_the_default_longest_booking_is_eight_hours(firm_user):
    equipment = EquipmentFactory()
    assert (equipment.max_booking_hours, equipment.max_days_ahead) == (8, 90)
    booking = request(equipment, firm_user, future(7, 9), hours=8)
    assert booking.ends_at - booking.starts_at == timedelta(hours=8)


def test_a_booking_longer_than_the_equipment_allows_is_refused_naming_the_limit(firm_user):
    equipment = EquipmentFactory()
    error = refusal(lambda: request(equipment, firm_user, future(7, 9), hours=9))
    assert error.message_dict == {
        "ends_at": ["A booking may last at most 8 hours on this equipment."]
    }
    assert not EquipmentBooking.objects.exists()


def test_the_longest_booking_is_set_per_equipment(firm_user):
    short = EquipmentFactory(max_booking_hours=1)
    long = EquipmentFactory(max_booking_hours=24)
    error = refusal(lambda: request(short, firm_user, future(7, 9), hours=2))
    assert error.messages == ["A booking may last at most 1 hour on this equipment."]
    assert request(long, firm_user, future(7, 9), hours=24).equipment == long


# --- horizon --------------------------------------------------------------------------------


def test_a_booking_may_start_on_the_last_day_of_the_horizon(firm_user):
    equipment = EquipmentFactory()
    last_day = datetime(2024, 6, 3, 22, 0, tzinfo=SEOUL)  # 2024-03-05 + 90 days
    assert request(equipment, firm_user, last_day, hours=1).starts_at == last_day


def test_a_booking_starting_beyond_the_horizon_is_refused_naming_the_limit(firm_user):
    equipment = EquipmentFactory()
    error = refusal(lambda: request(equipment, firm_user, datetime(2024, 6, 4, 0, 0, tzinfo=SEOUL)))
    assert error.message_dict == {
        "starts_at": ["A booking may start at most 90 days ahead on this equipment."]
    }


def test_the_horizon_is_set_per_equipment(firm_user):
    equipment = EquipmentFactory(max_days_ahead=1)
    assert request(equipment, firm_user, datetime(2024, 3, 6, 10, 0, tzinfo=SEOUL))
    error = refusal(
        lambda: request(equipment, firm_user, datetime(2024, 3, 7, 10, 0, tzinfo=SEOUL))
    )
    assert error.messages == ["A booking may start at most 1 day ahead on this equipment."]


# --- pending requests per firm --------------------------------------------------------------


PENDING_MESSAGE = (
    "Your company already has 5 booking requests waiting for a decision, the most allowed. "
    "Wait for staff to decide, or cancel a request."
)


def test_a_firm_with_five_pending_requests_may_not_request_a_sixth(firm_user, company):
    EquipmentBookingFactory.create_batch(5, company=company, requested_by=firm_user)
    error = refusal(lambda: request(EquipmentFactory(), firm_user, future(3, 10)))
    assert error.messages == [PENDING_MESSAGE]
    assert EquipmentBooking.objects.filter(company=company).count() == 5


def test_decided_cancelled_and_past_requests_do_not_count(firm_user, company, staff):
    EquipmentBookingFactory.create_batch(4, company=company, requested_by=firm_user)
    for status in (BookingStatus.APPROVED, BookingStatus.CANCELLED):
        EquipmentBookingFactory(company=company, requested_by=firm_user, status=status)
    EquipmentBookingFactory(
        company=company,
        requested_by=firm_user,
        status=BookingStatus.REJECTED,
        decision_reason="장비 점검",
        decided_by=staff,
    )
    # Never decided, and its time has passed: it holds nothing any more.
    EquipmentBookingFactory(
        company=company, requested_by=firm_user, starts_at=NOW - timedelta(days=2)
    )
    booking = request(EquipmentFactory(), firm_user, future(3, 10))
    assert booking.status == BookingStatus.REQUESTED


def test_another_firms_requests_do_not_count(firm_user, other_company):
    EquipmentBookingFactory.create_batch(5, company=other_company)
    assert request(EquipmentFactory(), firm_user, future(3, 10)).company == firm_user.company


def test_the_pending_limit_is_a_setting(settings, firm_user, company):
    settings.EQUIPMENT_MAX_PENDING_BOOKINGS = 1
    request(EquipmentFactory(), firm_user, future(3, 10))
    error = refusal(lambda: request(EquipmentFactory(), firm_user, future(4, 10)))
    assert error.messages == [
        "Your company already has 1 booking request waiting for a decision, the most allowed. "
        "Wait for staff to decide, or cancel a request."
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need their own connections to a database server, not SQLite in memory",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_at_the_limit_leave_one(firm_user, company):
    """Both requests are for different equipment, so only the lock on the company queues them."""
    EquipmentBookingFactory.create_batch(4, company=company, requested_by=firm_user)
    equipment = [EquipmentFactory(), EquipmentFactory()]
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def run(index):
        try:
            barrier.wait(10)
            # A new thread speaks the default language (Korean); the messages compared are English.
            with translation.override("en"):
                outcomes[index] = request(equipment[index], firm_user, future(3 + index, 10))
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(refused) == 1, outcomes
    assert refused[0].messages == [PENDING_MESSAGE]
    assert EquipmentBooking.objects.filter(status=BookingStatus.REQUESTED).count() == 5


# --- the firm's request form ----------------------------------------------------------------


def test_the_request_form_shows_the_limit_on_the_end_time(client, english_pages, firm_user):
    equipment = EquipmentFactory(max_booking_hours=4)
    client.force_login(firm_user)
    response = client.post(
        reverse("portal:booking_request"),
        {
            "equipment": equipment.pk,
            "starts_at": future(10, 9).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": future(10, 18).strftime("%Y-%m-%dT%H:%M"),
            "purpose": "자율주행 센서 성능 검증",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == [
        "A booking may last at most 4 hours on this equipment."
    ]
    assert response.context["form"]["purpose"].value() == "자율주행 센서 성능 검증"
    assert not EquipmentBooking.objects.exists()
