"""Reads about mentoring."""

from django.db.models import QuerySet

from core.display import format_number
from mentoring.models import MentorAssignment, MentoringSession, SessionStatus
from users.models import Role, User
from users.permissions import MENTOR_ONLY, has_role, reads_everything

RECENT_SESSIONS = 10
# What a firm may read about a session; `notes` is deliberately absent.
PORTAL_SESSION_FIELDS = (
    "pk",
    "held_on",
    "duration_hours",
    "topic",
    "next_steps",
    "assignment__mentor__name",
)


def mentors_visible_to(user) -> QuerySet:
    """Active mentor accounts `user` may pick or see: all for staff and executives, a mentor
    only themselves, nobody for anyone else."""
    mentors = User.objects.filter(role=Role.MENTOR, is_active=True).select_related("mentor_profile")
    if reads_everything(user):
        return mentors
    return mentors.filter(pk=user.pk) if has_role(user, MENTOR_ONLY) else mentors.none()


def hours_text(value) -> str:
    """Hours with one decimal, rounded half up, with separators (messages, errors)."""
    return format_number(value, 1)


def company_mentoring_context(*, company, user) -> dict:
    """What the staff company page shows about mentoring (fixed query count)."""
    assignments = list(
        MentorAssignment.objects.visible_to(user)
        .filter(company=company)
        .with_hours()
        .select_related("mentor", "mentor__mentor_profile")
    )
    sessions = list(
        MentoringSession.objects.visible_to(user)
        .filter(assignment__company=company)
        .select_related("assignment__mentor")
        .defer("notes")[:RECENT_SESSIONS]
    )
    return {"mentor_assignments": assignments, "mentoring_sessions": sessions}


def portal_sessions(*, company):
    """The firm's counted sessions as dicts without the mentor's notes, newest first."""
    return (
        MentoringSession.objects.filter(assignment__company=company, status=SessionStatus.APPROVED)
        .order_by("-held_on", "-pk")
        .values(*PORTAL_SESSION_FIELDS)
    )


def portal_mentoring_context(*, company) -> dict:
    """What the firm portal home shows: its sessions without the mentor's private notes."""
    sessions = list(portal_sessions(company=company)[: RECENT_SESSIONS + 1])
    return {
        "portal_sessions": sessions[:RECENT_SESSIONS],
        "portal_sessions_more": len(sessions) > RECENT_SESSIONS,
    }
