"""Sessions as firms and staff see them: the portal never shows the notes; the staff list,
the session page, approval and rejection."""

from datetime import date

import pytest
from django.urls import URLPattern, reverse

from mentoring.models import SessionStatus
from mentoring.selectors import portal_mentoring_context
from portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import CompanyFactory, MentorAssignmentFactory
from tests.mentoring.factories import PRIVATE_NOTES, MentoringSessionFactory
from tests.mentoring.pages import SESSIONS, errors, messages_of

pytestmark = pytest.mark.usefixtures("today_is_1_july_2024")


# --- the firm never sees the notes ---------------------------------------------------------


def portal_pages():
    """Every portal page that takes no argument."""
    return [
        reverse(f"portal:{pattern.name}")
        for pattern in portal_urlpatterns
        if isinstance(pattern, URLPattern) and not pattern.pattern.converters
    ]


def test_firm_sees_its_sessions_but_never_the_notes(client, mentor, firm_user):
    assignment = mentor.mentor_assignments.get()
    MentoringSessionFactory(
        assignment=assignment, topic="해외 진출 전략", next_steps="KOTRA 상담 신청"
    )
    MentoringSessionFactory(
        assignment=assignment, status=SessionStatus.PENDING, topic="승인 대기 세션"
    )
    client.force_login(firm_user)
    pages = portal_pages()
    assert reverse("portal:home") in pages
    assert reverse("portal:mentoring") in pages
    for url in pages:
        response = client.get(url)
        if response.status_code != 200:
            continue
        assert PRIVATE_NOTES not in response.content.decode(), url
    for url in (reverse("portal:home"), reverse("portal:mentoring")):
        content = client.get(url).content.decode()
        assert "해외 진출 전략" in content
        assert "KOTRA 상담 신청" in content
        assert mentor.name in content
        assert "승인 대기 세션" not in content


def test_portal_context_carries_no_notes(mentor, company):
    MentoringSessionFactory(assignment=mentor.mentor_assignments.get())
    sessions = portal_mentoring_context(company=company)["portal_sessions"]
    assert len(sessions) == 1
    assert "notes" not in sessions[0]
    assert PRIVATE_NOTES not in repr(sessions)


def test_another_firm_sees_none_of_these_sessions(client, mentor, other_firm_user):
    MentoringSessionFactory(assignment=mentor.mentor_assignments.get(), topic="남의 세션")
    client.force_login(other_firm_user)
    assert "남의 세션" not in client.get(reverse("portal:mentoring")).content.decode()


def test_portal_session_list_queries_do_not_grow(client, firm_user, mentor, assert_flat_queries):
    assignment = mentor.mentor_assignments.get()
    MentoringSessionFactory(assignment=assignment)
    client.force_login(firm_user)
    url = reverse("portal:mentoring")
    # Expect 15 queries: session, user, sign-in bookkeeping (9), company, count, open reporting
    # periods, sessions with their mentors.
    _, response = assert_flat_queries(
        client, url, lambda: MentoringSessionFactory.create_batch(20, assignment=assignment)
    )
    assert len(response.context["sessions"]) == 21


def test_portal_section_queries_do_not_grow(mentor, company, assert_flat_queries):
    assignment = mentor.mentor_assignments.get()
    MentoringSessionFactory(assignment=assignment)
    # Expect 1 query: the approved sessions with their mentors.
    _, context = assert_flat_queries(
        None,
        lambda: portal_mentoring_context(company=company),
        lambda: MentoringSessionFactory.create_batch(20, assignment=assignment),
    )
    assert len(context["portal_sessions"]) == 10
    assert context["portal_sessions_more"] is True


# --- staff: the session list, approval -----------------------------------------------------


def test_staff_filter_sessions_by_mentor_company_dates_and_status(client, staff, mentor):
    assignment = mentor.mentor_assignments.get()
    keep = MentoringSessionFactory(assignment=assignment, held_on=date(2022, 5, 1))
    MentoringSessionFactory(assignment=assignment, held_on=date(2021, 5, 1))
    MentoringSessionFactory(
        assignment=assignment, held_on=date(2022, 6, 1), status=SessionStatus.PENDING
    )
    MentoringSessionFactory(held_on=date(2022, 5, 1))  # another mentor and company
    client.force_login(staff)
    response = client.get(
        SESSIONS,
        {
            "mentor": mentor.pk,
            "company": assignment.company_id,
            "held_from": "2022-01-01",
            "held_to": "2022-12-31",
            "status": "approved",
        },
    )
    assert list(response.context["sessions"]) == [keep]
    assert len(client.get(SESSIONS).context["sessions"]) == 4


def test_a_bad_filter_value_shows_no_rows_not_an_error(client, staff, mentor):
    MentoringSessionFactory(assignment=mentor.mentor_assignments.get())
    client.force_login(staff)
    response = client.get(SESSIONS, {"held_from": "not-a-date", "status": "<b>"})
    assert response.status_code == 200
    assert list(response.context["sessions"]) == []


def test_mentor_sees_only_own_sessions_and_no_mentor_filter(client, mentor):
    own = MentoringSessionFactory(assignment=mentor.mentor_assignments.get())
    MentoringSessionFactory()
    client.force_login(mentor)
    response = client.get(SESSIONS)
    assert list(response.context["sessions"]) == [own]
    assert "mentor" not in response.context["filter"].form.fields


def test_session_list_queries_do_not_grow(client, staff, mentor, assert_flat_queries):
    MentoringSessionFactory(assignment=mentor.mentor_assignments.get())

    def grow():
        for _ in range(8):
            assignment = MentorAssignmentFactory(mentor=mentor, company=CompanyFactory())
            MentoringSessionFactory.create_batch(2, assignment=assignment)

    for who in (staff, mentor):
        client.force_login(who)
        # Expect 15 queries for staff, 14 for the mentor (no mentor filter): session, user,
        # sign-in bookkeeping (9), count, the filter's mentors and companies, sessions with
        # their mentors and companies.
        assert_flat_queries(client, SESSIONS, grow)


def test_session_detail_shows_notes_to_the_mentor_and_staff(client, staff, mentor):
    session = MentoringSessionFactory(assignment=mentor.mentor_assignments.get())
    for who in (mentor, staff):
        client.force_login(who)
        assert PRIVATE_NOTES in client.get(session.get_absolute_url()).content.decode()


def test_staff_approve_a_pending_session(en, staff, mentor):
    session = MentoringSessionFactory(
        assignment=mentor.mentor_assignments.get(), status=SessionStatus.PENDING
    )
    en.force_login(staff)
    response = en.post(reverse("mentoring:session_approve", args=[session.pk]))
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert (session.status, session.decided_by) == (SessionStatus.APPROVED, staff)
    assert messages_of(response) == ["The session was approved; its 2.0 hours now count."]
    again = en.post(reverse("mentoring:session_approve", args=[session.pk]))
    assert messages_of(again)[-1] == "Only sessions awaiting approval can be approved or rejected."


def test_approve_needs_post(client, staff, mentor):
    session = MentoringSessionFactory(
        assignment=mentor.mentor_assignments.get(), status=SessionStatus.PENDING
    )
    client.force_login(staff)
    assert client.get(reverse("mentoring:session_approve", args=[session.pk])).status_code == 405
    session.refresh_from_db()
    assert session.status == SessionStatus.PENDING


def test_reject_needs_a_reason_and_keeps_the_form(en, staff, mentor):
    session = MentoringSessionFactory(
        assignment=mentor.mentor_assignments.get(), status=SessionStatus.PENDING
    )
    url = reverse("mentoring:session_reject", args=[session.pk])
    en.force_login(staff)
    response = en.post(url, {"reason": ""})
    assert errors(response, "reason") == ["This field is required."]
    response = en.post(url, {"reason": "예산 초과"})
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert (session.status, session.decision_reason) == (SessionStatus.REJECTED, "예산 초과")


def test_mentor_cannot_approve_own_session(client, mentor):
    session = MentoringSessionFactory(
        assignment=mentor.mentor_assignments.get(), status=SessionStatus.PENDING
    )
    client.force_login(mentor)
    assert client.post(reverse("mentoring:session_approve", args=[session.pk])).status_code == 403
    session.refresh_from_db()
    assert session.status == SessionStatus.PENDING
