"""Simultaneous and repeated requests in mentoring: one session decision, one assignment end and
one budget change per change, the other user told it changed meanwhile; a session form sent
twice records one session."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from core.concurrency import ChangedMeanwhile
from core.submissions import FORM_TOKEN, RESUBMITTED
from mentoring.models import (
    AssignmentEvent,
    AssignmentEventKind,
    MentorAssignment,
    MentoringSession,
    SessionStatus,
)
from mentoring.services import (
    assignment_change_budget,
    mentor_unassign,
    session_approve,
    session_reject,
)
from tests.concurrency import CHANGED, client_for, first_then, messages_of, postgres_only, race
from tests.factories import MentorAssignmentFactory, StaffFactory
from tests.mentoring.factories import MentoringSessionFactory

pytestmark = pytest.mark.usefixtures("english_pages")


def changed_meanwhile(result) -> bool:
    return isinstance(result, ChangedMeanwhile) and result.messages == [CHANGED]


def session_copy(session):
    return MentoringSession.objects.get(pk=session.pk)


def assignment_copy(assignment):
    return MentorAssignment.objects.get(pk=assignment.pk)


def events(assignment, kind):
    return AssignmentEvent.objects.filter(assignment=assignment, kind=kind)


# --- two requests at the same moment (PostgreSQL) --------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_approve_and_reject_of_one_session_at_once_decide_once():
    session = MentoringSessionFactory(status=SessionStatus.PENDING)
    anna, ben = StaffFactory(), StaffFactory()
    first, second = session_copy(session), session_copy(session)
    results = race(
        lambda: session_approve(session=first, by=anna),
        lambda: session_reject(session=second, by=ben, reason="예산 초과"),
    )
    assert sum(isinstance(r, MentoringSession) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    winner = next(r for r in results if isinstance(r, MentoringSession))
    decided = session_copy(session)
    assert (decided.status, decided.decided_by) == (winner.status, winner.decided_by)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_ends_of_one_assignment_at_once_end_it_once():
    assignment = MentorAssignmentFactory()
    staff = StaffFactory()
    copies = [assignment_copy(assignment), assignment_copy(assignment)]
    results = race(*(lambda a=a: mentor_unassign(assignment=a, by=staff) for a in copies))
    assert sum(isinstance(r, MentorAssignment) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    assert events(assignment, AssignmentEventKind.UNASSIGNED).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_budget_changes_at_once_change_it_once():
    assignment = MentorAssignmentFactory(hours_budget=Decimal("20"))
    anna, ben = StaffFactory(), StaffFactory()
    first, second = assignment_copy(assignment), assignment_copy(assignment)
    results = race(
        lambda: assignment_change_budget(assignment=first, hours_budget=Decimal("30"), by=anna),
        lambda: assignment_change_budget(assignment=second, hours_budget=Decimal("40"), by=ben),
    )
    assert sum(isinstance(r, MentorAssignment) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    change = events(assignment, AssignmentEventKind.BUDGET_CHANGED).get()
    assert change.previous_hours_budget == Decimal("20")
    assert assignment_copy(assignment).hours_budget == change.hours_budget


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_second_approval_click_is_told_and_sent_to_the_session():
    session = MentoringSessionFactory(status=SessionStatus.PENDING)
    anna, ben = StaffFactory(), StaffFactory()
    results = first_then(
        lambda: session_reject(session=session_copy(session), by=anna, reason="예산 초과"),
        lambda: client_for(ben).post(reverse("mentoring:session_approve", args=[session.pk])),
    )
    response = results[1]
    assert (response.status_code, response.url) == (302, session.get_absolute_url())
    assert messages_of(response) == [("error", CHANGED)]
    assert session_copy(session).status == SessionStatus.REJECTED


# --- a page read before someone else's change (both databases) -----------------------------


def test_a_budget_form_read_before_another_change_changes_nothing(staff):
    assignment = MentorAssignmentFactory(hours_budget=Decimal("20"))
    stale = assignment_copy(assignment)
    assignment_change_budget(assignment=assignment, hours_budget=Decimal("30"), by=staff)
    with pytest.raises(ChangedMeanwhile):
        assignment_change_budget(assignment=stale, hours_budget=Decimal("40"), by=staff)
    assert assignment_copy(assignment).hours_budget == Decimal("30")
    assert events(assignment, AssignmentEventKind.BUDGET_CHANGED).count() == 1


# --- a form sent twice (both databases) -----------------------------------------------------


def test_a_session_form_sent_twice_records_one_session(client, mentor):
    assignment = MentorAssignment.objects.get(mentor=mentor)
    client.force_login(mentor)
    url = reverse("mentoring:session_create")
    data = {
        "assignment": assignment.pk,
        "held_on": "2024-03-05",
        "duration_hours": "1.5",
        "topic": "투자 유치 IR 자료 검토",
        FORM_TOKEN: str(uuid.uuid4()),
    }
    first = client.post(url, data)
    again = client.post(url, data)
    session = MentoringSession.objects.get(assignment=assignment)
    assert [first.url, again.url] == [reverse("mentoring:home"), session.get_absolute_url()]
    assert messages_of(again) == [("info", str(RESUBMITTED))]
