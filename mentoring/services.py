"""Writes about mentoring: assignments and their history, sessions and their hours."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessAction, SubjectType
from audit.services import access_record
from audit.services.consent import consent_record
from companies.models import Company
from core.concurrency import ChangedMeanwhile, lock_again, refuse
from core.uploads import DOCUMENT_KINDS, display_name, validate_upload
from mentoring.models import (
    MAX_SESSION_HOURS,
    AssignmentEvent,
    AssignmentEventKind,
    MentorAssignment,
    MentoringSession,
    MentorProfile,
    SessionStatus,
)
from mentoring.selectors import hours_text
from notices.models import NoticeKind
from notices.services import notify, staff_for
from users.models import Role, User


@transaction.atomic
def mentor_profile_save(
    *,
    profile: MentorProfile,
    by: User,
    consent_basis: str = "",
    third_party_consent: bool = False,
) -> MentorProfile:
    """Create or change a mentor's profile and record the basis of the mentor's data
    (audit.services.consent.consent_record)."""
    profile.full_clean()
    profile.save()
    consent_record(
        subject_type=SubjectType.MENTOR,
        subject_id=profile.user_id,
        basis=consent_basis,
        third_party=third_party_consent,
        by=by,
    )
    return profile


def _check_budget(hours_budget) -> None:
    if hours_budget is None or hours_budget <= 0:
        raise ValidationError(
            {"hours_budget": _("The hours budget must be more than zero.")}, code="budget"
        )


def assignment_used_hours(*, assignment: MentorAssignment) -> Decimal:
    """Hours of the assignment's counted (approved) sessions."""
    total = assignment.sessions.filter(status=SessionStatus.APPROVED).aggregate(
        total=Sum("duration_hours")
    )["total"]
    return total or Decimal("0")


@transaction.atomic
def mentor_assign(
    *,
    mentor: User,
    company: Company,
    started_on: date,
    hours_budget: Decimal,
    by: User,
    reason: str = "",
) -> MentorAssignment:
    """Assign `mentor` to `company` from `started_on` with an hours budget; records who did it."""
    if mentor.role != Role.MENTOR or not mentor.is_active:
        raise ValidationError({"mentor": _("Choose an active mentor.")}, code="mentor")
    if not company.is_active:
        raise ValidationError(
            _("Mentors cannot be assigned to an inactive company."), code="inactive"
        )
    _check_budget(hours_budget)
    # Locking the mentor's row makes two simultaneous assignments of the same mentor wait in turn.
    User.objects.select_for_update().filter(pk=mentor.pk).first()
    overlapping = MentorAssignment.objects.filter(mentor=mentor, company=company).exclude(
        ended_on__lte=started_on
    )
    if overlapping.exists():
        raise ValidationError(
            {"mentor": _("This mentor is already assigned to this company.")}, code="duplicate"
        )
    assignment = MentorAssignment(
        mentor=mentor,
        company=company,
        started_on=started_on,
        hours_budget=hours_budget,
        assigned_by=by,
    )
    assignment.full_clean()
    assignment.save()
    AssignmentEvent.objects.create(
        assignment=assignment,
        kind=AssignmentEventKind.ASSIGNED,
        effective_on=started_on,
        hours_budget=hours_budget,
        reason=reason,
        recorded_by=by,
    )
    access_record(
        user=by,
        action=AccessAction.ROLE_CHANGE,
        subject_type=SubjectType.MENTOR,
        subject=_("%(mentor)s assigned to %(company)s") % {"mentor": mentor, "company": company},
        subject_ids=[mentor.pk],
    )
    _notify_mentor(assignment, "assigned", on=started_on)
    return assignment


def _notify_mentor(assignment: MentorAssignment, variant: str, *, on: date, previous=None) -> None:
    """Tell the mentor their assignment was made, ended or its budget changed."""
    notify(
        recipients=[assignment.mentor],
        kind=NoticeKind.ASSIGNMENT_CHANGED,
        params={
            "variant": variant,
            "company": assignment.company.name,
            "on": on.isoformat(),
            "hours": str(assignment.hours_budget),
            "previous_hours": "" if previous is None else str(previous),
        },
        link=reverse("mentoring:home"),
    )


@transaction.atomic
def mentor_unassign(
    *, assignment: MentorAssignment, by: User, reason: str = ""
) -> MentorAssignment:
    """End the assignment today: the mentor loses access to the company at once."""
    changed = lock_again(assignment, "ended_on")
    today = timezone.localdate()
    if assignment.ended_on is not None and assignment.ended_on <= today:
        refuse(_("This assignment has already ended."), code="ended", changed=changed)
    # An assignment that has not started yet ends on its first day, so it is never in force.
    assignment.ended_on = max(today, assignment.started_on)
    assignment.save(update_fields=["ended_on", "updated_at"])
    AssignmentEvent.objects.create(
        assignment=assignment,
        kind=AssignmentEventKind.UNASSIGNED,
        effective_on=assignment.ended_on,
        hours_budget=assignment.hours_budget,
        reason=reason,
        recorded_by=by,
    )
    access_record(
        user=by,
        action=AccessAction.ROLE_CHANGE,
        subject_type=SubjectType.MENTOR,
        subject=_("%(mentor)s unassigned from %(company)s")
        % {"mentor": assignment.mentor, "company": assignment.company},
        subject_ids=[assignment.mentor_id],
    )
    _notify_mentor(assignment, "ended", on=assignment.ended_on)
    return assignment


@transaction.atomic
def assignment_change_budget(
    *, assignment: MentorAssignment, hours_budget: Decimal, by: User, reason: str = ""
) -> MentorAssignment:
    """Change the hours budget; never below the hours already counted. Keeps the old value.
    The new budget is chosen against the one the caller read: when that moved meanwhile,
    nothing changes."""
    _check_budget(hours_budget)
    # Locked: budget checks and sessions' hours are counted one at a time.
    if lock_again(assignment, "hours_budget"):
        raise ChangedMeanwhile
    previous = assignment.hours_budget
    if hours_budget == previous:
        raise ValidationError(
            {
                "hours_budget": _("The budget is already %(hours)s hours.")
                % {"hours": hours_text(previous)}
            },
            code="unchanged",
        )
    used = assignment_used_hours(assignment=assignment)
    if hours_budget < used:
        raise ValidationError(
            {
                "hours_budget": _(
                    "The budget cannot be less than the %(used)s hours already counted."
                )
                % {"used": hours_text(used)}
            },
            code="below_used",
        )
    assignment.hours_budget = hours_budget
    assignment.full_clean()
    assignment.save(update_fields=["hours_budget", "updated_at"])
    AssignmentEvent.objects.create(
        assignment=assignment,
        kind=AssignmentEventKind.BUDGET_CHANGED,
        effective_on=timezone.localdate(),
        hours_budget=hours_budget,
        previous_hours_budget=previous,
        reason=reason,
        recorded_by=by,
    )
    _notify_mentor(assignment, "budget", on=timezone.localdate(), previous=previous)
    return assignment


@transaction.atomic
def session_record(
    *,
    mentor: User,
    assignment: MentorAssignment,
    held_on: date,
    duration_hours: Decimal,
    topic: str,
    notes: str = "",
    next_steps: str = "",
    attachment=None,
) -> MentoringSession:
    """Record a session and debit its hours; one that would overspend the budget waits for staff."""
    # Locked: sessions recorded at once are counted against the budget one at a time.
    lock_again(assignment)
    if assignment.mentor_id != mentor.pk or not assignment.is_current:
        raise ValidationError(
            {"assignment": _("You can record sessions only for companies assigned to you now.")},
            code="not_assigned",
        )
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session cannot be in the future.")}, code="future")
    if held_on < assignment.started_on:
        raise ValidationError(
            {
                "held_on": _("The assignment started on %(date)s; the session cannot be earlier.")
                % {"date": assignment.started_on.isoformat()}
            },
            code="before_start",
        )
    if duration_hours is None or not (0 < duration_hours <= MAX_SESSION_HOURS):
        raise ValidationError(
            {"duration_hours": _("A session lasts more than 0 and at most 24 hours.")},
            code="duration",
        )
    used = assignment_used_hours(assignment=assignment)
    within_budget = used + duration_hours <= assignment.hours_budget
    session = MentoringSession(
        assignment=assignment,
        held_on=held_on,
        duration_hours=duration_hours,
        topic=topic,
        notes=notes,
        next_steps=next_steps,
        status=SessionStatus.APPROVED if within_budget else SessionStatus.PENDING,
        recorded_by=mentor,
    )
    if attachment:
        try:
            kind = validate_upload(attachment, kinds=DOCUMENT_KINDS)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}, code="attachment") from error
        session.attachment_name = display_name(attachment.name, kind, default="attachment")
        # The stored name is random (session_attachment_path); only the checked extension stays.
        session.attachment = File(attachment, name=session.attachment_name)
    session.full_clean(exclude=["attachment"])
    try:
        session.save()
    except Exception:
        if session.attachment:
            session.attachment.delete(save=False)
        raise
    if session.status == SessionStatus.PENDING:
        notify(
            recipients=staff_for(assignment.company),
            kind=NoticeKind.SESSION_OVER_BUDGET,
            params={
                "company": assignment.company.name,
                "mentor": mentor.display_name,
                "hours": str(duration_hours),
                "held_on": held_on.isoformat(),
            },
            link=session.get_absolute_url(),
        )
    return session


def _lock_pending(session: MentoringSession) -> None:
    changed = lock_again(session, "status")
    if session.status != SessionStatus.PENDING:
        refuse(
            _("Only sessions awaiting approval can be approved or rejected."),
            code="decided",
            changed=changed,
        )


@transaction.atomic
def session_approve(*, session: MentoringSession, by: User) -> MentoringSession:
    """Approve a session over budget: from now on its hours count."""
    _lock_pending(session)
    session.status = SessionStatus.APPROVED
    session.decided_by = by
    session.decided_at = timezone.now()
    session.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return session


@transaction.atomic
def session_reject(*, session: MentoringSession, by: User, reason: str) -> MentoringSession:
    """Reject a session over budget, with a reason; its hours never count."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the rejection.")}, code="reason")
    _lock_pending(session)
    session.status = SessionStatus.REJECTED
    session.decided_by = by
    session.decided_at = timezone.now()
    session.decision_reason = reason
    session.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )
    return session
