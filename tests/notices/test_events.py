"""The services that take a decision or make a request tell the people it concerns: one notice
per event, to the right people, none to another firm."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from equipment.services import booking_approve, booking_reject, booking_request
from mentoring.services import (
    assignment_change_budget,
    mentor_assign,
    mentor_unassign,
    session_record,
)
from notices.models import Notice, NoticeKind
from outcomes.models import OutcomeStatus
from outcomes.services import (
    outcome_report_accept,
    outcome_report_reopen,
    outcome_report_request_changes,
    outcome_report_submit,
)
from programs.models import Decision
from programs.services import application_decide, award_disburse
from tests.equipment.factories import EquipmentBookingFactory, EquipmentFactory, future
from tests.factories import FirmUserFactory, UserFactory
from tests.outcomes.factories import OutcomeReportFactory, ReportingPeriodFactory
from tests.programs.factories import ApplicationFactory, SupportAwardFactory
from users.models import Role


def received(*users) -> dict:
    """{user: [(kind, title, link), ...]} of every notice, for each of `users`."""
    return {
        user: [(n.kind, n.title, n.link) for n in Notice.objects.filter(recipient=user)]
        for user in users
    }


@pytest.fixture
def colleague(company):
    """A second firm user of `company`: firm notices go to every user of the firm."""
    return FirmUserFactory(company=company, email="colleague@example.kr")


@pytest.fixture
def report(company):
    period = ReportingPeriodFactory(year=2024, quarter=2)
    return OutcomeReportFactory(company=company, period=period, submitted=True)


def test_changes_requested_go_to_the_firms_users_only(
    report, staff, firm_user, colleague, other_firm_user
):
    outcome_report_request_changes(
        report=report, by=staff, fields=["revenue_krw"], reason="매출 증빙이 빠졌습니다."
    )
    link = reverse("portal:outcome_detail", args=[report.pk])
    expected = [
        (
            NoticeKind.OUTCOME_CHANGES_REQUESTED,
            "Changes requested on your 2024 Q2 outcome report",
            link,
        )
    ]
    assert received(firm_user, colleague, other_firm_user, staff) == {
        firm_user: expected,
        colleague: expected,
        other_firm_user: [],
        staff: [],
    }
    assert Notice.objects.get(recipient=firm_user).body == "Reason: 매출 증빙이 빠졌습니다."


def test_accepting_and_reopening_tell_the_firm(report, staff, firm_user, other_firm_user):
    outcome_report_accept(report=report, by=staff)
    outcome_report_reopen(report=report, by=staff, fields=["patents"], reason="특허 누락")
    assert [kind for kind, _title, _link in received(firm_user)[firm_user]] == [
        NoticeKind.OUTCOME_CHANGES_REQUESTED,  # newest first
        NoticeKind.OUTCOME_ACCEPTED,
    ]
    assert received(other_firm_user)[other_firm_user] == []


def test_a_submitted_report_goes_to_the_companys_assigned_staff(
    company, staff, firm_user, other_firm_user
):
    other_staff = UserFactory(role=Role.STAFF)
    company.assigned_staff = other_staff
    company.save(update_fields=["assigned_staff"])
    draft = OutcomeReportFactory(company=company, status=OutcomeStatus.DRAFT)
    outcome_report_submit(report=draft, by=firm_user)
    assert received(other_staff, staff, firm_user) == {
        other_staff: [
            (
                NoticeKind.OUTCOME_SUBMITTED,
                f"{company.name} submitted its 2021 (year) outcome report",
                reverse("outcomes:review", args=[draft.pk]),
            )
        ],
        staff: [],
        firm_user: [],
    }


def test_without_assigned_staff_every_active_staff_member_hears_of_it(
    company, staff, firm_user, executive
):
    other_staff = UserFactory(role=Role.STAFF)
    outcome_report_submit(report=OutcomeReportFactory(company=company), by=firm_user)
    assert Notice.objects.filter(kind=NoticeKind.OUTCOME_SUBMITTED).count() == 2
    assert {n.recipient for n in Notice.objects.all()} == {staff, other_staff}


def test_a_booking_request_goes_to_staff_and_the_decision_to_the_firm(
    company, staff, firm_user, other_firm_user
):
    equipment = EquipmentFactory(name="라이다 시험기")
    starts = future(days=3)
    booking = booking_request(
        equipment=equipment,
        company=company,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        purpose="센서 성능 시험",
        by=firm_user,
    )
    (request_notice,) = Notice.objects.filter(recipient=staff)
    assert request_notice.kind == NoticeKind.BOOKING_REQUESTED
    assert request_notice.title == f"{company.name} asks to book 라이다 시험기"
    assert request_notice.link == reverse("equipment:booking_list") + "?status=requested"

    booking_approve(booking=booking, by=staff)
    (decision,) = Notice.objects.filter(recipient=firm_user)
    assert decision.title == "Your booking of 라이다 시험기 was approved"
    day = starts.date().isoformat()
    assert decision.body == f"{day} 10:00 to {day} 12:00"
    assert Notice.objects.filter(recipient=other_firm_user).count() == 0


def test_a_rejected_booking_says_why(company, staff, firm_user):
    booking = EquipmentBookingFactory(company=company, equipment__name="드론 풍동")
    booking_reject(booking=booking, reason="정기 점검 기간입니다", by=staff)
    (notice,) = Notice.objects.filter(recipient=firm_user)
    assert notice.title == "Your booking of 드론 풍동 was rejected"
    assert notice.body.endswith("Reason: 정기 점검 기간입니다")


@pytest.mark.parametrize(
    ("decision", "title"),
    [
        (Decision.SELECTED, "Your application to 2024 실증 지원 공고 was selected"),
        (Decision.NOT_SELECTED, "Your application to 2024 실증 지원 공고 was not selected"),
    ],
)
def test_the_application_result_goes_to_the_firm(
    company, staff, firm_user, other_firm_user, decision, title
):
    application = ApplicationFactory(company=company, call__title="2024 실증 지원 공고")
    application_decide(
        application=application, decision=decision, by=staff, decision_reason="예산 소진"
    )
    assert received(firm_user, other_firm_user, staff) == {
        firm_user: [(NoticeKind.APPLICATION_DECIDED, title, reverse("portal:home"))],
        other_firm_user: [],
        staff: [],
    }


def test_a_disbursement_tells_the_firm_the_amount(company, staff, firm_user, other_firm_user):
    award = SupportAwardFactory(company=company, program__name="AI 실증 지원")
    award_disburse(award=award, paid_on=date(2022, 5, 2), amount_krw=3_000_000, by=staff)
    (notice,) = Notice.objects.filter(recipient=firm_user)
    assert notice.title == "3,000,000 won was paid for AI 실증 지원"
    assert notice.body == "Paid on 2022-05-02."
    assert notice.link == reverse("portal:award_detail", args=[award.pk])
    assert not Notice.objects.filter(recipient=other_firm_user).exists()


def test_an_over_budget_session_asks_staff_for_approval(company, staff, mentor):
    assignment = mentor.mentor_assignments.get()
    assignment.hours_budget = Decimal("2")
    assignment.save(update_fields=["hours_budget"])
    within = session_record(
        mentor=mentor,
        assignment=assignment,
        held_on=timezone.localdate(),
        duration_hours=Decimal("1.5"),
        topic="사업계획 검토",
    )
    assert not Notice.objects.exists()  # within budget: nothing to approve
    over = session_record(
        mentor=mentor,
        assignment=assignment,
        held_on=timezone.localdate(),
        duration_hours=Decimal("1.5"),
        topic="투자 유치 전략",
    )
    (notice,) = Notice.objects.all()
    assert (notice.recipient, notice.kind, notice.link) == (
        staff,
        NoticeKind.SESSION_OVER_BUDGET,
        over.get_absolute_url(),
    )
    assert notice.title == f"A mentoring session for {company.name} is over budget"
    assert "1.5 hours" in notice.body
    assert within.pk != over.pk


def test_mentors_hear_of_their_assignment_its_budget_and_its_end(
    company, staff, unassigned_mentor, mentor
):
    assignment = mentor_assign(
        mentor=unassigned_mentor,
        company=company,
        started_on=timezone.localdate(),
        hours_budget=Decimal("10"),
        by=staff,
    )
    assignment_change_budget(assignment=assignment, hours_budget=Decimal("12.5"), by=staff)
    mentor_unassign(assignment=assignment, by=staff)
    titles = [title for _kind, title, _link in received(unassigned_mentor)[unassigned_mentor]]
    assert titles == [
        f"Your assignment to {company.name} ended",
        f"Your hours budget for {company.name} changed",
        f"You were assigned to {company.name} as a mentor",
    ]
    budget = Notice.objects.filter(recipient=unassigned_mentor)[1]
    assert budget.body == "From 10.0 to 12.5 hours."
    assert not Notice.objects.filter(recipient=mentor).exists()  # another mentor


def test_a_refused_decision_makes_no_notice(company, staff, firm_user):
    draft = OutcomeReportFactory(company=company, status=OutcomeStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        outcome_report_request_changes(report=draft, by=staff, fields=["patents"], reason="x")
    assert error.value.messages == ["Changes can be requested only on a submitted report."]
    assert not Notice.objects.exists()


def test_an_inactive_firm_user_gets_nothing(report, staff, firm_user):
    firm_user.is_active = False
    firm_user.save(update_fields=["is_active"])
    outcome_report_accept(report=report, by=staff)
    assert not Notice.objects.exists()
