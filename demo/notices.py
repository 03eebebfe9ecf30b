"""The demo's notices (알림), so each demo login opens on a few unread ones that fit its role.

They come from the demo's own story, through the services that make notices where the event
happens while seeding, and through `notify` for events the other areas recorded as past (with
the notice dated when the event happened):
- the firm: the 2026 reporting period opened (`reporting_period_create`; the firm reports once
  the year has ended), its late 2025 report, submitted now with its evidence, sent back with
  changes requested (`evidence_add`, `outcome_report_submit`, `_request_changes`), and its
  coming equipment booking approved;
- staff (each notice to the company's staff member, `staff_for`): the other 2025 reports
  waiting for review, and the coming bookings firms asked for; the firm's 2025 submission they
  reviewed is read;
- the demo mentor: more hours on one firm (`assignment_change_budget`) and one more firm
  (`mentor_assign`).
No e-mail is queued for any of them (`email_withheld`): they stand for events whose e-mail went
out when they happened, and the demo's addresses receive no mail. Does nothing when notices
exist already.
"""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from demo.mous import demo_pdf
from equipment.models import BookingStatus, EquipmentBooking
from mentoring.models import MentorAssignment
from mentoring.services import assignment_change_budget, mentor_assign
from notices.kinds import period_params
from notices.models import Notice, NoticeKind
from notices.services import email_withheld, firm_users_of, notice_open, notify, staff_for
from outcomes.models import OutcomeReport, OutcomeStatus, ReportingPeriod
from outcomes.services import (
    evidence_add,
    outcome_report_request_changes,
    outcome_report_submit,
    reporting_period_create,
)
from users.models import Role, User

# The yearly period after the seeded ones (2020-2025): open from 1 December, due 31 January.
OPEN_YEAR = 2026
CHANGES_REASON = "2025년 매출액 증빙(재무제표 또는 부가가치세 과세표준증명)을 첨부해 주세요."
MENTOR_HOURS = Decimal("12")
EXTRA_HOURS = Decimal("6")


def seed_notices(*, companies: list[Company], users: dict) -> dict[str, int]:
    """Notices of the demo's story for the demo logins; returns how many were made."""
    if Notice.objects.exists() or not companies:
        return {}
    staff = users[Role.STAFF][0]
    with email_withheld():
        _reports_waiting_for_review()
        _bookings(firm_company=companies[0])
        period = _open_period()
        for firm_user in users.get(Role.FIRM, [])[:1]:
            _firm_reports(firm_user, period, staff)
        for mentor in users.get(Role.MENTOR, [])[:1]:
            _more_hours(mentor, staff)
            _new_assignment(mentor, companies, staff)
    return {"notices": Notice.objects.count()}


def _dated(notices: list[Notice], moment) -> None:
    """Date the notices of a past event when it happened."""
    Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(created_at=moment)


def _reports_waiting_for_review() -> None:
    reports = (
        OutcomeReport.objects.filter(status=OutcomeStatus.SUBMITTED)
        .select_related("company__assigned_staff", "period")
        .order_by("submitted_at", "pk")
    )
    for report in reports:
        notices = notify(
            recipients=staff_for(report.company),
            kind=NoticeKind.OUTCOME_SUBMITTED,
            params={"company": report.company.name, **period_params(report.period)},
            link=reverse("outcomes:review", args=[report.pk]),
        )
        _dated(notices, report.submitted_at)


def _booking_params(booking: EquipmentBooking) -> dict:
    # As equipment.services passes them.
    return {
        "equipment": booking.equipment.name,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
    }


def _bookings(*, firm_company: Company) -> None:
    """The coming bookings: the requests waiting for staff, and the firm's approved one."""
    coming = (
        EquipmentBooking.objects.filter(starts_at__gt=timezone.now())
        .select_related("equipment", "company__assigned_staff")
        .order_by("starts_at", "pk")
    )
    for booking in coming.filter(status=BookingStatus.REQUESTED):
        notices = notify(
            recipients=staff_for(booking.company),
            kind=NoticeKind.BOOKING_REQUESTED,
            params={"company": booking.company.name, **_booking_params(booking)},
            link=reverse("equipment:booking_list") + f"?status={BookingStatus.REQUESTED}",
        )
        _dated(notices, booking.created_at)
    for booking in coming.filter(status=BookingStatus.APPROVED, company=firm_company):
        notices = notify(
            recipients=firm_users_of(booking.company),
            kind=NoticeKind.BOOKING_DECIDED,
            params={"variant": "approved", "reason": "", **_booking_params(booking)},
            link=reverse("portal:booking_list"),
        )
        _dated(notices, booking.decided_at or booking.created_at)


def _open_period() -> ReportingPeriod:
    """The 2026 period, opened by staff: firms are told when it is open on the day of seeding
    (from 1 December 2026 to its due date)."""
    period = ReportingPeriod.objects.filter(year=OPEN_YEAR, quarter=None).first()
    if period is not None:
        return period
    return reporting_period_create(
        period=ReportingPeriod(
            year=OPEN_YEAR,
            quarter=None,
            opens_on=date(OPEN_YEAR, 12, 1),
            due_on=date(OPEN_YEAR + 1, 1, 31),
        )
    )


def _firm_reports(firm_user: User, period: ReportingPeriod, staff: User) -> None:
    """The firm attaches its evidence to its late 2025 draft and submits it; staff open that
    notice, review the report and ask for the revenue's evidence. The open 2026 period has not
    ended, so the firm has no report for it yet."""
    company = firm_user.company
    if company is None:
        return
    late = OutcomeReport.objects.filter(company=company, status=OutcomeStatus.DRAFT).exclude(
        period=period
    )
    for report in late.select_related("company__assigned_staff", "period"):
        # The insurance roster backs its headcount and hires; the revenue's is what it lacks.
        for figure in ("employees_at_end", "new_hires"):
            pdf = demo_pdf(f"{figure} {report.period.year} company #{company.pk}")
            upload = SimpleUploadedFile("고용보험-피보험자-명부.pdf", pdf, "application/pdf")
            evidence_add(report=report, by=firm_user, upload=upload, figure=figure)
        outcome_report_submit(report=report, by=firm_user)
        link = reverse("outcomes:review", args=[report.pk])
        for notice in Notice.objects.filter(kind=NoticeKind.OUTCOME_SUBMITTED, link=link):
            notice_open(notice=notice)
        outcome_report_request_changes(
            report=report, by=staff, fields=["revenue_krw", "evidence"], reason=CHANGES_REASON
        )


def _more_hours(mentor: User, staff: User) -> None:
    """The budget of the demo mentor's first running assignment grows by a few hours."""
    assignment = (
        MentorAssignment.objects.filter(mentor=mentor, ended_on__isnull=True)
        .select_related("company")
        .order_by("pk")
        .first()
    )
    if assignment is not None:
        assignment_change_budget(
            assignment=assignment,
            hours_budget=assignment.hours_budget + EXTRA_HOURS,
            by=staff,
            reason="후속 투자 유치 준비를 위한 멘토링 시간 추가",
        )


def _new_assignment(mentor: User, companies: list[Company], staff: User) -> None:
    """The demo mentor is assigned, from today, to the first active firm they do not mentor."""
    firm = (
        Company.objects.active()
        .filter(pk__in=[company.pk for company in companies[1:]])
        .exclude(pk__in=MentorAssignment.objects.filter(mentor=mentor).values("company"))
        .order_by("pk")
        .first()
    )
    if firm is None:
        return
    mentor_assign(
        mentor=mentor,
        company=firm,
        started_on=timezone.localdate(),
        hours_budget=MENTOR_HOURS,
        by=staff,
        reason="2026 하반기 창업 멘토링 추가 배정",
    )
