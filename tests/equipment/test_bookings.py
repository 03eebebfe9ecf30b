"""Equipment bookings: no overlaps (service on both databases, constraint on PostgreSQL),
decisions, cancellations, visibility and the counts by year."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from equipment.models import BookingStatus, EquipmentBooking
from equipment.selectors import equipment_counts_by_year
from equipment.services import booking_approve, booking_cancel, booking_reject, booking_request
from tests.equipment.factories import (
    DemoCentreFactory,
    EquipmentBookingFactory,
    EquipmentFactory,
    future,
)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the exclusion constraint exists on PostgreSQL only"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="on PostgreSQL the exclusion constraint makes overlapping rows impossible to set up",
)


@pytest.fixture
def equipment():
    return EquipmentFactory(name="라이다 성능 시험 장비")


def request_booking(equipment, user, starts_at, hours=3):
    return booking_request(
        equipment=equipment,
        company=user.company,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        purpose="시제품 성능 검증",
        by=user,
    )


# --- overlap ------------------------------------------------------------------------------


def test_a_firm_requests_free_equipment(equipment, firm_user, company):
    booking = request_booking(equipment, firm_user, future(7, 10))
    assert (booking.status, booking.company, booking.requested_by) == (
        BookingStatus.REQUESTED,
        company,
        firm_user,
    )


def test_an_overlapping_request_is_refused_naming_the_booked_time(
    equipment, firm_user, other_firm_user
):
    first = request_booking(equipment, firm_user, future(7, 10))
    with pytest.raises(ValidationError) as error:
        request_booking(equipment, other_firm_user, future(7, 12))
    assert error.value.messages == [
        f"라이다 성능 시험 장비 is already booked from {first.starts_at.date()} 10:00 "
        f"to {first.starts_at.date()} 13:00."
    ]
    assert EquipmentBooking.objects.count() == 1


def test_an_approved_booking_blocks_the_time_too(equipment, firm_user, other_firm_user, staff):
    booking_approve(booking=request_booking(equipment, firm_user, future(7, 10)), by=staff)
    with pytest.raises(ValidationError):
        request_booking(equipment, other_firm_user, future(7, 9), hours=2)


def test_back_to_back_bookings_do_not_overlap(equipment, firm_user, other_firm_user):
    request_booking(equipment, firm_user, future(7, 10), hours=2)
    request_booking(equipment, other_firm_user, future(7, 12), hours=2)
    assert EquipmentBooking.objects.count() == 2


def test_other_equipment_is_free_at_the_same_time(equipment, firm_user):
    request_booking(equipment, firm_user, future(7, 10))
    request_booking(EquipmentFactory(centre=equipment.centre), firm_user, future(7, 10))
    assert EquipmentBooking.objects.count() == 2


def test_rejected_and_cancelled_bookings_free_the_time(equipment, firm_user, staff):
    rejected = request_booking(equipment, firm_user, future(7, 10))
    booking_reject(booking=rejected, reason="정기 점검", by=staff)
    cancelled = request_booking(equipment, firm_user, future(7, 10))
    booking_cancel(booking=cancelled, by=firm_user)
    again = request_booking(equipment, firm_user, future(7, 10))
    assert again.status == BookingStatus.REQUESTED


@postgres_only
def test_the_database_refuses_an_overlap_that_bypasses_the_service(equipment, company):
    EquipmentBookingFactory(equipment=equipment, company=company, starts_at=future(7, 10))
    with pytest.raises(IntegrityError, match="equipment_booking_no_overlap"), transaction.atomic():
        EquipmentBooking.objects.create(
            equipment=equipment,
            company=company,
            starts_at=future(7, 11),
            ends_at=future(7, 15),
            purpose="raw",
            requested_by_id=EquipmentBooking.objects.get().requested_by_id,
        )


@postgres_only
def test_the_database_allows_overlap_with_inactive_bookings(equipment, company):
    EquipmentBookingFactory(
        equipment=equipment,
        company=company,
        starts_at=future(7, 10),
        status=BookingStatus.REJECTED,
        decision_reason="점검",
    )
    EquipmentBookingFactory(equipment=equipment, company=company, starts_at=future(7, 11))
    assert EquipmentBooking.objects.count() == 2


@postgres_only
def test_full_clean_reports_the_overlap_on_postgresql(equipment, company):
    existing = EquipmentBookingFactory(equipment=equipment, company=company, starts_at=future(7))
    clash = EquipmentBooking(
        equipment=equipment,
        company=company,
        starts_at=existing.starts_at + timedelta(hours=1),
        ends_at=existing.ends_at + timedelta(hours=1),
        purpose="raw",
        requested_by=existing.requested_by,
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "The equipment is already booked for that time." in error.value.messages


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_for_the_same_time_leave_one(equipment, firm_user, other_firm_user):
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def run(index, user):
        try:
            barrier.wait(10)
            outcomes[index] = request_booking(equipment, user, future(7, 10))
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(0, firm_user)),
        threading.Thread(target=run, args=(1, other_firm_user)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "EquipmentBooking",
        "ValidationError",
    ]
    assert EquipmentBooking.objects.count() == 1


@sqlite_only
def test_approval_checks_the_overlap_again(equipment, company, staff):
    """Rows written around the service (possible on SQLite) are caught when approving."""
    approved = EquipmentBookingFactory(
        equipment=equipment, company=company, starts_at=future(7, 10)
    )
    booking_approve(booking=approved, by=staff)
    clash = EquipmentBookingFactory(equipment=equipment, company=company, starts_at=future(7, 11))
    with pytest.raises(ValidationError) as error:
        booking_approve(booking=clash, by=staff)
    assert "is already booked from" in error.value.messages[0]
    clash.refresh_from_db()
    assert clash.status == BookingStatus.REQUESTED


# --- other rules ----------------------------------------------------------------------------


def test_a_booking_must_end_after_it_starts(equipment, firm_user):
    with pytest.raises(ValidationError) as error:
        request_booking(equipment, firm_user, future(7, 10), hours=0)
    assert error.value.message_dict["ends_at"] == ["A booking must end after it starts."]


def test_the_database_refuses_a_booking_ending_before_it_starts(equipment, company):
    with pytest.raises(IntegrityError), transaction.atomic():
        EquipmentBookingFactory(
            equipment=equipment, starts_at=future(7, 10), ends_at=future(7, 9), company=company
        )


def test_a_booking_cannot_start_in_the_past(equipment, firm_user):
    with pytest.raises(ValidationError) as error:
        request_booking(equipment, firm_user, future(-1, 10))
    assert error.value.message_dict["starts_at"] == ["A booking cannot start in the past."]


def test_equipment_not_yet_in_service_cannot_be_booked(firm_user):
    planned = EquipmentFactory(name="수소 연료전지 시험기", in_service_year=2099)
    with pytest.raises(ValidationError) as error:
        request_booking(planned, firm_user, future(7, 10))
    assert error.value.message_dict["equipment"] == [
        "수소 연료전지 시험기 is in service only from 2099."
    ]


def test_staff_approve_a_request_and_the_decision_is_recorded(equipment, firm_user, staff):
    booking = booking_approve(
        booking=request_booking(equipment, firm_user, future(7, 10)), by=staff
    )
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by) == (BookingStatus.APPROVED, staff)
    assert booking.decided_at is not None


def test_a_decided_booking_cannot_be_decided_again(equipment, firm_user, staff):
    booking = booking_approve(
        booking=request_booking(equipment, firm_user, future(7, 10)), by=staff
    )
    with pytest.raises(ValidationError) as error:
        booking_reject(booking=booking, reason="변경", by=staff)
    assert error.value.messages == [
        "Only a requested booking can be rejected; this one is Approved."
    ]


def test_a_rejection_needs_a_reason(equipment, firm_user, staff):
    booking = request_booking(equipment, firm_user, future(7, 10))
    with pytest.raises(ValidationError) as error:
        booking_reject(booking=booking, reason=" ", by=staff)
    assert error.value.message_dict["reason"] == ["Say why the booking is rejected."]


def test_an_ended_booking_cannot_be_cancelled(equipment, company, firm_user):
    booking = EquipmentBookingFactory(
        equipment=equipment, company=company, starts_at=future(-2, 10)
    )
    with pytest.raises(ValidationError) as error:
        booking_cancel(booking=booking, by=firm_user)
    assert error.value.messages == ["A booking that has ended cannot be cancelled."]


def test_firms_see_only_their_own_bookings(firm_user, other_firm_user, company):
    mine = EquipmentBookingFactory(company=company)
    EquipmentBookingFactory(company=other_firm_user.company)
    assert list(EquipmentBooking.objects.visible_to(firm_user)) == [mine]


def test_counts_by_year_are_cumulative_with_additions(staff):
    automotive = DemoCentreFactory(name="자동차 실증센터")
    EquipmentFactory.create_batch(3, centre=automotive, in_service_year=2021)
    EquipmentFactory.create_batch(2, centre=automotive, in_service_year=2022)
    counts = equipment_counts_by_year(user=staff, until_year=2023)
    assert counts["years"] == [2021, 2022, 2023]
    cells = counts["rows"][0]["cells"]
    assert [(c["total"], c["added"]) for c in cells] == [(3, 3), (5, 2), (5, 0)]
    assert [c["total"] for c in counts["totals"]] == [3, 5, 5]
