"""Business operations that write several rows are all-or-nothing: a failure forced halfway
leaves no partial rows, no history entry and no e-mail."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail

from audit.models import AccessRecord
from companies.models import Company, StageChange
from mentoring.models import AssignmentEvent, MentorAssignment
from outcomes.models import EvidenceWaiver, OutcomeReport, OutcomeReportEvent
from programs.models import Disbursement, SupportAward
from tests.factories import UserFactory
from tests.outcomes.factories import OutcomeReportFactory
from tests.programs.factories import SupportAwardFactory
from users.models import Invitation, Role


class Halfway(Exception):
    """The failure injected after the operation's first rows are written."""


def fail(*args, **kwargs):
    raise Halfway


def create_company(staff, company, **_):
    from companies.services import company_create

    company_create(by=staff, stage="early", name="반쯤기업", business_number="2208162517")


def invite(staff, company, **_):
    from users.services import invitation_create

    invitation_create(
        email="new@example.kr",
        name="새 담당자",
        role=Role.FIRM,
        company=company,
        by=staff,
        accept_url=lambda token: f"https://crm.example.kr/{token}",
    )


def import_companies(staff, company, **_):
    from companies.imports import companies_import
    from core.imports import ImportResult

    row = {"name": "가져온기업", "business_number": "2208162517", "stage": "early"}
    companies_import(result=ImportResult(rows=[{"company": row, "contact": None}]), by=staff)


def accept_report(staff, company, report, **_):
    from outcomes.models import FIGURE_FIELDS
    from outcomes.services import outcome_report_accept

    # Waived figures' rows are written before the failing history row, and undone with it.
    waivers = dict.fromkeys(FIGURE_FIELDS, "증빙 추후 제출")
    outcome_report_accept(report=report, by=staff, waivers=waivers)


def assign_mentor(staff, company, mentor, **_):
    from mentoring.services import mentor_assign

    mentor_assign(
        mentor=mentor,
        company=company,
        started_on=date(2026, 1, 5),
        hours_budget=Decimal("10"),
        by=staff,
    )


def disburse(staff, company, award, **_):
    from programs.services import award_disburse

    award_disburse(award=award, paid_on=date(2022, 6, 1), amount_krw=1_000_000, by=staff)


CASES = [
    # (operation, the step made to fail, the models that must not change)
    (create_company, "companies.services.company_change_stage", [Company, StageChange]),
    (invite, "users.services.render_to_string", [Invitation]),
    (import_companies, "companies.imports.history_log", [Company, StageChange]),
    (accept_report, "outcomes.services.review._record", [OutcomeReportEvent, EvidenceWaiver]),
    (assign_mentor, "mentoring.services.access_record", [MentorAssignment, AssignmentEvent]),
    (disburse, "programs.services.awards.history_log", [Disbursement]),
]


@pytest.mark.parametrize(
    ("operation", "step", "models"), CASES, ids=lambda c: getattr(c, "__name__", "")
)
def test_a_failure_halfway_leaves_nothing_behind(
    operation, step, models, monkeypatch, staff, company, django_capture_on_commit_callbacks
):
    report = OutcomeReportFactory(company=company, submitted=True)
    award = SupportAwardFactory(company=company, amount_krw=10_000_000)
    mentor = UserFactory(role=Role.MENTOR)
    before = {model: model.objects.count() for model in [*models, LogEntry, AccessRecord]}
    monkeypatch.setattr(step, fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Halfway):
        operation(staff, company, report=report, award=award, mentor=mentor)
    after = {model: model.objects.count() for model in before}
    assert after == before
    assert mail.outbox == []
    report.refresh_from_db()
    assert report.status == "submitted"
    assert SupportAward.objects.get(pk=award.pk).disbursed_krw == 0
    assert OutcomeReport.objects.filter(pk=report.pk, accepted_at__isnull=True).exists()
