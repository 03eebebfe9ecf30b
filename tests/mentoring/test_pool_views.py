"""Staff manage the mentors: assigning and unassigning, the mentor pool, the company page's
mentoring section."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from companies.models import Industry
from mentoring.models import AssignmentEventKind, MentorAssignment, MentorProfile
from mentoring.selectors import company_mentoring_context
from tests.factories import MentorAssignmentFactory
from tests.mentoring.factories import (
    PRIVATE_NOTES,
    MentoringSessionFactory,
    MentorProfileFactory,
    MentorUserFactory,
)
from tests.mentoring.pages import RECORD, errors

pytestmark = pytest.mark.usefixtures("today_is_1_july_2024")


# --- staff: assigning and unassigning ------------------------------------------------------


def assign_post(mentor, **overrides):
    data = {"mentor": mentor.pk, "started_on": "2024-07-01", "hours_budget": "12.5", "reason": ""}
    data.update(overrides)
    return data


def test_assigning_asks_for_confirmation_first(client, staff, company, reauthenticate):
    new_mentor = MentorUserFactory(name="신멘토")
    url = reverse("mentoring:assign", args=[company.pk])
    client.force_login(staff)
    reauthenticate(client)
    response = client.post(url, assign_post(new_mentor))
    assert response.status_code == 200
    assert "mentoring/assignment_confirm.html" in [t.name for t in response.templates]
    assert not MentorAssignment.objects.filter(mentor=new_mentor).exists()
    response = client.post(url, {**assign_post(new_mentor), "confirm": "1"})
    assert response["Location"] == company.get_absolute_url()
    assignment = MentorAssignment.objects.get(mentor=new_mentor)
    assert (assignment.hours_budget, assignment.assigned_by) == (Decimal("12.5"), staff)
    assert assignment.events.get().kind == AssignmentEventKind.ASSIGNED


def test_assign_bad_budget_keeps_input(client, staff, company, reauthenticate):
    new_mentor = MentorUserFactory()
    client.force_login(staff)
    reauthenticate(client)
    response = client.post(
        reverse("mentoring:assign", args=[company.pk]),
        {**assign_post(new_mentor, hours_budget="0", reason="재배정 메모"), "confirm": "1"},
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["hours_budget"]] == [
        "min_value"
    ]
    assert 'value="재배정 메모"' in response.content.decode()
    assert not MentorAssignment.objects.filter(mentor=new_mentor).exists()


def test_assigning_an_assigned_mentor_again_shows_the_reason(
    en, staff, mentor, company, reauthenticate
):
    en.force_login(staff)
    reauthenticate(en)
    response = en.post(
        reverse("mentoring:assign", args=[company.pk]), {**assign_post(mentor), "confirm": "1"}
    )
    assert errors(response, "mentor") == ["This mentor is already assigned to this company."]


def test_unassigning_removes_the_mentors_access_at_once(
    client, staff, mentor, company, reauthenticate
):
    assignment = mentor.mentor_assignments.get()
    url = reverse("mentoring:unassign", args=[assignment.pk])
    client.force_login(staff)
    reauthenticate(client)
    assert client.get(url).status_code == 200
    assert MentorAssignment.objects.get().ended_on is None  # GET only asks
    response = client.post(url, {"reason": "기업 요청"})
    assert response["Location"] == company.get_absolute_url()
    assignment.refresh_from_db()
    assert assignment.ended_on == date(2024, 7, 1)
    event = assignment.events.get(kind=AssignmentEventKind.UNASSIGNED)
    assert (event.recorded_by, event.reason) == (staff, "기업 요청")
    client.force_login(mentor)
    assert client.get(company.get_absolute_url()).status_code == 404
    assert client.get(RECORD).context["has_assignments"] is False


def test_budget_change_with_bad_input_keeps_it(en, staff, mentor, reauthenticate):
    assignment = mentor.mentor_assignments.get()
    MentoringSessionFactory(assignment=assignment, duration_hours=Decimal("8"))
    url = reverse("mentoring:budget_change", args=[assignment.pk])
    en.force_login(staff)
    reauthenticate(en)
    response = en.post(url, {"hours_budget": "5", "reason": "축소"})
    assert errors(response, "hours_budget") == [
        "The budget cannot be less than the 8.0 hours already counted."
    ]
    assert 'value="축소"' in response.content.decode()
    response = en.post(url, {"hours_budget": "30", "reason": "추가 수요"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.hours_budget == Decimal("30")


# --- staff: the mentor pool ----------------------------------------------------------------


def test_staff_create_and_edit_a_mentor_profile(en, staff, unassigned_mentor):
    en.force_login(staff)
    response = en.post(
        reverse("mentoring:profile_create"),
        {
            "user": unassigned_mentor.pk,
            "expertise": "배터리 진단",
            "affiliation": "광주테크노파크",
            "focus_industries": ["healthcare", "energy"],
            "bio": "",
        },
    )
    profile = MentorProfile.objects.get()
    assert response["Location"] == profile.get_absolute_url()
    assert profile.focus_industries == ["energy", "healthcare"]
    response = en.post(
        reverse("mentoring:profile_update", args=[profile.pk]),
        {"expertise": "", "affiliation": "GIST", "focus_industries": ["nuclear"]},
    )
    assert errors(response, "expertise") == ["This field is required."]
    assert errors(response, "focus_industries") == [
        "Select a valid choice. nuclear is not one of the available choices."
    ]
    assert 'value="GIST"' in response.content.decode()


def test_a_mentor_has_at_most_one_profile(client, staff, mentor):
    MentorProfileFactory(user=mentor)
    client.force_login(staff)
    form = client.get(reverse("mentoring:profile_create")).context["form"]
    assert mentor not in form.fields["user"].queryset


def test_a_user_id_in_superscript_digits_preselects_nothing(client, staff, unassigned_mentor):
    """The mentor list links "Create profile" with ?user=<id>; "²³".isdigit() is true but
    int() refuses it (it was a 500)."""
    client.force_login(staff)
    response = client.get(reverse("mentoring:profile_create"), {"user": "²³"})
    assert response.status_code == 200
    assert "user" not in response.context["form"].initial
    response = client.get(reverse("mentoring:profile_create"), {"user": unassigned_mentor.pk})
    assert response.context["form"].initial["user"] == unassigned_mentor.pk


def test_mentor_list_filters_by_industry_and_expertise(client, staff):
    car = MentorProfileFactory(expertise="자율주행 인지", focus_industries=["automotive"])
    both = MentorProfileFactory(expertise="투자 유치", focus_industries=["automotive", "energy"])
    MentorProfileFactory(expertise="의료기기 인허가", focus_industries=["healthcare"])
    client.force_login(staff)
    listed = lambda **query: list(  # noqa: E731
        client.get(reverse("mentoring:mentor_list"), query).context["profiles"]
    )
    assert set(listed(industry=Industry.AUTOMOTIVE)) == {car, both}
    assert listed(industry=Industry.ENERGY) == [both]
    assert listed(q="자율주행") == [car]
    assert listed(q="인지", industry=Industry.ENERGY) == []
    assert len(listed()) == 3


def test_mentor_list_queries_do_not_grow(client, staff, assert_flat_queries):
    MentorProfileFactory()
    client.force_login(staff)
    url = reverse("mentoring:mentor_list")

    def grow():
        for profile in MentorProfileFactory.create_batch(15):
            MentorAssignmentFactory(mentor=profile.user)
        MentorUserFactory.create_batch(5)  # without a profile

    # Expect 24 queries: session, user, sign-in bookkeeping (9), count, mentors without a
    # profile, profiles with their current assignment counts, the access record (10: the
    # chain's first row is made now).
    _, response = assert_flat_queries(client, url, grow)
    assert len(response.context["profiles"]) == 16
    assert response.context["profiles"][0].current_assignment_count in (0, 1)


def test_mentor_detail_shows_the_history(client, staff, mentor):
    profile = MentorProfileFactory(user=mentor)
    from mentoring.services import mentor_unassign

    mentor_unassign(assignment=mentor.mentor_assignments.get(), by=staff, reason="사업 종료")
    client.force_login(staff)
    response = client.get(profile.get_absolute_url())
    assert [e.kind for e in response.context["events"]] == [AssignmentEventKind.UNASSIGNED]
    assert "사업 종료" in response.content.decode()


# --- the company page section --------------------------------------------------------------


def test_company_section_shows_hours_and_recent_sessions(client, staff, mentor, company):
    assignment = mentor.mentor_assignments.get()
    MentoringSessionFactory(assignment=assignment, duration_hours=Decimal("4"), topic="특허 전략")
    client.force_login(staff)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    row = response.context["mentor_assignments"][0]
    assert (row.used_hours, row.balance_hours) == (Decimal("4"), Decimal("16"))
    content = response.content.decode()
    assert "특허 전략" in content
    assert reverse("mentoring:unassign", args=[assignment.pk]) in content
    assert PRIVATE_NOTES not in content


def test_company_section_shows_a_mentor_only_their_own(mentor, company):
    other = MentorAssignmentFactory(company=company)
    MentoringSessionFactory(assignment=other, topic="다른 멘토의 세션")
    own = MentoringSessionFactory(assignment=mentor.mentor_assignments.get())
    context = company_mentoring_context(company=company, user=mentor)
    assert [a.mentor for a in context["mentor_assignments"]] == [mentor]
    assert context["mentoring_sessions"] == [own]


def test_company_section_queries_do_not_grow(staff, mentor, company, assert_flat_queries):
    MentoringSessionFactory(assignment=mentor.mentor_assignments.get())

    def grow():
        for profile in MentorProfileFactory.create_batch(8):
            assignment = MentorAssignmentFactory(mentor=profile.user, company=company)
            MentoringSessionFactory.create_batch(3, assignment=assignment)

    # Expect 2 queries: assignments with their hours, recent sessions.
    _, context = assert_flat_queries(
        None, lambda: company_mentoring_context(company=company, user=staff), grow
    )
    assert len(context["mentor_assignments"]) == 9
    assert len(context["mentoring_sessions"]) == 10
