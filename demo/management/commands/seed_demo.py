"""Deterministic, idempotent demo data built from the programme's public facts (PROGRAMME.md)."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction

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
from compute.models import ComputeAllocation
from core.validators import business_number_of
from demo.compute import seed_compute
from demo.mentoring import seed_mentoring
from demo.mous import seed_mous
from demo.notices import seed_notices
from demo.outcomes import seed_outcomes
from demo.programs import seed_programs
from mentoring.models import MentoringSession
from mous.models import Mou
from notices.models import Notice
from programs.models import SupportAward
from reports.cache import invalidate as kpi_cache_invalidate
from users.models import Role, User

SEOUL = ZoneInfo("Asia/Seoul")
DEMO_PASSWORD = "gwangju-ai-demo-2022"
COMPANY_COUNT = 300
INTERACTION_COUNT = 420

PREFIXES = [
    "빛고을",
    "첨단",
    "무등",
    "광산",
    "영산강",
    "극락",
    "한빛",
    "새봄",
    "다온",
    "온누리",
    "해오름",
    "바른",
    "미래",
    "누리",
    "솔빛",
    "가온",
    "하람",
    "나래",
    "도담",
    "아라",
]
CORES = {
    Industry.AUTOMOTIVE: ["모빌리티", "오토텍", "드라이브", "카랩", "자율주행", "EV솔루션"],
    Industry.ENERGY: ["에너지", "그리드", "파워", "솔라", "배터리", "수소테크"],
    Industry.HEALTHCARE: ["헬스케어", "메디", "바이오AI", "케어랩", "메디비전", "디지털헬스"],
    Industry.OTHER_AI: ["AI랩스", "데이터", "비전", "로보틱스", "인텔리전스", "클라우드"],
}
FORMS = ["(주)", "주식회사 ", "", ""]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = [
    "민준",
    "서연",
    "도윤",
    "지우",
    "하준",
    "서윤",
    "지호",
    "하은",
    "준우",
    "수아",
    "현우",
    "지민",
]
TITLES = ["대표이사", "CTO", "경영지원팀장", "연구소장", "사업개발 매니저", "과장"]
DISTRICTS = [
    "북구 첨단과기로",
    "광산구 하남산단로",
    "서구 상무중앙로",
    "남구 송암로",
    "동구 금남로",
]
OTHER_CITIES = [
    "서울특별시 강남구 테헤란로",
    "경기도 성남시 분당구 판교역로",
    "대전광역시 유성구 대학로",
]
INDUSTRY_KO = {
    Industry.AUTOMOTIVE: "자동차",
    Industry.ENERGY: "에너지",
    Industry.HEALTHCARE: "헬스케어",
    Industry.OTHER_AI: "AI 융합",
}
OFFICES = ["408", "409", "410", "419", "120", "220"]
SUMMARIES = {
    InteractionKind.CALL: "지원사업 공고 일정 안내 및 신청 서류 문의 응대",
    InteractionKind.VISIT: "기업 방문: 생산 현장 확인 및 실증 장비 수요 파악",
    InteractionKind.MEETING: "업무협약 후속 회의: 광주 이전 일정과 채용 계획 논의",
    InteractionKind.EMAIL: "성과 조사 자료 제출 요청 메일 발송",
    InteractionKind.EVENT: "AI 집적단지 기업 설명회 참석",
}
# The staff member who is also the privacy officer (monthly access review).
PRIVACY_OFFICER = "staff3@demo.test"
DEMO_USERS = [
    # email, name, role
    ("staff@demo.test", "김지원", Role.STAFF),
    ("staff2@demo.test", "이수민", Role.STAFF),
    ("staff3@demo.test", "박현우", Role.STAFF),
    ("executive@demo.test", "정사업단장", Role.EXECUTIVE),
    ("mentor@demo.test", "최멘토", Role.MENTOR),
    ("mentor2@demo.test", "한멘토", Role.MENTOR),
    ("firm@demo.test", "오대표", Role.FIRM),
]


def business_number(index: int) -> str:
    """A valid, deterministic business registration number for demo company `index`."""
    return business_number_of(OFFICES[index % len(OFFICES)], 81 + index % 7, 1001 + index)


NAME_SUFFIXES = ["", "테크", "랩스", "코리아", "이노베이션", "시스템즈", "플러스", "원"]


def company_name(index: int, industry: str, used_stems: set[str]) -> str:
    """A unique, deterministic Korean company name for demo company `index`."""
    if index == 0:
        stem, form = "빛고을모빌리티", "(주)"
    else:
        base = f"{PREFIXES[index % 20]}{CORES[industry][(index // 20) % 6]}"
        stem = next(base + suffix for suffix in NAME_SUFFIXES if base + suffix not in used_stems)
        form = FORMS[index % 4]
    used_stems.add(stem)
    return form + stem


def stage_history(founded_on: date, until: date) -> list[tuple[date, str]]:
    """Stages by age: early from founding, growth after 3 years, scale-up after 7."""
    history = [(founded_on, GrowthStage.EARLY)]
    for years, stage in ((3, GrowthStage.GROWTH), (7, GrowthStage.SCALE_UP)):
        moved = founded_on.replace(year=founded_on.year + years)
        if moved <= until:
            history.append((moved, stage))
    return history


class Command(BaseCommand):
    help = "Create the demo data set (idempotent) and print one demo login per role."

    def handle(self, *args, **options):
        rng = random.Random(2022)
        with transaction.atomic():
            users = self._users()
            created = self._companies(rng, users)
            companies = list(Company.objects.order_by("pk"))  # index order; the firm's first
            # Each area seeds its own records, with its own random stream, and does nothing
            # when its records exist already. Awards come before mentoring: mentors are
            # assigned to the firms of the 2022 mentoring programme.
            area = {"companies": companies, "users": users}
            seed_mous(rng=random.Random(1), **area)
            seed_programs(rng=random.Random(2), **area)
            seed_outcomes(rng=random.Random(5), **area)  # reads the awards: after programmes
            seed_compute(rng=random.Random(3), **area)
            seed_mentoring(rng=random.Random(4), **self._refresh_mentors(area))
            # Last: the notices tell of what the other areas made.
            seed_notices(**area)
        kpi_cache_invalidate()  # bulk inserts bypass the dashboard cache's signals
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Company.objects.count()} companies "
                f"({created} new), {Interaction.objects.count()} interactions, "
                f"{Mou.objects.count()} MOUs, {SupportAward.objects.count()} support awards, "
                f"{ComputeAllocation.objects.count()} compute projects, "
                f"{MentoringSession.objects.count()} mentoring sessions, "
                f"{Notice.objects.count()} notices."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for role in (Role.STAFF, Role.EXECUTIVE, Role.MENTOR, Role.FIRM):
            user = users[role][0]
            self.stdout.write(f"  {role.label:<12} {user.email:<24} {DEMO_PASSWORD}")
        label = str(User._meta.get_field("is_privacy_officer").verbose_name)
        self.stdout.write(f"  {label:<12} {PRIVACY_OFFICER:<24} {DEMO_PASSWORD}")

    def _refresh_mentors(self, area: dict) -> dict:
        """The mentors list as the database has it now (seed_mentoring adds more)."""
        users = dict(area["users"])
        users[Role.MENTOR] = list(User.objects.filter(role=Role.MENTOR).order_by("email"))
        users[Role.MENTOR].sort(key=lambda user: user.email != "mentor@demo.test")
        return {**area, "users": users}

    def _users(self) -> dict[str, list[User]]:
        users: dict[str, list[User]] = {role: [] for role in Role.values}
        firm_company = None
        for email, name, role in DEMO_USERS:
            if role == Role.FIRM:
                firm_company = self._firm_company()
            user, _ = User.objects.update_or_create(
                email=email,
                defaults={
                    "name": name,
                    "role": role,
                    "company": firm_company if role == Role.FIRM else None,
                    "is_active": True,
                    "is_privacy_officer": email == PRIVACY_OFFICER,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            users[role].append(user)
        return users

    def _firm_company(self) -> Company:
        company, _ = Company.objects.get_or_create(
            business_number=business_number(0),
            defaults={"name": "(주)빛고을모빌리티", "industry": Industry.AUTOMOTIVE},
        )
        return company

    def _companies(self, rng: random.Random, users) -> int:
        staff = users[Role.STAFF]
        recorder = staff[0]
        today = date(2026, 6, 30)
        industries = (
            [Industry.AUTOMOTIVE] * 9
            + [Industry.ENERGY] * 7
            + [Industry.HEALTHCARE] * 9
            + [Industry.OTHER_AI] * 5
        )
        created = 0
        companies = []
        used_stems: set[str] = set()
        for index in range(COMPANY_COUNT):
            industry = industries[index % len(industries)]
            name = company_name(index, industry, used_stems)
            # Skewed towards young firms, as in a startup programme; all but a few founded by
            # 2020, so that 292 firms can be supported by early 2022 (PROGRAMME.md).
            years_ago = min(15, int(rng.expovariate(1 / 5)))
            founded_on = date(2020 - years_ago, rng.randrange(1, 13), rng.randrange(1, 29))
            in_gwangju = rng.random() < 0.8
            street = rng.choice(DISTRICTS) if in_gwangju else rng.choice(OTHER_CITIES)
            city = "광주광역시 " if in_gwangju else ""
            history = stage_history(founded_on, today)
            if index % 24 == 7:  # a pre-startup team from late 2020 that founded its firm later
                founded_on = date(2023 + index % 3, 1 + index % 12, 10)
                history = [(date(2020, 11, 2), GrowthStage.PRE_STARTUP)]
                history += stage_history(founded_on, today)
            elif index % 24 == 19:  # a pre-startup team still preparing to found its firm
                founded_on = None  # and so with no business registration number yet
                history = [(date(2020, 11, 2), GrowthStage.PRE_STARTUP)]
            elif index % 37 == 11:  # founded after the programme's first phase: not supported
                founded_on = date(2024, 1 + index % 12, 5)
                history = stage_history(founded_on, today)
            contacts = [
                (
                    SURNAMES[(index + n) % len(SURNAMES)] + GIVEN[(index * 3 + n) % len(GIVEN)],
                    TITLES[(index + n) % len(TITLES)],
                )
                for n in range(1 + index % 2)
            ]
            defaults = {
                "name": name,
                "representative": contacts[0][0],
                "founded_on": founded_on,
                "address": f"{city}{street} {rng.randrange(1, 400)}",
                "is_in_gwangju": in_gwangju,
                "industry": industry,
                "ksic_code": rng.choice(["J58221", "J62010", "M70113", "C30399", "C27199"]),
                "employee_count": rng.randrange(1, 120),
                "website": f"https://company{index:03d}.example.kr",
                "description": f"{name}: 광주 AI 집적단지 {INDUSTRY_KO[industry]} 분야 기업",
                "stage": history[-1][1],
                "assigned_staff": staff[index % len(staff)],
                "is_active": index % 37 != 5,
                "deactivated_on": None if index % 37 != 5 else date(2023, 1 + index % 12, 20),
            }
            if founded_on is None:  # found again by its name, which is unique in the demo
                lookup = {"name": name, "business_number": ""}
            else:
                lookup = {"business_number": business_number(index)}
            company, was_created = Company.objects.get_or_create(**lookup, defaults=defaults)
            if not was_created and company.stage_changes.exists():
                companies.append(company)
                continue
            if not was_created:  # the firm user's company, made earlier with few fields
                for field, value in defaults.items():
                    setattr(company, field, value)
                company.save()
            created += was_created
            companies.append(company)
            StageChange.objects.bulk_create(
                StageChange(
                    company=company,
                    stage=stage,
                    effective_on=on,
                    recorded_by=recorder,
                    recorded_at=datetime.combine(on, time(9), SEOUL),
                )
                for on, stage in history
            )
            for n, (person_name, title) in enumerate(contacts):
                person = Person.objects.create(
                    name=person_name,
                    email=f"contact{index:03d}-{n}@company{index:03d}.example.kr",
                    phone=f"062-{100 + index:03d}-{1000 + n:04d}",
                )
                CompanyContact.objects.create(
                    company=company, person=person, title=title, is_primary=n == 0
                )
        if created:
            self._interactions(rng, companies, staff)
        return created

    def _interactions(self, rng: random.Random, companies, staff) -> None:
        kinds = list(InteractionKind)
        rows = []
        for n in range(INTERACTION_COUNT):
            company = companies[(n * 7) % len(companies)]
            kind = kinds[n % len(kinds)]
            day = date(2021, 1, 4) + timedelta(days=rng.randrange(0, 2140))
            at = datetime.combine(day, time(9 + rng.randrange(0, 9), rng.choice([0, 30])), SEOUL)
            rows.append(
                Interaction(
                    company=company,
                    kind=kind,
                    occurred_at=at,
                    staff=staff[n % len(staff)],
                    summary=SUMMARIES[kind],
                    follow_up_on=day + timedelta(days=14) if n % 4 == 0 else None,
                )
            )
        Interaction.objects.bulk_create(rows)
