"""Demo outcome reports and training, from the programme's public figures (PROGRAMME.md).

Outcome reports (yearly periods 2020-2025; a year's period opens on 1 December and is due on
31 January of the next year). Accepted reports of supported firms carry:
- new jobs (new hires in accepted reports) 2020: 100, 2021: 300, 2022: 36 -> 436 by early 2022;
- the 2021 outcome survey: 82 firms with accepted 2021 reports, revenue exactly
  ₩24,000,000,000 and 300 new hires;
- patents filed or registered, listed in accepted reports: 2020: 40, 2021: 90, 2022: 62 -> 192
  (plus abandoned applications and patents in unaccepted reports, which do not count).
2023-2025 have more accepted reports; 2025 also has drafts, submitted and changes-requested ones.

Training: 1,254 people trained by 2021 (2020: 454, 2021: 800) and 1,490 in 2022, of whom 400 in
the AI convergence undergraduate track and 1,090 in professional courses.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Min

from companies.models import Company
from outcomes.models import (
    OutcomeReport,
    OutcomeReportEvent,
    OutcomeStatus,
    Patent,
    PatentStatus,
    ReportingPeriod,
)
from programs.models import SupportAward
from training.models import Trainee, TrainingCourse, TrainingTrack
from users.models import Role

SEOUL = ZoneInfo("Asia/Seoul")

# year: (accepted reports, new hires, patents filed or registered)
ACCEPTED = {2020: (60, 100, 40), 2021: (82, 300, 90), 2022: (40, 36, 62)}
LATER_ACCEPTED = {2023: 60, 2024: 60, 2025: 15}
REVENUE_2021_KRW = 24_000_000_000
ABANDONED_2021 = 5

# (year, track, name, hours, trainees)
COURSES = [
    (2020, TrainingTrack.PROFESSIONAL, "AI 기초 전문인력 과정", 80, 200),
    (2020, TrainingTrack.PROFESSIONAL, "자동차 AI 융합 실무", 60, 134),
    (2020, TrainingTrack.OTHER, "헬스케어 데이터 분석 입문", 40, 120),
    (2021, TrainingTrack.PROFESSIONAL, "AI 전문인력 심화 과정", 120, 250),
    (2021, TrainingTrack.PROFESSIONAL, "에너지 AI 융합 실무", 60, 150),
    (2021, TrainingTrack.PROFESSIONAL, "헬스케어 AI 실무", 60, 150),
    (2021, TrainingTrack.OTHER, "AI 데이터센터 활용 교육", 24, 150),
    (2021, TrainingTrack.OTHER, "재직자 AI 리터러시", 16, 100),
    (2022, TrainingTrack.AI_UNDERGRADUATE, "AI 융합 학부 트랙", 300, 400),
    (2022, TrainingTrack.PROFESSIONAL, "AI 전문인력 양성 과정", 120, 400),
    (2022, TrainingTrack.PROFESSIONAL, "자동차 AI 융합 실무", 60, 250),
    (2022, TrainingTrack.PROFESSIONAL, "에너지 AI 융합 실무", 60, 200),
    (2022, TrainingTrack.PROFESSIONAL, "헬스케어 AI 실무", 60, 240),
]

TOPICS = ["영상 분석", "배터리 진단", "주행 보조", "생체신호 판독", "전력 수요 예측"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현우준도윤하은수영재호성연주아진혜경태"


def _split(rng: random.Random, total: int, parts: int, minimum: int = 0) -> list[int]:
    """`total` split into `parts` integers of at least `minimum`, summing exactly."""
    weights = [rng.random() + 0.2 for _ in range(parts)]
    spare = total - minimum * parts
    scale = sum(weights)
    amounts = [minimum + int(spare * w / scale) for w in weights]
    for i in range(total - sum(amounts)):
        amounts[i % parts] += 1
    return amounts


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SEOUL)


def seed_outcomes(*, rng: random.Random, companies: list[Company], users: dict) -> dict:
    """Create reporting periods 2020-2025, outcome reports with patents and history, and
    training courses with trainees. Does nothing when outcome reports exist already."""
    if OutcomeReport.objects.exists() or not companies:
        return {}
    staff = users[Role.STAFF][0]
    firm_users = users.get(Role.FIRM) or [staff]
    periods = {}
    for year in range(2020, 2026):
        periods[year], _created = ReportingPeriod.objects.get_or_create(
            year=year,
            quarter=None,
            defaults={"opens_on": date(year, 12, 1), "due_on": date(year + 1, 1, 31)},
        )
    first_award = dict(
        SupportAward.objects.values("company_id")
        .annotate(first=Min("awarded_on"))
        .values_list("company_id", "first")
    )
    demo_firm = companies[0]
    supported = [c for c in companies if c.pk in first_award and c.pk != demo_firm.pk]
    if not supported:
        supported = companies[1:]

    # One fixed order, so the same firms report year after year and cohorts can be followed.
    order = rng.sample(supported, len(supported))

    def pick(year: int, count: int) -> list[Company]:
        # Supported by the time the report is due (January of the next year).
        eligible = [c for c in order if first_award.get(c.pk, date(2000, 1, 1)).year <= year + 1]
        rest = [c for c in order if c not in eligible]
        return sorted((eligible + rest)[:count], key=lambda c: c.pk)

    # Each firm's path: employees and revenue growing by its own yearly factor; about one
    # firm in seven grows 20-45% a year (a gazelle), the others between -5% and +15%.
    paths = {}
    for company in companies:
        fast = rng.random() < 0.15
        paths[company.pk] = (
            rng.randint(4, 40),
            rng.uniform(1.2, 1.45) if fast else rng.uniform(0.95, 1.15),
            rng.randint(50, 3000),
            rng.uniform(1.2, 1.45) if fast else rng.uniform(0.95, 1.15),
        )
    chosen_by_year = {year: pick(year, count) for year, (count, _h, _p) in ACCEPTED.items()}
    # The 2021 survey's revenue, in millions, split so that it sums to exactly ₩24 billion.
    split = _split(rng, REVENUE_2021_KRW // 1_000_000, ACCEPTED[2021][0], 20)
    revenue_2021 = dict(zip((c.pk for c in chosen_by_year[2021]), split, strict=True))

    def employees(company, year: int, new_hires: int) -> int:
        base, growth, _revenue, _revenue_growth = paths[company.pk]
        return max(new_hires + 1, round(base * growth ** (year - 2020)))

    def revenue_in(company, year: int) -> int:
        _base, _growth, millions, growth = paths[company.pk]
        millions = revenue_2021.get(company.pk, millions)
        if year == 2021:
            return millions * 1_000_000
        return max(10, round(millions * growth ** (year - 2021))) * 1_000_000

    reports: list[OutcomeReport] = []
    patent_rows: list[tuple[OutcomeReport, str]] = []

    def add_report(company, year, status, new_hires, revenue, patents=0, abandoned=0):
        period = periods[year]
        submitted = _moment(period.opens_on + timedelta(days=rng.randint(5, 50)))
        report = OutcomeReport(
            company=company,
            period=period,
            status=status,
            new_hires=new_hires,
            employees_at_end=employees(company, year, new_hires),
            revenue_krw=revenue,
            investment_krw=rng.choice([0, 0, 300, 500, 1000, 2000]) * 1_000_000,
            exports_krw=rng.choice([0, 0, 0, 50, 200]) * 1_000_000,
        )
        if status != OutcomeStatus.DRAFT:
            report.submitted_at = submitted
        if status == OutcomeStatus.ACCEPTED:
            report.accepted_at = submitted + timedelta(days=rng.randint(3, 20))
            report.accepted_by = staff
        if status == OutcomeStatus.CHANGES_REQUESTED:
            report.reopened_fields = ["revenue_krw"]
            report.review_note = "매출액 증빙(재무제표)이 누락되었습니다."
        reports.append(report)
        patent_rows.extend((report, PatentStatus.FILED) for _ in range(patents))
        patent_rows.extend((report, PatentStatus.ABANDONED) for _ in range(abandoned))

    for year, (count, hires, patents) in ACCEPTED.items():
        chosen = chosen_by_year[year]
        hire_split = _split(rng, hires, count)
        patent_split = _split(rng, patents, count)
        for i, company in enumerate(chosen):
            add_report(
                company,
                year,
                OutcomeStatus.ACCEPTED,
                hire_split[i],
                revenue_in(company, year),
                patents=patent_split[i],
                abandoned=1 if year == 2021 and i < ABANDONED_2021 else 0,
            )
    for year, count in LATER_ACCEPTED.items():
        for company in pick(year, count):
            add_report(
                company,
                year,
                OutcomeStatus.ACCEPTED,
                rng.randint(0, 8),
                revenue_in(company, year),
                patents=rng.randint(0, 2),
            )
    # Unfinished 2025 reports: they must not count anywhere.
    taken = {r.company_id for r in reports if r.period.year == 2025}
    pending = [c for c in supported if c.pk not in taken][:9]
    for i, company in enumerate(pending):
        status = [
            OutcomeStatus.DRAFT,
            OutcomeStatus.SUBMITTED,
            OutcomeStatus.CHANGES_REQUESTED,
        ][i % 3]
        add_report(company, 2025, status, rng.randint(1, 5), rng.randint(100, 900) * 1_000_000, 1)
    add_report(demo_firm, 2025, OutcomeStatus.DRAFT, 2, 450_000_000, 1)

    OutcomeReport.objects.bulk_create(reports)
    events = []
    for report in reports:
        created = _moment(report.period.opens_on + timedelta(days=2))
        events.append(
            OutcomeReportEvent(
                report=report,
                from_status="",
                to_status=OutcomeStatus.DRAFT,
                recorded_by=firm_users[0] if report.company_id == demo_firm.pk else staff,
                recorded_at=created,
            )
        )
        if report.submitted_at:
            events.append(
                OutcomeReportEvent(
                    report=report,
                    from_status=OutcomeStatus.DRAFT,
                    to_status=OutcomeStatus.SUBMITTED,
                    recorded_by=staff,
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

    patents = []
    for serial, (report, status) in enumerate(patent_rows, start=1):
        year = report.period.year
        applied_on = date(year, 1, 1) + timedelta(days=rng.randint(0, 330))
        registered = status == PatentStatus.FILED and rng.random() < 0.35
        patents.append(
            Patent(
                company_id=report.company_id,
                report=report,
                application_number=f"10{year}{serial:07d}",
                applied_on=applied_on,
                title=f"인공지능 기반 {rng.choice(TOPICS)} 장치 및 방법",
                status=PatentStatus.REGISTERED if registered else status,
                registration_number=f"10{2_000_000 + serial:07d}" if registered else "",
                registered_on=applied_on + timedelta(days=300) if registered else None,
            )
        )
    Patent.objects.bulk_create(patents)

    trainees = _seed_training(rng=rng, supported=supported, staff=staff)
    closed = _seed_closures(rng=rng, supported=supported, reports=reports, first_award=first_award)
    return {
        "reports": len(reports),
        "patents": len(patents),
        "trainees": trainees,
        "closed": closed,
    }


def _seed_closures(*, rng: random.Random, supported, reports, first_award) -> int:
    """About one supported firm in ten closes (is deactivated) in the year after its last
    report, by 2025, so that cohort survival has something to show."""
    last_year = {}
    for report in reports:
        last_year[report.company_id] = max(last_year.get(report.company_id, 0), report.period.year)
    closed = 0
    for company in supported:
        if not company.is_active or rng.random() >= 0.1:
            continue
        start = max(
            last_year.get(company.pk, 0), first_award.get(company.pk, date(2020, 1, 1)).year
        )
        year = start + 1 + rng.randint(0, 1)
        if year > 2025:
            continue
        company.is_active = False
        company.deactivated_on = date(year, rng.randint(1, 12), 15)
        company.save(update_fields=["is_active", "deactivated_on", "updated_at"])
        closed += 1
    return closed


def _seed_training(*, rng: random.Random, supported: list[Company], staff) -> int:
    if TrainingCourse.objects.exists():
        return 0
    rows = []
    for year, track, name, hours, count in COURSES:
        course = TrainingCourse.objects.create(
            name=name, track=track, year=year, hours=hours, created_by=staff
        )
        for _i in range(count):
            hired = supported and year >= 2021 and rng.random() < 0.06
            rows.append(
                Trainee(
                    course=course,
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    hired_by=rng.choice(supported) if hired else None,
                )
            )
    Trainee.objects.bulk_create(rows)
    return len(rows)
