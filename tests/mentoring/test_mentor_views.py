"""The mentor's screens: the home page and its balance, recording a session, the attachment
download."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from mentoring.models import MentoringSession, SessionStatus
from tests.factories import CompanyFactory, MentorAssignmentFactory
from tests.mentoring.factories import PDF_BYTES, MentoringSessionFactory
from tests.mentoring.pages import HOME, RECORD, errors, messages_of, session_post

pytestmark = pytest.mark.usefixtures("today_is_1_july_2024")


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


def test_mentor_home_queries_do_not_grow(client, mentor, assert_flat_queries):
    client.force_login(mentor)

    def grow():
        for company in CompanyFactory.create_batch(15):
            assignment = MentorAssignmentFactory(mentor=mentor, company=company)
            MentoringSessionFactory.create_batch(2, assignment=assignment)

    # Expect 13 queries: session, user, sign-in bookkeeping (9), count, current assignments with
    # their hours.
    _, response = assert_flat_queries(client, HOME, grow)
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
