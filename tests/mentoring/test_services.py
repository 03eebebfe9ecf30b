import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from companies.models import Company
from mentoring.models import (
    AssignmentEvent,
    AssignmentEventKind,
    MentorAssignment,
    MentoringSession,
    SessionStatus,
)
from mentoring.services import (
    assignment_change_budget,
    mentor_assign,
    mentor_unassign,
    session_approve,
    session_record,
    session_reject,
)
from tests.factories import CompanyFactory
from tests.mentoring.factories import PDF_BYTES, MentoringSessionFactory, MentorUserFactory
from tests.outcomes.factories import HWP_BYTES

TYPES = "Upload one of these file types: PDF, PNG, JPEG, HWP, HWPX, XLSX, DOCX."

TODAY = date(2024, 7, 1)


@pytest.fixture(autouse=True)
def _today():
    """These rules use "today" in Seoul: pin it."""
    with time_machine.travel("2024-07-01 10:00 +0900", tick=False):
        yield


def record(mentor, assignment, hours, **kwargs):
    data = {"held_on": date(2024, 6, 20), "topic": "사업계획서 고도화", **kwargs}
    return session_record(
        mentor=mentor, assignment=assignment, duration_hours=Decimal(hours), **data
    )


def hours(assignment):
    fresh = MentorAssignment.objects.with_hours().get(pk=assignment.pk)
    return fresh.hours_budget, fresh.used_hours, fresh.balance_hours, fresh.pending_hours


def upload(name, content):
    return SimpleUploadedFile(name, content)


# --- assignments and their history ---------------------------------------------------------


def test_assign_records_who_and_when_in_the_history(staff, company):
    mentor = MentorUserFactory()
    assignment = mentor_assign(
        mentor=mentor,
        company=company,
        started_on=TODAY,
        hours_budget=Decimal("15"),
        by=staff,
        reason="2024 창업 멘토링",
    )
    assert (assignment.assigned_by, assignment.hours_budget) == (staff, Decimal("15"))
    event = assignment.events.get()
    assert (event.kind, event.effective_on, event.hours_budget, event.recorded_by) == (
        AssignmentEventKind.ASSIGNED,
        TODAY,
        Decimal("15"),
        staff,
    )
    assert event.reason == "2024 창업 멘토링"
    assert Company.objects.visible_to(mentor).get() == company


def test_assigning_the_same_mentor_twice_is_refused(staff, mentor, company):
    with pytest.raises(ValidationError) as error:
        mentor_assign(
            mentor=mentor, company=company, started_on=TODAY, hours_budget=Decimal(10), by=staff
        )
    assert error.value.message_dict == {
        "mentor": ["This mentor is already assigned to this company."]
    }


def test_only_active_mentors_can_be_assigned(staff, company, firm_user):
    with pytest.raises(ValidationError) as error:
        mentor_assign(
            mentor=firm_user, company=company, started_on=TODAY, hours_budget=Decimal(10), by=staff
        )
    assert error.value.message_dict == {"mentor": ["Choose an active mentor."]}


@pytest.mark.parametrize("budget", [Decimal("0"), Decimal("-5")])
def test_the_hours_budget_must_be_positive(staff, company, budget):
    with pytest.raises(ValidationError) as error:
        mentor_assign(
            mentor=MentorUserFactory(),
            company=company,
            started_on=TODAY,
            hours_budget=budget,
            by=staff,
        )
    assert error.value.message_dict == {
        "hours_budget": ["The hours budget must be more than zero."]
    }


def test_the_database_refuses_a_zero_budget(staff, company):
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorAssignment.objects.create(
            mentor=MentorUserFactory(),
            company=company,
            started_on=TODAY,
            hours_budget=Decimal("0"),
            assigned_by=staff,
        )


def test_unassignment_ends_access_today_and_adds_a_history_row(staff, mentor, company):
    assignment = mentor.mentor_assignments.get()
    mentor_assign(
        mentor=mentor,
        company=CompanyFactory(),
        started_on=date(2024, 1, 1),
        hours_budget=Decimal(10),
        by=staff,
    )
    mentor_unassign(assignment=assignment, by=staff, reason="기업 요청")
    assignment.refresh_from_db()
    assert assignment.ended_on == TODAY
    assert company not in Company.objects.visible_to(mentor)
    assert Company.objects.visible_to(mentor).count() == 1
    event = assignment.events.get(kind=AssignmentEventKind.UNASSIGNED)
    assert (event.effective_on, event.recorded_by, event.reason) == (TODAY, staff, "기업 요청")
    with pytest.raises(ValidationError) as error:
        record(mentor, assignment, "1")
    assert error.value.message_dict == {
        "assignment": ["You can record sessions only for companies assigned to you now."]
    }


def test_unassigning_twice_is_refused_and_keeps_one_row(staff, mentor):
    assignment = mentor.mentor_assignments.get()
    mentor_unassign(assignment=assignment, by=staff)
    with pytest.raises(ValidationError) as error:
        mentor_unassign(assignment=assignment, by=staff)
    assert error.value.messages == ["This assignment has already ended."]
    assert assignment.events.filter(kind=AssignmentEventKind.UNASSIGNED).count() == 1


def test_unassigning_an_assignment_that_has_not_started_ends_it_on_its_first_day(staff, company):
    assignment = mentor_assign(
        mentor=MentorUserFactory(),
        company=company,
        started_on=date(2024, 9, 1),
        hours_budget=Decimal(10),
        by=staff,
    )
    mentor_unassign(assignment=assignment, by=staff)
    assignment.refresh_from_db()
    assert assignment.ended_on == date(2024, 9, 1)
    assert not MentorAssignment.objects.current(on=date(2024, 9, 1)).filter(pk=assignment.pk)


def test_budget_change_keeps_the_old_value_in_a_new_row(staff, mentor):
    assignment = mentor.mentor_assignments.get()
    first = AssignmentEvent.objects.create(
        assignment=assignment,
        kind=AssignmentEventKind.ASSIGNED,
        effective_on=assignment.started_on,
        hours_budget=assignment.hours_budget,
        recorded_by=staff,
    )
    assignment_change_budget(assignment=assignment, hours_budget=Decimal("30"), by=staff)
    assignment_change_budget(assignment=assignment, hours_budget=Decimal("25.5"), by=staff)
    rows = list(
        assignment.events.order_by("pk").values_list(
            "kind", "previous_hours_budget", "hours_budget"
        )
    )
    assert rows == [
        ("assigned", None, Decimal("20.0")),
        ("budget_changed", Decimal("20.0"), Decimal("30.0")),
        ("budget_changed", Decimal("30.0"), Decimal("25.5")),
    ]
    first.refresh_from_db()
    assert first.hours_budget == Decimal("20.0")
    assert hours(assignment)[0] == Decimal("25.5")


def test_budget_cannot_drop_below_counted_hours(staff, mentor):
    assignment = mentor.mentor_assignments.get()
    record(mentor, assignment, "6")
    with pytest.raises(ValidationError) as error:
        assignment_change_budget(assignment=assignment, hours_budget=Decimal("5"), by=staff)
    assert error.value.message_dict == {
        "hours_budget": ["The budget cannot be less than the 6.0 hours already counted."]
    }


# --- sessions and the hours budget ---------------------------------------------------------


def test_a_session_debits_the_budget(mentor):
    assignment = mentor.mentor_assignments.get()
    session = record(mentor, assignment, "2")
    assert session.status == SessionStatus.APPROVED
    assert session.recorded_by == mentor
    assert hours(assignment) == (Decimal("20"), Decimal("2"), Decimal("18"), Decimal("0"))
    record(mentor, assignment, "17.5")
    assert hours(assignment)[2] == Decimal("0.5")


def test_a_session_that_fits_exactly_is_counted(mentor):
    assignment = mentor.mentor_assignments.get()
    record(mentor, assignment, "18")
    assert record(mentor, assignment, "2").status == SessionStatus.APPROVED
    assert hours(assignment)[2] == Decimal("0")


def test_overspending_waits_for_approval_and_does_not_count(mentor):
    assignment = mentor.mentor_assignments.get()
    record(mentor, assignment, "19")
    session = record(mentor, assignment, "2")
    assert session.status == SessionStatus.PENDING
    assert hours(assignment) == (Decimal("20"), Decimal("19"), Decimal("1"), Decimal("2"))


def test_approval_makes_the_hours_count(staff, mentor):
    assignment = mentor.mentor_assignments.get()
    record(mentor, assignment, "19")
    session = record(mentor, assignment, "2")
    session_approve(session=session, by=staff)
    session.refresh_from_db()
    assert (session.status, session.decided_by) == (SessionStatus.APPROVED, staff)
    assert session.decided_at is not None
    assert hours(assignment)[1:] == (Decimal("21"), Decimal("-1"), Decimal("0"))
    with pytest.raises(ValidationError) as error:
        session_approve(session=session, by=staff)
    assert error.value.messages == ["Only sessions awaiting approval can be approved or rejected."]


def test_rejection_needs_a_reason_and_never_counts(staff, mentor):
    assignment = mentor.mentor_assignments.get()
    record(mentor, assignment, "19")
    session = record(mentor, assignment, "3")
    with pytest.raises(ValidationError) as error:
        session_reject(session=session, by=staff, reason="   ")
    assert error.value.message_dict == {"reason": ["Give a reason for the rejection."]}
    session_reject(session=session, by=staff, reason="예산 초과")
    session.refresh_from_db()
    assert (session.status, session.decision_reason) == (SessionStatus.REJECTED, "예산 초과")
    assert hours(assignment)[1:] == (Decimal("19"), Decimal("1"), Decimal("0"))


def test_a_rejected_session_needs_a_reason_in_the_database(mentor):
    with pytest.raises(IntegrityError), transaction.atomic():
        MentoringSessionFactory(
            assignment=mentor.mentor_assignments.get(), status=SessionStatus.REJECTED
        )


def test_a_mentor_cannot_record_for_another_mentors_company(mentor, unassigned_mentor):
    with pytest.raises(ValidationError) as error:
        record(unassigned_mentor, mentor.mentor_assignments.get(), "1")
    assert "assignment" in error.value.message_dict


def test_session_dates_must_be_within_the_assignment_and_not_future(mentor):
    assignment = mentor.mentor_assignments.get()
    with pytest.raises(ValidationError) as error:
        record(mentor, assignment, "1", held_on=date(2024, 7, 2))
    assert error.value.message_dict == {"held_on": ["A session cannot be in the future."]}
    with pytest.raises(ValidationError) as error:
        record(mentor, assignment, "1", held_on=date(2019, 12, 31))
    assert error.value.message_dict == {
        "held_on": ["The assignment started on 2020-01-01; the session cannot be earlier."]
    }


@pytest.mark.parametrize("duration", ["0", "-1", "24.5"])
def test_session_duration_must_be_positive_and_at_most_a_day(mentor, duration):
    with pytest.raises(ValidationError) as error:
        record(mentor, mentor.mentor_assignments.get(), duration)
    assert error.value.message_dict == {
        "duration_hours": ["A session lasts more than 0 and at most 24 hours."]
    }


# --- attachments ---------------------------------------------------------------------------


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "멘토링 일지"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("보고서.pdf", PDF_BYTES),
        ("사진.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 32),
        ("사진.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 32),
        ("회의록.hwp", HWP_BYTES),
        ("일지.xlsx", xlsx_bytes()),
    ],
)
def test_accepted_attachments_are_stored_privately_under_a_random_name(
    mentor, settings, name, content
):
    session = record(mentor, mentor.mentor_assignments.get(), "1", attachment=upload(name, content))
    stored = session.attachment.name
    assert stored.startswith("mentoring/sessions/")
    assert name.rsplit(".", 1)[0] not in stored
    assert stored.endswith("." + name.rsplit(".", 1)[1].lower())
    assert session.attachment_name == name.rsplit(".", 1)[0] + "." + name.rsplit(".", 1)[1].lower()
    assert (settings.MEDIA_ROOT / stored).read_bytes() == content


def fake_zip(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(member, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "보고서.pdf",
            b"MZ\x90\x00 this is an exe",
            "This file's content is not a valid PDF file.",
        ),
        (
            "표.xlsx",
            fake_zip("word/document.xml"),
            "This file's content is not a valid XLSX file.",
        ),
        ("표.xlsx", PDF_BYTES, "This file's content is not a valid XLSX file."),
        ("run.exe", PDF_BYTES, TYPES),
        ("noext", PDF_BYTES, TYPES),
    ],
)
def test_attachments_are_checked_by_their_bytes(mentor, settings, name, content, message):
    with pytest.raises(ValidationError) as error:
        record(mentor, mentor.mentor_assignments.get(), "1", attachment=upload(name, content))
    assert error.value.message_dict == {"attachment": [message]}
    assert MentoringSession.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "mentoring").exists()


def test_attachments_over_20_mb_are_refused(mentor):
    big = upload("보고서.pdf", PDF_BYTES)
    big.size = 20 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as error:
        record(mentor, mentor.mentor_assignments.get(), "1", attachment=big)
    assert error.value.message_dict == {"attachment": ["The file is larger than 20 MB."]}


# --- who sees what -------------------------------------------------------------------------


def test_firm_sees_only_its_counted_sessions(mentor, firm_user, other_firm_user, company):
    assignment = mentor.mentor_assignments.get()
    counted = MentoringSessionFactory(assignment=assignment)
    MentoringSessionFactory(assignment=assignment, status=SessionStatus.PENDING)
    MentoringSessionFactory()
    assert list(MentoringSession.objects.visible_to(firm_user)) == [counted]
    assert not MentoringSession.objects.visible_to(other_firm_user).exists()


def test_mentor_keeps_own_past_sessions_but_loses_the_company(staff, mentor, company):
    assignment = mentor.mentor_assignments.get()
    session = MentoringSessionFactory(assignment=assignment)
    MentoringSessionFactory()  # another mentor's
    mentor_unassign(assignment=assignment, by=staff)
    assert list(MentoringSession.objects.visible_to(mentor)) == [session]
    assert not Company.objects.visible_to(mentor).exists()
    assert not MentorAssignment.objects.visible_to(mentor).current().exists()


def test_unassigned_mentor_sees_no_sessions(mentor, unassigned_mentor):
    MentoringSessionFactory(assignment=mentor.mentor_assignments.get())
    assert not MentoringSession.objects.visible_to(unassigned_mentor).exists()
