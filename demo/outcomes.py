"""Demo outcome reports and training, from the programme's public figures (PROGRAMME.md).

The article's figures are "to date" on 2022-03-24 (AS_OF), the survey's are 2021's. By then the
yearly periods of 2020 and 2021 had ended and their reports were accepted; every report comes
from a firm in its support window (from the year of its first award through the last award's
end plus its programme's post-support years), or is that firm's baseline: the year before its
first support, read only as the starting headcount of "new jobs". Each report is drafted and
submitted by the firm's own user, after its period ended, with an evidence file for each
figure an indicator counts only with evidence, and accepted by staff. The figures, through
the indicators:
- new jobs (net increase in insured employees at year end): 2020: 186, 2021: 250 -> 436;
- the 2021 survey: 82 firms, revenue exactly ₩24,000,000,000 and 300 gross hires;
- patents: 60 filings in 2020, 110 in 2021 and 22 of the 2020 filings registered in 2021 -> 192
  events, none between 1 January and 24 March 2022 (plus abandoned applications, which do not
  count); later events happen after AS_OF, so as of that date the cumulative figures are the
  calendar ones to the end of 2021.
2022-2025 have more accepted reports; 2025 also has drafts, submitted and changes-requested ones.

Training: 1,254 people trained by 2021 (2020: 454, 2021: 800); the 1,490 of 2022 (400 in the AI
convergence undergraduate track, 1,090 in professional courses) are the plan, the indicator's
2022 target, not trainees; courses resume with trainees in 2023.

seed_outcomes seeds the reports, their history and evidence, and closures here; the patents in
demo/patents.py, the training in demo/training.py; the shared figures are in demo/figures.py.
"""

import hashlib
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db.models import Max

from companies.models import Company
from demo.figures import ACCEPTED, day_in, split_total
from demo.mous import demo_pdf
from demo.patents import seed_patents
from demo.training import seed_training
from outcomes.models import (
    EvidenceFile,
    OutcomeReport,
    OutcomeReportEvent,
    OutcomeStatus,
    ReportingPeriod,
)
from programs.models import SupportAward
from reports.selectors.evidence import evidence_requirements
from users.models import Role, User

SEOUL = ZoneInfo("Asia/Seoul")
LATER_ACCEPTED = {2022: 40, 2023: 60, 2024: 60, 2025: 15}
REVENUE_2021_KRW = 24_000_000_000

# The document a firm attaches for each figure (EvidenceFile.figure).
EVIDENCE_DOCUMENTS = {
    "employees_at_end": "고용보험-피보험자-명부",
    "new_hires": "고용보험-취득자-명단",
    "revenue_krw": "재무제표",
    "investment_krw": "투자계약서",
    "exports_krw": "수출실적증명서",
}


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SEOUL)


def support_windows() -> dict[int, tuple[date, int]]:
    """Company pk → (first award day, last year of its support window): the end year of its
    last support plus its programme's post-support years, as reports.selectors.sources reads."""
    windows: dict[int, tuple[date, int]] = {}
    rows = SupportAward.objects.counting().values_list(
        "company_id", "awarded_on", "ends_on", "program__follow_up_years"
    )
    for company_id, awarded_on, ends_on, follow_up in rows:
        first, last = windows.get(company_id, (awarded_on, 0))
        windows[company_id] = (min(first, awarded_on), max(last, ends_on.year + follow_up))
    return windows


def _firm_users(companies: list[Company], windows: dict) -> dict[int, User]:
    """One firm user per reporting company (the demo firm has its own), invited when the firm
    was first awarded: they report; their accounts have no usable password."""
    existing = {u.company_id: u for u in User.objects.filter(role=Role.FIRM, company__in=companies)}
    unusable = make_password(None)
    new = [
        User(
            email=f"firm-{company.pk:04d}@demo.test",
            name=company.representative or company.name,
            role=Role.FIRM,
            company=company,
            password=unusable,
            date_joined=_moment(windows[company.pk][0]),
        )
        for company in companies
        if company.pk not in existing
    ]
    User.objects.bulk_create(new)
    return existing | {u.company_id: u for u in new}


def seed_outcomes(*, rng: random.Random, companies: list[Company], users: dict) -> dict:
    """Create reporting periods 2019-2025, outcome reports with evidence, patents and history,
    and training courses with trainees. Does nothing when outcome reports exist already."""
    if OutcomeReport.objects.exists() or not companies:
        return {}
    staff = users[Role.STAFF][0]
    windows = support_windows()
    demo_firm = companies[0]
    supported = [c for c in companies if c.pk in windows and c.pk != demo_firm.pk]
    if not supported:
        return {}  # only supported firms report
    periods = {}
    for year in range(2019, 2026):
        periods[year], _created = ReportingPeriod.objects.get_or_create(
            year=year,
            quarter=None,
            defaults={"opens_on": date(year, 12, 1), "due_on": date(year + 1, 1, 31)},
        )
    # One fixed order, so the same firms report year after year and cohorts can be followed.
    order = rng.sample(supported, len(supported))

    def may_report(company: Company, year: int) -> bool:
        """In its support window for `year`, and open when its report is due."""
        first, last = windows[company.pk]
        closed = company.deactivated_on
        return first.year <= year <= last and (closed is None or closed > date(year + 1, 3, 31))

    def pick(year: int, count: int, among=None) -> list[Company]:
        chosen = [c for c in (among or order) if may_report(c, year)][:count]
        return sorted(chosen, key=lambda c: c.pk)

    # Headcounts at year end (insured employees) and revenue, per firm and year.
    headcount: dict[int, dict[int, int]] = defaultdict(dict)
    hires: dict[tuple[int, int], int] = {}
    growth = {}
    for company in companies:
        fast = rng.random() < 0.15  # about one firm in seven grows 20-45% a year: a gazelle
        growth[company.pk] = (
            rng.randint(4, 40),
            rng.uniform(1.2, 1.45) if fast else rng.uniform(0.95, 1.15),
            rng.randint(50, 3000),
            rng.uniform(1.2, 1.45) if fast else rng.uniform(0.95, 1.15),
        )

    def set_year(company: Company, year: int, net: int, gross: int) -> None:
        before = headcount[company.pk].setdefault(year - 1, growth[company.pk][0])
        headcount[company.pk][year] = before + net
        hires[company.pk, year] = gross

    # The article's years: 60 firms of the 2020 cohort report 2020 (2019 as their baseline);
    # in 2021 they and 22 firms of the 2021 cohort (2020 as their baseline) make the survey.
    cohort_2020 = [c for c in order if windows[c.pk][0].year == 2020]
    cohort_2021 = [c for c in order if windows[c.pk][0].year == 2021]
    reporters = {2020: pick(2020, ACCEPTED[2020][0], cohort_2020)}
    newcomers = pick(2021, ACCEPTED[2021][0] - len(reporters[2020]), cohort_2021)
    reporters[2021] = sorted(
        [c for c in reporters[2020] if may_report(c, 2021)] + newcomers, key=lambda c: c.pk
    )
    baselines = {c.pk: 2019 for c in reporters[2020]} | {c.pk: 2020 for c in newcomers}
    for year, (count, net, gross, _filings) in ACCEPTED.items():
        firms = reporters[year]
        assert len(firms) == count, (year, len(firms))
        nets = split_total(rng, net, count)
        leavers = split_total(rng, gross - net, count)
        for company, n, left in zip(firms, nets, leavers, strict=True):
            set_year(company, year, n, n + left)
    later = {year: pick(year, count) for year, count in LATER_ACCEPTED.items()}
    for year in LATER_ACCEPTED:
        for company in later[year]:
            base, factor, *_rest = growth[company.pk]
            before = headcount[company.pk].get(year - 1, base)
            after = max(1, round(before * factor))
            set_year(company, year, after - before, max(0, after - before) + rng.randint(0, 2))

    # The 2021 survey's revenue, in millions, split so that it sums to exactly ₩24 billion.
    split = split_total(rng, REVENUE_2021_KRW // 1_000_000, len(reporters[2021]), 20)
    revenue_2021 = dict(zip((c.pk for c in reporters[2021]), split, strict=True))

    def revenue_in(company, year: int) -> int:
        _base, _growth, millions, factor = growth[company.pk]
        millions = revenue_2021.get(company.pk, millions)
        return max(10, round(millions * factor ** (year - 2021))) * 1_000_000

    reports: list[OutcomeReport] = []

    def add_report(company, year, status, submitted_on: date | None = None):
        # Submitted after the period ended: in January or February of the next year, or for
        # a baseline, once the firm was awarded.
        submitted_on = submitted_on or day_in(rng, date(year + 1, 1, 5), date(year + 1, 2, 20))
        employees = headcount[company.pk].get(year) or growth[company.pk][0]
        report = OutcomeReport(
            company=company,
            period=periods[year],
            status=status,
            new_hires=hires.get((company.pk, year), 0),
            employees_at_end=employees,
            revenue_krw=revenue_in(company, year),
            investment_krw=rng.choice([0, 0, 300, 500, 1000, 2000]) * 1_000_000,
            exports_krw=rng.choice([0, 0, 0, 50, 200]) * 1_000_000,
        )
        if status != OutcomeStatus.DRAFT:
            report.submitted_at = _moment(submitted_on)
        if status == OutcomeStatus.ACCEPTED:
            report.accepted_at = report.submitted_at + timedelta(days=rng.randint(3, 20))
            report.accepted_by = staff
        if status == OutcomeStatus.CHANGES_REQUESTED:
            report.reopened_fields = ["revenue_krw"]
            report.review_note = "매출액 증빙(재무제표)이 누락되었습니다."
        reports.append(report)
        return report

    for company in sorted(reporters[2020] + newcomers, key=lambda c: c.pk):
        year = baselines[company.pk]
        awarded_on = windows[company.pk][0]
        add_report(company, year, OutcomeStatus.ACCEPTED, awarded_on + timedelta(days=10))
    article = {
        year: [add_report(c, year, OutcomeStatus.ACCEPTED) for c in reporters[year]]
        for year in ACCEPTED
    }
    later_reports = {
        year: [add_report(c, year, OutcomeStatus.ACCEPTED) for c in firms]
        for year, firms in later.items()
    }
    # Unfinished 2025 reports: they must not count anywhere.
    taken = {c.pk for c in later[2025]}
    pending = [c for c in order if c.pk not in taken and may_report(c, 2025)][:9]
    statuses = [OutcomeStatus.SUBMITTED, OutcomeStatus.DRAFT, OutcomeStatus.CHANGES_REQUESTED]
    # The demo staff login's own firms first: one of their reports waits for its review.
    pending.sort(key=lambda c: (c.assigned_staff_id != staff.pk, c.pk))
    for i, company in enumerate(pending):
        add_report(company, 2025, statuses[i % 3])
    firm_report = add_report(demo_firm, 2025, OutcomeStatus.DRAFT)
    firm_report.employees_at_end, firm_report.new_hires = 12, 2
    firm_report.revenue_krw = 450_000_000

    OutcomeReport.objects.bulk_create(reports)
    reporters_users = _firm_users(sorted({r.company for r in reports}, key=lambda c: c.pk), windows)
    _seed_history(reports, reporters_users, staff)
    patents = seed_patents(rng, article, later_reports)
    trainees = seed_training(rng=rng, supported=supported, staff=staff)
    closed = _seed_closures(rng=rng, supported=supported, reports=reports, windows=windows)
    return {
        "reports": len(reports),
        "patents": patents,
        "trainees": trainees,
        "closed": closed,
    }


def _seed_history(reports: list[OutcomeReport], firm_users: dict[int, User], staff) -> None:
    """Each report drafted and submitted by its firm's user with its evidence files, and
    decided by staff."""
    events, evidence = [], []
    required: dict[int, set[str]] = {}

    def needed(year: int) -> set[str]:
        if year not in required:
            required[year] = set(evidence_requirements(year=year, quarterly=False))
        return required[year]

    for report in reports:
        firm_user = firm_users[report.company_id]
        started = report.submitted_at - timedelta(days=3) if report.submitted_at else None
        started = started or _moment(date(report.period.year + 1, 1, 10))
        events.append(
            OutcomeReportEvent(
                report=report,
                from_status="",
                to_status=OutcomeStatus.DRAFT,
                recorded_by=firm_user,
                recorded_at=started,
            )
        )
        if not report.submitted_at:
            continue
        evidence.extend(_evidence(report, firm_user, started, needed(report.period.year)))
        events.append(
            OutcomeReportEvent(
                report=report,
                from_status=OutcomeStatus.DRAFT,
                to_status=OutcomeStatus.SUBMITTED,
                recorded_by=firm_user,
                recorded_at=report.submitted_at,
            )
        )
        if report.status in (OutcomeStatus.ACCEPTED, OutcomeStatus.CHANGES_REQUESTED):
            events.append(
                OutcomeReportEvent(
                    report=report,
                    from_status=OutcomeStatus.SUBMITTED,
                    to_status=report.status,
                    fields=report.reopened_fields,
                    reason=report.review_note,
                    recorded_by=staff,
                    recorded_at=report.accepted_at or report.submitted_at + timedelta(days=5),
                )
            )
    OutcomeReportEvent.objects.bulk_create(events)
    EvidenceFile.objects.bulk_create(evidence)


def _evidence(report: OutcomeReport, firm_user: User, started: datetime, needed: set[str]):
    """One file for each figure an indicator counts only with evidence (a figure of zero
    claims nothing), or one for the whole report when none does; a report sent back for its
    revenue lacks that file."""
    files = []
    figures = [
        figure
        for figure in EVIDENCE_DOCUMENTS
        if figure in needed and getattr(report, figure) and figure not in report.reopened_fields
    ]
    for figure in figures or [""]:
        document = EVIDENCE_DOCUMENTS.get(figure, "성과지표-증빙")
        year = report.period.year
        pdf = demo_pdf(f"{figure} {year} company #{report.company_id}")
        name = f"{document}-{year}.pdf"
        file = EvidenceFile(
            report=report,
            original_name=name,
            content_type="application/pdf",
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            figure=figure,
            uploaded_by=firm_user,
            uploaded_at=started + timedelta(hours=2),
        )
        file.file.save(name, ContentFile(pdf), save=False)
        files.append(file)
    return files


def _seed_closures(*, rng: random.Random, supported, reports, windows) -> int:
    """About one supported firm in ten closes (is deactivated) a year or two after its last
    report and its last support, by 2025, so that cohort survival has something to show."""
    last_year = {}
    for report in reports:
        last_year[report.company_id] = max(last_year.get(report.company_id, 0), report.period.year)
    ends = dict(
        SupportAward.objects.order_by()
        .values_list("company_id")
        .annotate(last=Max("ends_on"))
        .values_list("company_id", "last")
    )
    closed = 0
    for company in supported:
        if not company.is_active or rng.random() >= 0.1:
            continue
        start = max(last_year.get(company.pk, 0), ends[company.pk].year)
        year = start + 1 + rng.randint(0, 1)
        if year > 2025:
            continue
        company.is_active = False
        # After the spring, when the last year's report was due.
        company.deactivated_on = date(year, rng.randint(4, 12), 15)
        company.save(update_fields=["is_active", "deactivated_on", "updated_at"])
        closed += 1
    return closed
