"""Data-subject requests (PIPA arts. 35-37): recording, handling notes and the answer."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import ANSWER_DAYS, DataSubjectRequest
from users.models import User
from users.permissions import is_privacy_officer


def _check_officer(user: User) -> None:
    if not is_privacy_officer(user):
        raise ValidationError(_("Only the privacy officer handles data-subject requests."))


def _locked_open(subject_request: DataSubjectRequest) -> DataSubjectRequest:
    locked = DataSubjectRequest.objects.select_for_update().get(pk=subject_request.pk)
    if locked.answered_on is not None:
        raise ValidationError(_("This request has been answered already."), code="answered")
    return locked


def subject_request_create(
    *,
    kind: str,
    requester: str,
    requester_contact: str,
    subject_type: str,
    person_concerned: str,
    details: str,
    received_on: date,
    notes: str = "",
    by: User,
) -> DataSubjectRequest:
    """Record a request received on `received_on` (Seoul date); the answer is due
    ANSWER_DAYS days later."""
    _check_officer(by)
    if received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": _("A request cannot be received in the future.")}, code="future"
        )
    subject_request = DataSubjectRequest(
        kind=kind,
        requester=requester,
        requester_contact=requester_contact,
        subject_type=subject_type,
        person_concerned=person_concerned,
        details=details,
        received_on=received_on,
        due_on=received_on + timedelta(days=ANSWER_DAYS),
        notes=notes,
        recorded_by=by,
    )
    subject_request.full_clean()
    subject_request.save()
    return subject_request


@transaction.atomic
def subject_request_note(
    *, subject_request: DataSubjectRequest, notes: str, by: User
) -> DataSubjectRequest:
    """Replace the handling notes of an open request."""
    _check_officer(by)
    locked = _locked_open(subject_request)
    locked.notes = notes
    locked.full_clean()
    locked.save(update_fields=["notes"])
    return locked


@transaction.atomic
def subject_request_answer(
    *,
    subject_request: DataSubjectRequest,
    answer: str,
    outcome: str,
    answered_on: date,
    notes: str,
    by: User,
) -> DataSubjectRequest:
    """Answer an open request, once, with its outcome, date and the handling notes."""
    _check_officer(by)
    locked = _locked_open(subject_request)
    if answered_on > timezone.localdate():
        raise ValidationError(
            {"answered_on": _("The answer date cannot be in the future.")}, code="future"
        )
    if answered_on < locked.received_on:
        raise ValidationError(
            {"answered_on": _("A request cannot be answered before it came.")}, code="early"
        )
    locked.answer, locked.outcome, locked.answered_on = answer, outcome, answered_on
    locked.notes, locked.answered_by = notes, by
    locked.full_clean()
    locked.save(update_fields=["answer", "outcome", "answered_on", "notes", "answered_by"])
    return locked
