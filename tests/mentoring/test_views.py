from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from companies.models import Industry
from mentoring.models import (
    AssignmentEventKind,
    MentorAssignment,
    MentoringSession,
    MentorProfile,
    SessionStatus,
)
from mentoring.selectors import company_mentoring_context, portal_mentoring_context
from portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import CompanyFactory, MentorAssignmentFactory
from tests.mentoring.factories import (
    PDF_BYTES,
    PRIVATE_NOTES,
    MentoringSessionFactory,
    MentorProfileFactory,
    MentorUserFactory,
)

HOME = reverse("mentoring:home")
RECORD = reverse("mentoring:session_create")
SESSIONS = reverse("mentoring:session_list")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2024-07-01 10:00 +0900", tick=False):
        yield


@pytest.fixture
def en(client):
    """A user who chose English, so messages can be compared with their msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def session_post(assignment, /, **overrides):
    data = {
        "assignment": assignment.pk,
        "held_on": "2024-06-28",
        "duration_hours": "2",
        "topic": "투자 유치 IR 자료 검토",
        "notes": "비공개 메모",
        "next_steps": "IR 자료 수정",
    }
    data.update(overrides)
    return data


def errors(response, field):
    return response.context["form"].errors.get(field, [])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- the mentor's home ---------------------------------------------------------------------


def test_mentor_home_lists_assigned_companies_only(client, mentor, company, other_company):
    client.force_login(mentor)
    content = client.get(HOME).content.decode()
    assert company.name in content
    assert other_company.name not in content


def test_ended_assignment_removes_access_at_once(client, mentor, company):
    assignment = mentor.mentor_assignments.get()
    assignment.ended_on = date(2024, 6, 30)
    assignment.save()
    client.force_login(mentor)
    assert client.get(reverse("companies:detail", args=[company.pk])).status_code == 404
    assert company.name not in client.get(HOME).content.decode()


def test_mentor_home_shows_budget_used_and_balance(client, mentor):
    assignment = mentor.mentor_assignments.get()
    MentoringSessionFactory(assignment=assignment, duration_hours=Decimal("3.5"))
    MentoringSessionFactory(
        assignment=assignment, duration_hours=Decimal("2"), status=SessionStatus.PENDING
    )
    client.force_login(mentor)
    response = client.get(HOME)
    row = response.context["assignments"][0]
    assert (row.hours_budget, row.used_hours, row.balance_hours, row.pending_hours) == (
        Decimal("20"),
        Decimal("3.5"),
        Decimal("16.5"),
        Decimal("2"),
    )
    content = response.content.decode()
    assert "16.5" in content
    assert f"{RECORD}?assignment={assignment.pk}" in content


def test_mentor_home_queries_do_not_grow(client, mentor, django_assert_max_num_queries):
    client.force_login(mentor)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for company in CompanyFactory.create_batch(15):
        assignment = MentorAssignmentFactory(mentor=mentor, company=company)
        MentoringSessionFactory.create_batch(2, assignment=assignment)
    with django_assert_max_num_queries(len(few)):
        response = client.get(HOME)
    assert len(response.context["assignments"]) == 16


# --- recording a session -------------------------------------------------------------------


def test_recording_a_session_debits_the_balance(en, mentor):
    assignment = mentor.mentor_assignments.get()
    en.force_login(mentor)
    response = en.post(RECORD, session_post(assignment))
    assert response.status_code == 302
    assert response["Location"] == HOME
    session = MentoringSession.objects.get()
    assert (session.duration_hours, session.status, session.recorded_by) == (
        Decimal("2"),
        SessionStatus.APPROVED,
        mentor,
    )
    assert messages_of(response) == [
        f"Session with {assignment.company.name} recorded: 2.0 hours debited, "
        "18.0 of 20.0 hours left."
    ]
    assert en.get(HOME).context["assignments"][0].balance_hours == Decimal("18")


def test_overspending_session_waits_and_the_mentor_is_told(en, mentor):
    assignment = mentor.mentor_assignments.get()
    MentoringSessionFactory(assignment=assignment, duration_hours=Decimal("19"))
    en.force_login(mentor)
    response = en.post(RECORD, session_post(assignment, duration_hours="2"))
    assert MentoringSession.objects.latest("pk").status == SessionStatus.PENDING
    assert messages_of(response) == [
        f"Session with {assignment.company.name} recorded, but its 2.0 hours exceed the 1.0 "
        "hours left in the budget: it waits for staff approval and does not count until then."
    ]
    assert en.get(HOME).context["assignments"][0].balance_hours == Decimal("1")


def test_record_form_preselects_the_assignment_and_offers_only_current_ones(client, mentor):
    other = MentorAssignmentFactory(mentor=mentor, company=CompanyFactory(name="지난기업"))
    other.ended_on = date(2024, 1, 1)
    other.save()
    assignment = mentor.mentor_assignments.current().get()
    client.force_login(mentor)
    response = client.get(RECORD, {"assignment": assignment.pk})
    form = response.context["form"]
    assert form["assignment"].value() == assignment.pk
    assert list(form.fields["assignment"].queryset) == [assignment]
    assert "지난기업" not in response.content.decode()


def test_an_assignment_id_in_superscript_digits_preselects_nothing(client, mentor):
    """Superscript digits pass str.isdigit() but not int() (it was a 500)."""
    client.force_login(mentor)
    response = client.get(RECORD, {"assignment": "²³"})
    assert response.status_code == 200
    assert "assignment" not in response.context["form"].initial


def test_bad_input_keeps_what_was_typed(client, mentor):
    assignment = mentor.mentor_assignments.get()
    client.force_login(mentor)
    response = client.post(
        RECORD, session_post(assignment, duration_hours="두 시간", topic="판로 개척 전략")
    )
    assert response.status_code == 200
    assert errors(response, "duration_hours")
    content = response.content.decode()
    assert 'value="판로 개척 전략"' in content
    assert 'value="두 시간"' in content
    assert "IR 자료 수정" in content
    assert not MentoringSession.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("duration_hours", "NaN", "invalid"),
        ("duration_hours", "Infinity", "invalid"),
        ("duration_hours", "1e5", "max_value"),
        ("duration_hours", "-2", "min_value"),
        ("duration_hours", "2; DROP TABLE mentoring_mentoringsession", "invalid"),
        ("duration_hours", "24.5", "max_value"),
        ("held_on", "2024-13-45", "invalid"),
        ("held_on", "'; SELECT 1 --", "invalid"),
        ("held_on", "2024-07-02", None),  # the future
        ("held_on", "2019-12-31", None),  # before the assignment
        ("topic", "", "required"),
        ("topic", "가" * 201, "max_length"),
        ("topic", "회의\x00주제", "null_characters_not_allowed"),
        ("notes", "가" * 5001, "max_length"),
        ("assignment", "999999", "invalid_choice"),
        ("assignment", "1 OR 1=1", "invalid_choice"),
    ],
)
def test_hostile_input_becomes_a_form_error(client, mentor, field, value, code):
    client.force_login(mentor)
    response = client.post(RECORD, session_post(mentor.mentor_assignments.get(), **{field: value}))
    assert response.status_code == 200
    found = response.context["form"].errors.as_data().get(field, [])
    assert found, response.context["form"].errors
    if code:
        assert code in [error.code for error in found]
    assert not MentoringSession.objects.exists()


def test_another_mentors_assignment_is_not_a_choice(client, mentor, unassigned_mentor):
    client.force_login(unassigned_mentor)
    response = client.post(RECORD, session_post(mentor.mentor_assignments.get()))
    assert [e.code for e in response.context["form"].errors.as_data()["assignment"]] == [
        "invalid_choice"
    ]
    assert not MentoringSession.objects.exists()


def test_a_script_in_the_topic_is_stored_and_shown_escaped(client, mentor, staff):
    client.force_login(mentor)
    client.post(RECORD, session_post(mentor.mentor_assignments.get(), topic="<script>x</script>"))
    session = MentoringSession.objects.get()
    client.force_login(staff)
    content = client.get(session.get_absolute_url()).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in content
    assert "<script>x</script>" not in content


def test_a_disguised_attachment_is_refused_with_the_input_kept(en, mentor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    en.force_login(mentor)
    data = session_post(mentor.mentor_assignments.get(), topic="첨부 확인")
    data["attachment"] = SimpleUploadedFile("보고서.pdf", b"MZ\x90\x00not a pdf")
    response = en.post(RECORD, data)
    assert errors(response, "attachment") == ["This file's content is not a valid PDF file."]
    assert 'value="첨부 확인"' in response.content.decode()
    assert not MentoringSession.objects.exists()


# --- the attachment download ---------------------------------------------------------------


def test_attachment_downloads_as_an_attachment_with_its_name(client, mentor, staff):
    session = MentoringSessionFactory(
        assignment=mentor.mentor_assignments.get(), with_attachment=True
    )
    for who in (mentor, staff):
        client.force_login(who)
        response = client.get(reverse("mentoring:session_attachment", args=[session.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'attachment; filename="download.pdf"; '
            "filename*=UTF-8''%EB%A9%98%ED%86%A0%EB%A7%81%20%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf"
        )
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_attachment_is_refused_to_firms_and_other_mentors(
    client, mentor, firm_user, unassigned_mentor
):
    session = MentoringSessionFactory(
        assignment=mentor.mentor_assignments.get(), with_attachment=True
    )
    url = reverse("mentoring:session_attachment", args=[session.pk])
    client.force_login(firm_user)
    assert client.get(url).status_code == 403
    client.force_login(unassigned_mentor)
    assert client.get(url).status_code == 404


def test_a_session_without_attachment_has_no_download(client, staff, mentor):
    session = MentoringSessionFactory(assignment=mentor.mentor_assignments.get())
    client.force_login(staff)
    assert client.get(reverse("mentoring:session_attachment", args=[session.pk])).status_code == 404


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


def test_portal_session_list_queries_do_not_grow(
    client, firm_user, mentor, django_assert_max_num_queries
):
    assignment = mentor.mentor_assignments.get()
    MentoringSessionFactory(assignment=assignment)
    client.force_login(firm_user)
    url = reverse("portal:mentoring")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    MentoringSessionFactory.create_batch(20, assignment=assignment)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["sessions"]) == 21


def test_portal_section_queries_do_not_grow(mentor, company, django_assert_max_num_queries):
    assignment = mentor.mentor_assignments.get()
    MentoringSessionFactory(assignment=assignment)
    with CaptureQueriesContext(connection) as few:
        portal_mentoring_context(company=company)
    MentoringSessionFactory.create_batch(20, assignment=assignment)
    with django_assert_max_num_queries(len(few)):
        context = portal_mentoring_context(company=company)
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


def test_session_list_queries_do_not_grow(client, staff, mentor, django_assert_max_num_queries):
    MentoringSessionFactory(assignment=mentor.mentor_assignments.get())
    for who in (staff, mentor):
        client.force_login(who)
        with CaptureQueriesContext(connection) as few:
            client.get(SESSIONS)
        for _ in range(8):
            assignment = MentorAssignmentFactory(mentor=mentor, company=CompanyFactory())
            MentoringSessionFactory.create_batch(2, assignment=assignment)
        with django_assert_max_num_queries(len(few)):
            client.get(SESSIONS)


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


def test_mentor_list_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    MentorProfileFactory()
    client.force_login(staff)
    url = reverse("mentoring:mentor_list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for profile in MentorProfileFactory.create_batch(15):
        MentorAssignmentFactory(mentor=profile.user)
    MentorUserFactory.create_batch(5)  # without a profile
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
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
    response = client.get(reverse("companies:sections", args=[company.pk]))
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


def test_company_section_queries_do_not_grow(
    client, staff, mentor, company, django_assert_max_num_queries
):
    MentoringSessionFactory(assignment=mentor.mentor_assignments.get())
    with CaptureQueriesContext(connection) as few:
        company_mentoring_context(company=company, user=staff)
    for profile in MentorProfileFactory.create_batch(8):
        assignment = MentorAssignmentFactory(mentor=profile.user, company=company)
        MentoringSessionFactory.create_batch(3, assignment=assignment)
    with django_assert_max_num_queries(len(few)):
        context = company_mentoring_context(company=company, user=staff)
    assert len(context["mentor_assignments"]) == 9
    assert len(context["mentoring_sessions"]) == 10
