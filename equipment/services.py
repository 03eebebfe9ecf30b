"""Writes about equipment bookings: requests by firms, decisions by staff, cancellations.

Overlaps are checked while the equipment row is locked (select_for_update), so concurrent
requests for the same equipment queue and each sees the others. On PostgreSQL the exclusion
constraint `equipment_booking_no_overlap` backs this up; SQLite serialises writes anyway.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies.models import Company
from core.concurrency import lock_again, refuse
from core.text import normalize_text
from equipment.models import ACTIVE_BOOKING_STATUSES, BookingStatus, Equipment, EquipmentBooking
from notices.models import NoticeKind
from notices.services import firm_users_of, notify, staff_for
from users.models import User

OVERLAP_CONSTRAINT = "equipment_booking_no_overlap"


def _moment(value: datetime) -> str:
    return date_format(timezone.localtime(value), "Y-m-d H:i")


def _check_free(
    *, equipment: Equipment, starts_at: datetime, ends_at: datetime, exclude_pk=None
) -> None:
    """ValidationError naming the clash when an active booking shares some of the time."""
    clash = (
        EquipmentBooking.objects.active()
        .overlapping(equipment=equipment, starts_at=starts_at, ends_at=ends_at)
        .exclude(pk=exclude_pk)
        .order_by("starts_at")
        .first()
    )
    if clash:
        raise ValidationError(
            _("%(equipment)s is already booked from %(start)s to %(end)s.")
            % {
                "equipment": equipment.name,
                "start": _moment(clash.starts_at),
                "end": _moment(clash.ends_at),
            },
            code="overlap",
        )


def _save_refusing_overlap(booking: EquipmentBooking, **kwargs) -> None:
    """Save; PostgreSQL's exclusion constraint refusing it becomes the same ValidationError."""
    try:
        with transaction.atomic():
            booking.save(**kwargs)
    except IntegrityError as error:
        if OVERLAP_CONSTRAINT not in str(error):
            raise
        raise ValidationError(
            _("The equipment is already booked for that time."), code="overlap"
        ) from error


def _check_limits(
    *, equipment: Equipment, company: Company, starts_at: datetime, ends_at: datetime
) -> None:
    """ValidationError naming the limit when the booking is too long, too far ahead, or the
    company already has as many undecided requests as one firm may hold."""
    hours = equipment.max_booking_hours
    if ends_at - starts_at > timedelta(hours=hours):
        raise ValidationError(
            {
                "ends_at": ngettext(
                    "A booking may last at most %(hours)d hour on this equipment.",
                    "A booking may last at most %(hours)d hours on this equipment.",
                    hours,
                )
                % {"hours": hours}
            },
            code="too_long",
        )
    days = equipment.max_days_ahead
    if timezone.localtime(starts_at).date() > timezone.localdate() + timedelta(days=days):
        raise ValidationError(
            {
                "starts_at": ngettext(
                    "A booking may start at most %(days)d day ahead on this equipment.",
                    "A booking may start at most %(days)d days ahead on this equipment.",
                    days,
                )
                % {"days": days}
            },
            code="too_far_ahead",
        )
    # Lock the company: two requests of one firm for different equipment queue here, so
    # neither can slip past the limit while the other is being saved.
    Company.objects.select_for_update().only("pk").get(pk=company.pk)
    limit = settings.EQUIPMENT_MAX_PENDING_BOOKINGS
    pending = EquipmentBooking.objects.filter(
        company=company, status=BookingStatus.REQUESTED, ends_at__gt=timezone.now()
    ).count()
    if pending >= limit:
        raise ValidationError(
            ngettext(
                "Your company already has %(count)d booking request waiting for a decision, "
                "the most allowed. Wait for staff to decide, or cancel a request.",
                "Your company already has %(count)d booking requests waiting for a decision, "
                "the most allowed. Wait for staff to decide, or cancel a request.",
                limit,
            )
            % {"count": limit},
            code="too_many_pending",
        )


@transaction.atomic
def booking_request(
    *,
    equipment: Equipment,
    company: Company,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    by: User,
) -> EquipmentBooking:
    """A firm asks for equipment for [starts_at, ends_at); refused when it overlaps an active
    booking, starts in the past, the equipment is not in service then, or it breaks a limit
    (the equipment's longest booking and horizon, the firm's pending requests)."""
    if starts_at >= ends_at:
        raise ValidationError({"ends_at": _("A booking must end after it starts.")}, code="order")
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("A booking cannot start in the past.")}, code="past")
    purpose = normalize_text(purpose or "")
    if not purpose:
        raise ValidationError({"purpose": _("Say what the equipment is for.")}, code="purpose")
    # Lock the equipment: concurrent requests for it queue here and see each other's rows.
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    if not equipment.is_bookable:
        raise ValidationError(
            {"equipment": _("%(equipment)s cannot be booked.") % {"equipment": equipment.name}},
            code="not_bookable",
        )
    if equipment.in_service_year > timezone.localtime(starts_at).year:
        raise ValidationError(
            {
                "equipment": _("%(equipment)s is in service only from %(year)d.")
                % {"equipment": equipment.name, "year": equipment.in_service_year}
            },
            code="not_in_service",
        )
    _check_limits(equipment=equipment, company=company, starts_at=starts_at, ends_at=ends_at)
    _check_free(equipment=equipment, starts_at=starts_at, ends_at=ends_at)
    booking = EquipmentBooking(
        equipment=equipment,
        company=company,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        requested_by=by,
    )
    _save_refusing_overlap(booking)
    notify(
        recipients=staff_for(company),
        kind=NoticeKind.BOOKING_REQUESTED,
        params={"company": company.name, **_booking_params(booking)},
        link=reverse("equipment:booking_list") + f"?status={BookingStatus.REQUESTED}",
    )
    return booking


def _booking_params(booking: EquipmentBooking) -> dict:
    return {
        "equipment": booking.equipment.name,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
    }


def _notify_decision(booking: EquipmentBooking, variant: str) -> None:
    notify(
        recipients=firm_users_of(booking.company),
        kind=NoticeKind.BOOKING_DECIDED,
        params={
            "variant": variant,
            "reason": booking.decision_reason,
            **_booking_params(booking),
        },
        link=reverse("portal:booking_list"),
    )


def _lock(booking: EquipmentBooking) -> bool:
    """Re-read the booking in place under a lock on its equipment, then on itself; True when its
    status moved since the caller read it."""
    Equipment.objects.select_for_update().only("pk").get(pk=booking.equipment_id)
    return lock_again(
        booking, "status", queryset=EquipmentBooking.objects.select_related("equipment")
    )


@transaction.atomic
def booking_approve(*, booking: EquipmentBooking, by: User) -> EquipmentBooking:
    """Staff approve a requested booking, after checking again that nothing overlaps it."""
    changed = _lock(booking)
    if booking.status != BookingStatus.REQUESTED:
        refuse(
            _("Only a requested booking can be approved; this one is %(status)s.")
            % {"status": booking.get_status_display()},
            code="status",
            changed=changed,
        )
    _check_free(
        equipment=booking.equipment,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        exclude_pk=booking.pk,
    )
    booking.status = BookingStatus.APPROVED
    booking.decided_by = by
    booking.decided_at = timezone.now()
    _save_refusing_overlap(
        booking, update_fields=["status", "decided_by", "decided_at", "updated_at"]
    )
    _notify_decision(booking, "approved")
    return booking


@transaction.atomic
def booking_reject(*, booking: EquipmentBooking, reason: str, by: User) -> EquipmentBooking:
    """Staff turn down a requested booking, saying why."""
    reason = normalize_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the booking is rejected.")}, code="reason")
    changed = _lock(booking)
    if booking.status != BookingStatus.REQUESTED:
        refuse(
            _("Only a requested booking can be rejected; this one is %(status)s.")
            % {"status": booking.get_status_display()},
            code="status",
            changed=changed,
        )
    booking.status = BookingStatus.REJECTED
    booking.decided_by = by
    booking.decided_at = timezone.now()
    booking.decision_reason = reason
    booking.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )
    _notify_decision(booking, "rejected")
    return booking


@transaction.atomic
def booking_cancel(*, booking: EquipmentBooking, by: User) -> EquipmentBooking:
    """The firm or staff cancel a requested or approved booking that has not ended."""
    changed = _lock(booking)
    if booking.status not in ACTIVE_BOOKING_STATUSES:
        refuse(
            _("Only a requested or approved booking can be cancelled; this one is %(status)s.")
            % {"status": booking.get_status_display()},
            code="status",
            changed=changed,
        )
    if booking.ends_at <= timezone.now():
        raise ValidationError(_("A booking that has ended cannot be cancelled."), code="ended")
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_by = by
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_by", "cancelled_at", "updated_at"])
    return booking
