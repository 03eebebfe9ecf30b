"""`seed_demo` reproduces PROGRAMME.md's figures and its records obey the programme's rules."""

import io
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Min, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from companies.models import Company, GrowthStage, Industry, Interaction
from companies.selectors import company_stage_on
from compute.models import ComputeAllocation
from demo.management.commands.seed_demo import DEMO_PASSWORD
from demo.programs import SUPPORTED_2022, SUPPORTED_TOTAL
from equipment.models import DemoCentre, Equipment
from mentoring.models import MentorAssignment, MentoringSession
from mous.models import Mou, MouStage, Relocation
from notices.models import Notice, NoticeDelivery, NoticeKind
from outcomes.models import EvidenceFile, OutcomeReport, OutcomeReportEvent, OutcomeStatus, Patent
from outcomes.services import evidence_missing
from programs.models import Application, Decision, Program, SupportAward
from reports.selectors.figures import kpi_report
from tests.module_data import kept_for_the_module
from training.models import Trainee
from users.models import Role, User

# One worker runs the whole module under `--dist loadgroup`, so `seed_demo` runs once.
pytestmark = pytest.mark.xdist_group("seed-demo")

COUNTED = [
    Company,
    Interaction,
    Mou,
    Relocation,
    SupportAward,
    ComputeAllocation,
    MentoringSession,
    Notice,
]
# The day the demo is seeded on: the 2026 reporting period (1 December to 31 January) is open.
SEEDED_ON = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The real `seed_demo`, run once for the module inside a transaction that is rolled back
    afterwards (each test runs in a savepoint within it; tests/module_data.py)."""
    with kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("media")):
        out = io.StringIO()
        with time_machine.travel(SEEDED_ON):
            call_command("seed_demo", stdout=out)
        companies = list(Company.objects.order_by("business_number"))
        yield {"output": out.getvalue(), "companies": companies}


def test_figures_of_the_program(seeded):
    awarded = SupportAward.objects.counting()
    assert awarded.for_year(2022).values("company").distinct().count() == SUPPORTED_2022 == 99
    assert awarded.values("company").distinct().count() == SUPPORTED_TOTAL == 292
    by_2022 = awarded.filter(awarded_on__year__lte=2022).values("company").distinct()
    assert by_2022.count() == 292
    types_2022 = set(awarded.for_year(2022).values_list("program__support_type", flat=True))
    assert types_2022 == {"mentoring", "prototype", "investment_fund", "overseas"}
    assert Application.objects.filter(decision=Decision.NOT_SELECTED).count() > 50


def test_applications_match_the_firms_stage_on_the_day(seeded):
    for application in Application.objects.select_related("call", "company"):
        stage = company_stage_on(company=application.company, on=application.applied_on)
        assert application.stage == (stage or application.company.stage)
        assert application.call.accepts(application.stage), application
        assert application.call.is_open_on(application.applied_on)


def test_awards_follow_the_rules(seeded):
    awards = SupportAward.objects.select_related("application")
    assert all(award.application.decision == Decision.SELECTED for award in awards)
    assert not Application.objects.filter(decision=Decision.NOT_SELECTED, award__isnull=False)
    assert not Application.objects.filter(decision=Decision.NOT_SELECTED, decision_reason="")
    paid = dict(
        SupportAward.objects.annotate(paid=Sum("disbursements__amount_krw")).values_list(
            "pk", "paid"
        )
    )
    assert all(award.disbursed_krw == (paid[award.pk] or 0) for award in awards)
    assert not SupportAward.objects.filter(disbursed_krw__gt=F("amount_krw"))
    planned = SupportAward.objects.annotate(planned=Sum("instalments__amount_krw"))
    assert all(award.planned == award.amount_krw for award in planned)


def test_duplicate_support_always_has_a_reason(seeded):
    per_type_year = Counter(
        (a.company_id, a.program.support_type, a.awarded_on.year)
        for a in SupportAward.objects.select_related("program")
    )
    duplicates = {key for key, count in per_type_year.items() if count > 1}
    assert duplicates
    for company_id, support_type, year in duplicates:
        later = (
            SupportAward.objects.filter(
                company_id=company_id, program__support_type=support_type, awarded_on__year=year
            )
            .order_by("awarded_on")
            .last()
        )
        assert later.duplicate_reason
        assert later.application.duplicate_reason


def test_budgets_cover_the_awards(seeded):
    for program in Program.objects.prefetch_related("budgets"):
        budgets = {b.year: b.amount_krw for b in program.budgets.all()}
        totals = (
            program.awards.values("awarded_on__year")
            .annotate(total=Sum("amount_krw"), n=Count("pk"))
            .order_by()
        )
        for row in totals:
            assert budgets[row["awarded_on__year"]] >= row["total"]


def test_seeding_twice_changes_nothing(seeded):
    counts = [model.objects.count() for model in COUNTED]
    call_command("seed_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in COUNTED] == counts


def test_the_firm_demo_users_company_was_supported_in_2022(seeded):
    firm = User.objects.get(email="firm@demo.test")
    assert SupportAward.objects.filter(company=firm.company, awarded_on__year=2022).exists()


def test_every_demo_login_is_printed(seeded):
    for email in ("staff@demo.test", "executive@demo.test", "mentor@demo.test", "firm@demo.test"):
        assert email in seeded["output"]
    assert DEMO_PASSWORD in seeded["output"]


def test_one_demo_staff_member_is_the_privacy_officer(seeded):
    from users.models import User

    officers = list(User.objects.filter(is_privacy_officer=True).values_list("email", flat=True))
    assert officers == ["staff3@demo.test"]
    assert "staff3@demo.test" in seeded["output"]


def test_companies_cover_every_industry_and_stage(seeded):
    assert len(seeded["companies"]) == 300
    assert {c.industry for c in seeded["companies"]} == set(Industry.values)
    assert {c.stage for c in seeded["companies"]} == set(GrowthStage.values)
    assert Interaction.objects.count() >= 400


def test_mous_and_attracted_firms(seeded):
    assert Mou.objects.exclude(stage=MouStage.DRAFT).count() == 135
    assert Relocation.objects.values("company").distinct().count() == 94
    moved_by_2022 = Relocation.objects.filter(moved_on__year__lte=2022).values("company")
    assert moved_by_2022.distinct().count() == 94


def test_compute_projects_of_2021(seeded):
    projects = ComputeAllocation.objects.filter(capacity__starts_on__year=2021)
    totals = projects.aggregate(
        pf=Sum("pf_allocated"), models=Sum("models_trained"), commercial=Sum("commercial_models")
    )
    assert projects.count() == 125
    assert totals == {"pf": Decimal("10.74"), "models": 580, "commercial": 28}


def test_demonstration_centre_equipment(seeded):
    assert DemoCentre.objects.count() == 3
    assert Equipment.objects.filter(in_service_year__lte=2021).count() == 63
    added = Equipment.objects.filter(in_service_year=2022)
    assert dict(Counter(added.values_list("centre__industry", flat=True))) == {
        "automotive": 11,
        "energy": 1,
        "healthcare": 2,
    }
    assert Equipment.objects.filter(in_service_year__lte=2023).count() == 77


def test_mentors_with_assignments_and_sessions(seeded):
    assert User.objects.filter(role=Role.MENTOR).count() == 20
    assert MentorAssignment.objects.count() >= 20
    assert MentoringSession.objects.count() >= 100


def unread_kinds(email: str) -> set[str]:
    return set(
        Notice.objects.filter(recipient__email=email).unread().values_list("kind", flat=True)
    )


def test_each_demo_login_has_unread_notices_of_its_role(seeded):
    assert unread_kinds("firm@demo.test") == {
        NoticeKind.OUTCOME_CHANGES_REQUESTED,
        NoticeKind.PERIOD_OPENED,
        NoticeKind.BOOKING_DECIDED,
    }
    assert unread_kinds("staff@demo.test") == {
        NoticeKind.OUTCOME_SUBMITTED,
        NoticeKind.BOOKING_REQUESTED,
    }
    assert unread_kinds("mentor@demo.test") == {NoticeKind.ASSIGNMENT_CHANGED}
    assert Notice.objects.filter(recipient__email="mentor@demo.test").unread().count() == 2
    assert unread_kinds("executive@demo.test") == set()  # executives receive no notices


def test_the_demo_notices_follow_the_story(seeded):
    firm = User.objects.get(email="firm@demo.test")
    sent_back = OutcomeReport.objects.get(company=firm.company, period__year=2025)
    assert sent_back.status == OutcomeStatus.CHANGES_REQUESTED
    assert sent_back.reopened_fields == ["revenue_krw", "evidence"]
    assert sent_back.evidence_files.filter(uploaded_by=firm).exists()
    # The 2026 period is open, but the year has not ended: no report for it yet.
    assert not OutcomeReport.objects.filter(period__year=2026).exists()
    # Staff reviewed the firm's submission (its notice is read); the other 2025 reports wait.
    submitted = Notice.objects.filter(kind=NoticeKind.OUTCOME_SUBMITTED)
    reviewed = reverse("outcomes:review", args=[sent_back.pk])
    assert [n.is_unread for n in submitted.filter(link=reviewed)] == [False]
    assert submitted.exclude(link=reviewed).unread().filter(recipient__email="staff@demo.test")
    # Every other 2025 report waiting for review was announced to its staff member, when sent.
    waiting = OutcomeReport.objects.filter(status=OutcomeStatus.SUBMITTED)
    for report in waiting.select_related("company"):
        notice = Notice.objects.get(link=reverse("outcomes:review", args=[report.pk]))
        assert notice.recipient_id == report.company.assigned_staff_id
        assert notice.created_at == report.submitted_at
    with translation.override("en"):
        titles = [notice.title for notice in Notice.objects.filter(recipient=firm)]
    assert "Changes requested on your 2025 (year) outcome report" in titles


def test_seeding_queues_no_email(seeded):
    assert Notice.objects.exists()
    assert set(Notice.objects.values_list("email", flat=True)) == {"none"}
    assert not NoticeDelivery.objects.exists()
    assert not DBTaskResult.objects.exists()


# The article's date (PROGRAMME.md, "Counting"): its cumulative figures are to date then.
AS_OF = date(2022, 3, 24)


def kpi(year: int):
    with time_machine.travel(SEEDED_ON):
        return kpi_report(year=year)


def test_the_2021_report_shows_the_articles_compute_and_survey_figures(seeded):
    figures = kpi(2021).figures
    assert figures["compute_projects"] == 125
    assert figures["compute_pf"] == Decimal("10.74")
    assert figures["ai_models_trained"] == 580
    assert figures["commercial_models"] == 28
    assert figures["survey_firms"] == 82
    assert figures["survey_revenue_krw"] == 24_000_000_000
    assert figures["survey_new_hires"] == 300


def test_the_2022_report_shows_the_articles_cumulative_figures(seeded):
    """Cumulative to the end of 2022 = to 2022-03-24: nothing of 2022 after that date adds an
    MOU, an attracted or supported firm or a trainee (the checks below)."""
    report = kpi(2022)
    assert report.cumulative["mous_signed"] == 135
    assert report.cumulative["firms_attracted"] == 94
    assert report.cumulative["firms_supported"] == 292
    assert report.cumulative["people_trained"] == 1254
    assert report.figures["firms_supported"] == 99
    targets = {figure.code: figure.target for figure in report.indicators}
    assert targets["people_trained"] == 1490  # the 2022 plan is a target, not trainees
    assert not Trainee.objects.filter(course__year=2022).exists()
    assert not Mou.objects.signed().filter(signed_on__gt=AS_OF, signed_on__year=2022)
    first_moves = Relocation.objects.values("company").annotate(first=Min("moved_on"))
    assert all(row["first"] <= AS_OF for row in first_moves)
    first_awards = (
        SupportAward.objects.counting().values("company").annotate(first=Min("awarded_on"))
    )
    assert first_awards.filter(first__year__lte=2022).count() == 292
    assert all(row["first"] <= AS_OF for row in first_awards.filter(first__year__lte=2022))


def test_new_jobs_and_patents_to_date_on_2022_03_24(seeded):
    """Outcome figures to 2022-03-24 are those to the end of 2021: no 2022 period had ended,
    and no patent was filed or registered between 1 January and 24 March 2022."""
    cumulative = kpi(2021).cumulative
    assert cumulative["new_jobs"] == 436
    assert cumulative["patents"] == 192
    early_2022 = (date(2022, 1, 1), AS_OF)
    assert not Patent.objects.filter(applied_on__range=early_2022)
    assert not Patent.objects.filter(registered_on__range=early_2022)
    assert not OutcomeReport.objects.filter(submitted_at__date__lte=AS_OF, period__year__gte=2022)


def test_outcome_reports_come_from_firms_in_their_support_window(seeded):
    """From the first award's year (the year before: the firm's baseline headcount, which no
    figure counts) through the last support's end plus the post-support years."""
    windows = {}
    for award in SupportAward.objects.counting().select_related("program"):
        first, last = windows.get(award.company_id, (award.awarded_on.year, 0))
        last = max(last, award.ends_on.year + award.program.follow_up_years)
        windows[award.company_id] = (min(first, award.awarded_on.year), last)
    reports = list(OutcomeReport.objects.select_related("period"))
    assert reports
    for report in reports:
        first, last = windows[report.company_id]
        assert first - 1 <= report.period.year <= last, report
    baselines = [r for r in reports if r.period.year == windows[r.company_id][0] - 1]
    assert baselines and all(r.status == OutcomeStatus.ACCEPTED for r in baselines)


def test_reports_are_submitted_by_firm_users_with_evidence_after_their_period(seeded):
    today = SEEDED_ON.date()
    submitted = OutcomeReport.objects.exclude(submitted_at=None).select_related("period", "company")
    assert submitted.count() > 300
    evidence = set(
        EvidenceFile.objects.filter(
            uploaded_by__role=Role.FIRM, uploaded_by__company=F("report__company")
        ).values_list("report_id", flat=True)
    )
    senders = {
        (event.report_id, event.recorded_by.role, event.recorded_by.company_id)
        for event in OutcomeReportEvent.objects.filter(
            to_status=OutcomeStatus.SUBMITTED
        ).select_related("recorded_by")
    }
    for report in submitted:
        ended_on = date(report.period.year, 12, 31)
        assert ended_on < timezone.localtime(report.submitted_at).date() <= today, report
        assert report.pk in evidence, report
        assert (report.pk, Role.FIRM, report.company_id) in senders, report
        closed = report.company.deactivated_on
        assert closed is None or report.submitted_at.date() < closed, report
    assert not OutcomeReport.objects.filter(period__year__gte=today.year)
    # Staff accepted no figure that an indicator counts only with evidence without its file.
    accepted = OutcomeReport.objects.accepted().select_related("period")
    assert [report for report in accepted if evidence_missing(report)] == []
    assert EvidenceFile.objects.exclude(figure="").count() > 1000


def test_no_award_to_a_closed_firm(seeded):
    closed = SupportAward.objects.filter(company__deactivated_on__isnull=False)
    assert Company.objects.filter(deactivated_on__isnull=False).count() > 10
    assert not closed.filter(awarded_on__gte=F("company__deactivated_on"))


def test_pre_startups_have_no_business_registration_number(seeded):
    without = Company.objects.filter(business_number="")
    assert without.count() >= 10
    assert set(without.values_list("stage", flat=True)) == {GrowthStage.PRE_STARTUP}
    assert not without.filter(founded_on__isnull=False)
    pre_startups = Company.objects.filter(stage=GrowthStage.PRE_STARTUP)
    assert not pre_startups.exclude(business_number="")


def test_the_report_as_of_2022_03_24_shows_the_articles_figures(seeded):
    with time_machine.travel(SEEDED_ON):
        report = kpi_report(as_of=AS_OF)
    assert report.figures["firms_supported"] == 99
    assert {
        code: report.cumulative[code]
        for code in (
            "mous_signed",
            "firms_attracted",
            "firms_supported",
            "people_trained",
            "new_jobs",
            "patents",
        )
    } == {
        "mous_signed": 135,
        "firms_attracted": 94,
        "firms_supported": 292,
        "people_trained": 1254,
        "new_jobs": 436,
        "patents": 192,
    }
