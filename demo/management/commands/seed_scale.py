"""A large, realistic dataset for the benchmark: `seed_scale --companies 5000` is ten years of
this programme, 100,000 the stress size.

Per company: two contacts, forty interactions over ten years, a growth-stage history, support
awards for most, an MOU for one in ten, mentoring sessions for one in ten, yearly outcome
reports with patents for the supported ones, and access records of staff viewing it. Rows are
written with bulk inserts in chunks of 1,000 companies, from a fixed random seed, so the same
N gives the same data. Scale companies have registration numbers of type 88, which the demo
data does not use; a second run finds them and adds nothing.
"""

import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from audit.models import ACCESS_CHAIN, AccessAction, AccessChain, AccessRecord, SubjectType
from audit.services import GENESIS
from companies.models import (
    Company,
    CompanyContact,
    GrowthStage,
    Industry,
    Interaction,
    InteractionKind,
    Person,
    StageChange,
)
from core.validators import business_number_of
from mentoring.models import MentorAssignment, MentoringSession, SessionStatus
from mous.models import Mou, MouStage, RelocationType
from outcomes.models import OutcomeReport, OutcomeStatus, Patent, PatentStatus, ReportingPeriod
from programs.models import Program, SupportAward, SupportType
from reports.cache import invalidate as kpi_cache_invalidate
from users.models import Role, User

SEOUL = ZoneInfo("Asia/Seoul")
FIRST_YEAR, LAST_YEAR = 2016, 2025
CHUNK = 1000
SCALE_TYPE = "88"  # the business-type digits of scale companies' registration numbers
PASSWORD = "gwangju-ai-scale-2026"

PREFIXES = ["빛고을", "무등", "첨단", "영산", "광산", "상무", "하남", "송정", "금남", "용봉"]
CORES = ["모빌리티", "에너지", "헬스케어", "인공지능", "데이터", "로보틱스", "바이오", "비전"]
SUFFIXES = ["", "테크", "랩스", "시스템즈", "이노베이션"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현우준도윤하은수영재호성연주아진혜경태"
SUMMARIES = [
    "지원사업 공고 안내 및 신청 서류 문의 응대",
    "기업 방문: 실증 장비 수요와 생산 현장 확인",
    "사업 진행 점검 회의: 시제품 제작 일정 협의",
    "성과 보고 제출 안내 메일 발송",
    "투자 설명회 참가 및 후속 상담",
]
INDUSTRIES = list(Industry.values)
STAGES = [GrowthStage.PRE_STARTUP, GrowthStage.EARLY, GrowthStage.GROWTH, GrowthStage.SCALE_UP]
KINDS = list(InteractionKind.values)
SUPPORT_TYPES = [
    ("규모시험 창업 멘토링", SupportType.MENTORING),
    ("규모시험 시제품 제작", SupportType.PROTOTYPE),
    ("규모시험 투자 펀드", SupportType.INVESTMENT_FUND),
    ("규모시험 해외 진출", SupportType.OVERSEAS),
]


def scale_business_number(index: int) -> str:
    """A valid registration number for scale company `index` (type 88, unique per index)."""
    return business_number_of(101 + (index // 9000) % 600, SCALE_TYPE, 1000 + index % 9000)


def moment(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=SEOUL)


class Command(BaseCommand):
    help = "Seed N realistic companies with ten years of records, for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=5000, help="How many (5000).")

    def handle(self, *args, companies: int, **options):
        if companies < 1 or companies > 600 * 9000:
            raise CommandError("--companies must be between 1 and 5,400,000.")
        existing = Company.objects.filter(business_number__regex=rf"^\d{{3}}{SCALE_TYPE}").count()
        if existing:
            self.stdout.write(f"{existing:,} scale companies exist already; nothing added.")
            return
        started = time.monotonic()
        self.users = self._users(companies)
        self.programs = self._programs()
        self.periods = self._periods()
        self.patent_serial = Patent.objects.count()
        for start in range(0, companies, CHUNK):
            with transaction.atomic():
                self._chunk(start, min(start + CHUNK, companies))
            done = min(start + CHUNK, companies)
            self.stdout.write(f"  {done:,} / {companies:,} companies", ending="\r")
            self.stdout.flush()
        self._firm_users(companies)
        kpi_cache_invalidate()
        # Fresh planner statistics: right after a bulk load the database would otherwise plan
        # the benchmark's queries for the empty tables it last analysed.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"\nSeeded {companies:,} companies in {time.monotonic() - started:.0f} s: "
            f"{Interaction.objects.count():,} interactions, "
            f"{SupportAward.objects.count():,} awards, "
            f"{OutcomeReport.objects.count():,} outcome reports, "
            f"{AccessRecord.objects.count():,} access records. "
            f"Users' password: {PASSWORD}"
        )

    # --- set-up -------------------------------------------------------------------------------

    def _users(self, companies: int) -> dict:
        password = make_password(PASSWORD)  # hashed once for every scale user

        def user(email, name, role):
            account, _created = User.objects.get_or_create(
                email=email, defaults={"name": name, "role": role, "password": password}
            )
            return account

        staff = [user(f"scale-staff{n}@scale.test", f"규모담당{n}", Role.STAFF) for n in range(10)]
        mentors = [
            user(f"scale-mentor{n}@scale.test", f"규모멘토{n}", Role.MENTOR)
            for n in range(max(5, companies // 200))
        ]
        user("scale-executive@scale.test", "규모임원", Role.EXECUTIVE)
        return {"staff": staff, "mentors": mentors, "password": password}

    def _programs(self) -> list[Program]:
        return [
            Program.objects.get_or_create(name=name, defaults={"support_type": kind})[0]
            for name, kind in SUPPORT_TYPES
        ]

    def _periods(self) -> dict[int, ReportingPeriod]:
        periods = {}
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            periods[year], _created = ReportingPeriod.objects.get_or_create(
                year=year,
                quarter=None,
                defaults={"opens_on": date(year, 12, 1), "due_on": date(year + 1, 1, 31)},
            )
        return periods

    def _firm_users(self, companies: int) -> None:
        """A firm user for one company in fifty (the first one's is the portal benchmark's)."""
        scale = Company.objects.filter(business_number__regex=rf"^\d{{3}}{SCALE_TYPE}")
        User.objects.bulk_create(
            User(
                email=f"scale-firm{n}@scale.test",
                name=f"규모기업담당{n}",
                role=Role.FIRM,
                company_id=pk,
                password=self.users["password"],
            )
            for n, pk in enumerate(scale.order_by("pk").values_list("pk", flat=True)[::50])
        )

    # --- one chunk of companies ---------------------------------------------------------------

    def _chunk(self, start: int, end: int) -> None:
        rng = random.Random(start)
        staff, mentors = self.users["staff"], self.users["mentors"]
        companies = []
        for index in range(start, end):
            industry = INDUSTRIES[index % len(INDUSTRIES)]
            founded = date(2005 + rng.randrange(20), 1 + rng.randrange(12), 1 + rng.randrange(28))
            active = rng.random() > 0.08
            companies.append(
                Company(
                    name=(
                        f"{PREFIXES[index % 10]}{CORES[(index // 10) % 8]}"
                        f"{SUFFIXES[(index // 80) % 5]} {index + 1:06d}"
                    ),
                    business_number=scale_business_number(index),
                    representative=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    founded_on=founded,
                    address=f"광주광역시 북구 첨단과기로 {1 + index % 400}",
                    is_in_gwangju=rng.random() < 0.7,
                    industry=industry,
                    employee_count=rng.randrange(1, 300),
                    stage=rng.choice(STAGES),
                    assigned_staff=staff[index % len(staff)],
                    is_active=active,
                    deactivated_on=None if active else date(2023, 1 + index % 12, 15),
                )
            )
        companies = Company.objects.bulk_create(companies, batch_size=CHUNK)

        people, links, interactions, stages = [], [], [], []
        for company in companies:
            for n in range(2):
                people.append(
                    Person(
                        name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                        email=f"c{company.pk}-{n}@scale.test",
                        phone=f"062-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}",
                    )
                )
            for n in range(40):
                day = date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(3650))
                interactions.append(
                    Interaction(
                        company=company,
                        kind=KINDS[n % len(KINDS)],
                        occurred_at=moment(day, 9 + n % 9),
                        staff=staff[(company.pk + n) % len(staff)],
                        summary=SUMMARIES[n % len(SUMMARIES)],
                    )
                )
            history = sorted(
                {date(FIRST_YEAR + rng.randrange(10), 3, 1) for _ in range(1 + rng.randrange(3))}
            )
            stages += [
                StageChange(
                    company=company,
                    stage=STAGES[min(n + 1, 3)],
                    effective_on=on,
                    recorded_by=staff[0],
                    recorded_at=moment(on, 9),
                )
                for n, on in enumerate(history)
            ]
        people = Person.objects.bulk_create(people, batch_size=5000)
        for n, person in enumerate(people):
            company = companies[n // 2]
            links.append(
                CompanyContact(
                    company=company,
                    person=person,
                    title="대표" if n % 2 == 0 else "담당자",
                    is_primary=n % 2 == 0,
                )
            )
        CompanyContact.objects.bulk_create(links, batch_size=5000)
        Interaction.objects.bulk_create(interactions, batch_size=5000)
        StageChange.objects.bulk_create(stages, batch_size=5000)

        self._awards_and_outcomes(rng, companies, staff)
        self._mous(rng, companies, staff)
        self._mentoring(rng, companies, staff, mentors)
        self._access_records(rng, companies, staff)

    def _awards_and_outcomes(self, rng, companies, staff) -> None:
        awards, reports = [], []
        for company in companies:
            if rng.random() < 0.4:
                continue
            first = FIRST_YEAR + rng.randrange(10)
            for n in range(1 + rng.randrange(3)):
                year = min(first + n, LAST_YEAR)
                awarded = date(year, 1 + rng.randrange(11), 1 + rng.randrange(28))
                awards.append(
                    SupportAward(
                        program=self.programs[(company.pk + n) % len(self.programs)],
                        company=company,
                        awarded_on=awarded,
                        amount_krw=rng.randrange(10, 300) * 1_000_000,
                        starts_on=awarded,
                        ends_on=awarded + timedelta(days=300),
                        recorded_by=staff[0],
                    )
                )
            employees, revenue = rng.randrange(3, 40), rng.randrange(100, 3000)
            growth = rng.uniform(1.2, 1.4) if rng.random() < 0.12 else rng.uniform(0.95, 1.12)
            for year in range(first, LAST_YEAR + 1):
                employees, revenue = round(employees * growth) + 1, round(revenue * growth) + 1
                reports.append(
                    OutcomeReport(
                        company=company,
                        period=self.periods[year],
                        status=OutcomeStatus.ACCEPTED,
                        employees_at_end=employees,
                        new_hires=rng.randrange(0, 6),
                        revenue_krw=revenue * 1_000_000,
                        investment_krw=rng.choice([0, 0, 300, 1000]) * 1_000_000,
                        submitted_at=moment(date(year + 1, 1, 10), 10),
                        accepted_at=moment(date(year + 1, 1, 20), 10),
                        accepted_by=staff[1],
                    )
                )
        SupportAward.objects.bulk_create(awards, batch_size=5000)
        reports = OutcomeReport.objects.bulk_create(reports, batch_size=5000)
        patents = []
        for report in reports:
            if rng.random() < 0.3:
                self.patent_serial += 1
                year = report.period.year
                patents.append(
                    Patent(
                        company_id=report.company_id,
                        report=report,
                        application_number=f"10{year}{5_000_000 + self.patent_serial:07d}",
                        applied_on=date(year, 1 + rng.randrange(12), 1 + rng.randrange(28)),
                        title="인공지능 기반 데이터 분석 장치 및 방법",
                        status=PatentStatus.FILED,
                    )
                )
        Patent.objects.bulk_create(patents, batch_size=5000)

    def _mous(self, rng, companies, staff) -> None:
        mous = []
        for company in companies:
            if rng.random() >= 0.1:
                continue
            signed = date(FIRST_YEAR + rng.randrange(10), 1 + rng.randrange(12), 10)
            mous.append(
                Mou(
                    company=company,
                    signed_on=signed,
                    parties="인공지능산업융합사업단, 광주광역시",
                    planned_investment_krw=rng.randrange(1, 50) * 100_000_000,
                    planned_local_hires=rng.randrange(1, 30),
                    relocation_type=rng.choice(list(RelocationType.values)),
                    stage=rng.choice([MouStage.SIGNED, MouStage.CONSIDERING, MouStage.OPENED]),
                    next_follow_up_on=signed + timedelta(days=180),
                    is_signed_outside=True,
                    signed_outside_on=signed,
                    created_by=staff[2],
                )
            )
        Mou.objects.bulk_create(mous, batch_size=5000)

    def _mentoring(self, rng, companies, staff, mentors) -> None:
        assignments = []
        for company in companies:
            if rng.random() >= 0.1 or not company.is_active:
                continue
            assignments.append(
                MentorAssignment(
                    mentor=mentors[company.pk % len(mentors)],
                    company=company,
                    started_on=date(2024, 3, 1),
                    hours_budget=Decimal("20"),
                    assigned_by=staff[3],
                )
            )
        assignments = MentorAssignment.objects.bulk_create(assignments, batch_size=5000)
        MentoringSession.objects.bulk_create(
            (
                MentoringSession(
                    assignment=assignment,
                    held_on=date(2024, 4 + n, 10),
                    duration_hours=Decimal("2"),
                    topic="사업 모델 점검",
                    notes="멘토 메모",
                    next_steps="투자 유치 자료 보완",
                    status=SessionStatus.APPROVED,
                    recorded_by=assignment.mentor,
                )
                for assignment in assignments
                for n in range(3)
            ),
            batch_size=5000,
        )

    def _access_records(self, rng, companies, staff) -> None:
        """Staff viewing each company's contacts a few times, chained as the app does."""
        head, _created = AccessChain.objects.select_for_update().get_or_create(
            pk=ACCESS_CHAIN, defaults={"last_hash": GENESIS}
        )
        records, previous = [], head.last_hash
        base = timezone.now() - timedelta(days=300)
        for company in companies:
            for n in range(5):
                viewer = staff[(company.pk + n) % len(staff)]
                record = AccessRecord(
                    at=base + timedelta(seconds=company.pk * 5 + n),
                    user=viewer,
                    account=viewer.email,
                    ip=f"10.20.0.{1 + company.pk % 250}",
                    action=AccessAction.VIEW,
                    subject_type=SubjectType.PERSON,
                    subject=f"{company.name} 연락처",
                    people=2,
                    path=f"/companies/{company.pk}/",
                    chain=ACCESS_CHAIN,
                    previous_hash=previous,
                )
                record.hash = record.compute_hash()
                previous = record.hash
                records.append(record)
        AccessRecord.objects.bulk_create(records, batch_size=5000)
        head.last_hash, head.length = previous, head.length + len(records)
        head.save(update_fields=["last_hash", "length"])
