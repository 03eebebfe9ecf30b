import random
from decimal import Decimal

from companies.models import Company
from demo.mentoring import seed_mentoring
from mentoring.models import (
    AssignmentEvent,
    AssignmentEventKind,
    MentorAssignment,
    MentoringSession,
    MentorProfile,
    SessionStatus,
)
from tests.factories import CompanyFactory, UserFactory
from users.models import Role


def demo_users():
    return {
        Role.STAFF: [UserFactory(role=Role.STAFF, email="staff@demo.test")],
        Role.EXECUTIVE: [],
        Role.MENTOR: [
            UserFactory(role=Role.MENTOR, email="mentor@demo.test", name="최멘토"),
            UserFactory(role=Role.MENTOR, email="mentor2@demo.test", name="한멘토"),
        ],
        Role.FIRM: [],
    }


def fingerprint():
    return sorted(
        MentoringSession.objects.values_list(
            "assignment__mentor__email",
            "assignment__company__name",
            "held_on",
            "duration_hours",
            "status",
        )
    )


def test_seed_mentoring_makes_the_2022_program():
    companies = [CompanyFactory(name=f"데모기업{n:03d}") for n in range(120)]
    users = demo_users()
    counts = seed_mentoring(rng=random.Random(2022), companies=companies, users=users)
    assert counts["mentors"] == 20
    assert MentorProfile.objects.count() == 20
    assert set(MentorProfile.objects.values_list("user__role", flat=True)) == {Role.MENTOR}
    assert counts["assignments"] == MentorAssignment.objects.count() >= 30
    assert counts["sessions"] == MentoringSession.objects.count() >= 100
    # Every assignment has its "assigned" row; ended ones their "unassigned" row.
    assert AssignmentEvent.objects.filter(kind=AssignmentEventKind.ASSIGNED).count() == (
        MentorAssignment.objects.count()
    )
    ended = MentorAssignment.objects.filter(ended_on__isnull=False).count()
    assert ended == AssignmentEvent.objects.filter(kind=AssignmentEventKind.UNASSIGNED).count() > 0
    # All sessions in 2022; counted hours never exceed a budget; some wait for approval.
    assert {day.year for day in MentoringSession.objects.values_list("held_on", flat=True)} == {
        2022
    }
    for assignment in MentorAssignment.objects.with_hours():
        assert assignment.used_hours <= assignment.hours_budget
    assert MentoringSession.objects.filter(status=SessionStatus.PENDING).exists()
    # The demo mentor still has companies, the demo firm among them, with hours left.
    demo_mentor = users[Role.MENTOR][0]
    current = MentorAssignment.objects.current().filter(mentor=demo_mentor).with_hours()
    assert current.count() >= 3
    assert all(a.balance_hours >= Decimal("6") for a in current)
    assert Company.objects.visible_to(demo_mentor).filter(pk=companies[0].pk).exists()
    # New mentors log in with the demo password (the same hash).
    passwords = set(MentorProfile.objects.values_list("user__password", flat=True))
    assert passwords == {user.password for user in users[Role.MENTOR]}


def test_seed_mentoring_is_idempotent_and_deterministic():
    companies = [CompanyFactory(name=f"데모기업{n:03d}") for n in range(60)]
    users = demo_users()
    seed_mentoring(rng=random.Random(2022), companies=companies, users=users)
    first = fingerprint()
    assert seed_mentoring(rng=random.Random(7), companies=companies, users=users) == {}
    assert fingerprint() == first
    MentoringSession.objects.all().delete()
    AssignmentEvent.objects.all().delete()
    MentorAssignment.objects.all().delete()
    MentorProfile.objects.all().delete()
    seed_mentoring(rng=random.Random(2022), companies=companies, users=users)
    assert fingerprint() == first
