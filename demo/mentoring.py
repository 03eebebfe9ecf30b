"""Demo data for mentoring: the 2022 startup-mentoring programme (창업 멘토링) of PROGRAMME.md.

About 20 mentors with profiles, assignments with hours budgets (and their history) to the firms
mentored in 2022, and the sessions they held. Deterministic from `rng`; does nothing when mentor
profiles exist already.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from companies.models import Company, Industry
from mentoring.models import (
    AssignmentEvent,
    AssignmentEventKind,
    MentorAssignment,
    MentoringSession,
    MentorProfile,
    SessionStatus,
)
from users.models import Role, User

SEOUL = ZoneInfo("Asia/Seoul")
PROGRAMME_START = date(2022, 3, 2)
PROGRAMME_END = date(2022, 12, 30)
MENTOR_COUNT = 20
# Hours the demo mentor keeps free on every assignment, so a session can be recorded in the demo.
DEMO_MENTOR_SPARE_HOURS = Decimal("6")

NEW_MENTORS = [
    "김도현",
    "이서준",
    "박지안",
    "정하린",
    "강민재",
    "조유나",
    "윤태호",
    "장서영",
    "임재원",
    "한소희",
    "오승민",
    "서지혜",
    "신동욱",
    "권나연",
    "황보람",
    "안준혁",
    "송가은",
    "류현석",
]
AFFILIATIONS = [
    "전남대학교 산학협력단",
    "광주과학기술원(GIST) AI대학원",
    "한국광기술원",
    "광주테크노파크",
    "광주그린카진흥원",
    "한국전력공사 에너지신사업처 (전)",
    "전남대학교병원 의생명연구원",
    "(주)광주창조경제혁신센터",
    "벤처캐피털 파트너",
    "회계법인 스타트업 자문팀",
]
EXPERTISE = {
    Industry.AUTOMOTIVE: ["자율주행 인지 모델", "전장 부품 양산·품질", "모빌리티 서비스 사업화"],
    Industry.ENERGY: ["에너지 수요 예측 AI", "ESS·배터리 진단", "신재생 발전 사업 인허가"],
    Industry.HEALTHCARE: ["의료기기 인허가(식약처)", "의료 영상 AI", "디지털 헬스 임상 설계"],
    Industry.OTHER_AI: ["투자 유치·IR", "특허·지식재산 전략", "해외 진출·수출 마케팅"],
}
TOPICS = {
    Industry.AUTOMOTIVE: [
        "자율주행 데이터 수집 계획 검토",
        "완성차 협력사 등록 준비",
        "실증센터 장비 활용 계획",
    ],
    Industry.ENERGY: [
        "수요 예측 모델 검증",
        "한전 실증 과제 제안서 검토",
        "배터리 진단 서비스 가격 정책",
    ],
    Industry.HEALTHCARE: [
        "식약처 인허가 로드맵",
        "병원 임상 협력 구조 설계",
        "의료 데이터 활용 동의 절차",
    ],
    Industry.OTHER_AI: ["사업계획서 고도화", "투자 유치 IR 자료 검토", "특허 출원 전략"],
}
COMMON_TOPICS = [
    "AI 데이터센터 연산자원 신청 준비",
    "채용 계획과 인력 구성",
    "해외 전시회 참가 전략",
]
NEXT_STEPS = [
    "다음 회의 전까지 수정본 공유",
    "사업단 담당자와 지원사업 공고 일정 확인",
    "실증센터 장비 예약 신청",
    "투자사 미팅 2곳 일정 조율",
    "특허 선행기술 조사 결과 공유",
]
NOTES = [
    "대표가 자금 사정이 빠듯하다고 말함. 하반기 투자 유치 실패 시 인력 감축 고려 중.",
    "기술 완성도는 높으나 영업 인력이 부족함. 공동창업자 간 역할 분담 재정리 필요.",
    "경쟁사 대비 가격 경쟁력 약함. 원가 구조 재검토를 권함.",
    "대표의 의지가 강하고 실행이 빠름. 후속 지원 대상으로 추천할 만함.",
    "주요 고객사 한 곳에 매출이 집중되어 있어 리스크가 큼.",
]


def _mentoring_firms(companies: list[Company]) -> list[Company]:
    """The firms of the 2022 mentoring programme: those with a 2022 mentoring award, else a
    quarter of the 99 firms supported in 2022; the demo firm user's company first."""
    ids = set(
        Company.objects.filter(
            pk__in=[company.pk for company in companies],
            awards__program__support_type="mentoring",
            awards__awarded_on__year=2022,
        ).values_list("pk", flat=True)
    )
    firms = [company for company in companies if company.pk in ids and company.is_active]
    if len(firms) < 10:
        firms = [company for company in companies[:99:4] if company.is_active]
    first = companies[0]
    return [first, *(firm for firm in firms if firm.pk != first.pk)]


def _mentors(users) -> list[User]:
    """The two existing demo mentors plus new ones up to MENTOR_COUNT, same password."""
    mentors = list(users[Role.MENTOR])
    password = mentors[0].password if mentors else "!"
    for n, name in enumerate(NEW_MENTORS[: MENTOR_COUNT - len(mentors)], start=3):
        user, created = User.objects.get_or_create(
            email=f"mentor{n}@demo.test",
            defaults={"name": name, "role": Role.MENTOR, "password": password},
        )
        mentors.append(user)
    return mentors


def _profiles(rng: random.Random, mentors: list[User]) -> None:
    industries = [Industry.AUTOMOTIVE, Industry.ENERGY, Industry.HEALTHCARE, Industry.OTHER_AI]
    profiles = []
    for n, mentor in enumerate(mentors):
        main = industries[n % len(industries)]
        focus = [main]
        if main != Industry.OTHER_AI and rng.random() < 0.4:
            focus.append(rng.choice([i for i in industries[:3] if i != main]))
        expertise = EXPERTISE[main][n % 3]
        profiles.append(
            MentorProfile(
                user=mentor,
                expertise=f"{expertise}, {rng.choice(EXPERTISE[Industry.OTHER_AI])}",
                affiliation=AFFILIATIONS[n % len(AFFILIATIONS)],
                focus_industries=[value.value for value in industries if value in focus],
                bio=f"2022 AI 집적단지 창업 멘토링 멘토. {expertise} 분야 경력 {8 + n % 12}년.",
            )
        )
    MentorProfile.objects.bulk_create(profiles)


def _pairs(mentors: list[User], firms: list[Company]) -> list[tuple[User, Company]]:
    """Each firm gets one mentor, every other firm a second; the demo mentor gets three firms."""
    pairs = []
    for j, firm in enumerate(firms):
        pairs.append((mentors[j % len(mentors)], firm))
        if j % 2 == 0:
            pairs.append((mentors[(j + 7) % len(mentors)], firm))
    pairs += [(mentors[0], firm) for firm in firms[1:3]]
    seen, unique = set(), []
    for mentor, firm in pairs:
        if (mentor.pk, firm.pk) not in seen:
            seen.add((mentor.pk, firm.pk))
            unique.append((mentor, firm))
    return unique


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), SEOUL)


def seed_mentoring(*, rng: random.Random, companies: list[Company], users) -> dict[str, int]:
    """Mentors, profiles, assignments with history, and 2022 sessions; returns what it made."""
    if MentorProfile.objects.exists():
        return {}
    staff = users[Role.STAFF]
    mentors = _mentors(users)
    _profiles(rng, mentors)
    demo_mentor = mentors[0]
    # Assignments an older seed left open are kept, not duplicated.
    already = set(
        MentorAssignment.objects.filter(ended_on__isnull=True).values_list(
            "mentor_id", "company_id"
        )
    )
    counts = {"mentors": len(mentors), "assignments": 0, "sessions": 0}
    events, sessions = [], []
    for j, (mentor, firm) in enumerate(_pairs(mentors, _mentoring_firms(companies))):
        if (mentor.pk, firm.pk) in already:
            continue
        recorder = staff[j % len(staff)]
        started_on = PROGRAMME_START + timedelta(days=rng.randrange(0, 30))
        budget = Decimal(rng.choice([10, 20, 20, 30]))
        ends = mentor != demo_mentor and j % 5 == 4
        assignment = MentorAssignment.objects.create(
            mentor=mentor,
            company=firm,
            started_on=started_on,
            ended_on=PROGRAMME_END if ends else None,
            hours_budget=budget,
            assigned_by=recorder,
        )
        counts["assignments"] += 1
        events.append(
            AssignmentEvent(
                assignment=assignment,
                kind=AssignmentEventKind.ASSIGNED,
                effective_on=started_on,
                hours_budget=Decimal(budget),
                recorded_by=recorder,
                recorded_at=_at(started_on - timedelta(days=3)),
            )
        )
        if j % 6 == 0:
            changed_on = date(2022, 7, 1)
            events.append(
                AssignmentEvent(
                    assignment=assignment,
                    kind=AssignmentEventKind.BUDGET_CHANGED,
                    effective_on=changed_on,
                    hours_budget=budget + 10,
                    previous_hours_budget=budget,
                    reason="하반기 추가 멘토링 수요 반영",
                    recorded_by=recorder,
                    recorded_at=_at(changed_on, 10),
                )
            )
            budget += 10
            assignment.hours_budget = budget
            assignment.save(update_fields=["hours_budget"])
        if ends:
            events.append(
                AssignmentEvent(
                    assignment=assignment,
                    kind=AssignmentEventKind.UNASSIGNED,
                    effective_on=PROGRAMME_END,
                    hours_budget=budget,
                    reason="2022 창업 멘토링 종료",
                    recorded_by=recorder,
                    recorded_at=_at(PROGRAMME_END, 17),
                )
            )
        sessions += _sessions(rng, assignment, budget, spare=mentor == demo_mentor, index=j)
    AssignmentEvent.objects.bulk_create(events)
    MentoringSession.objects.bulk_create(sessions)
    counts["sessions"] = len(sessions)
    return counts


def _sessions(
    rng: random.Random, assignment: MentorAssignment, budget: Decimal, *, spare: bool, index: int
) -> list[MentoringSession]:
    """Sessions about every three to five weeks through 2022, within the budget; a few over it
    wait for approval or were rejected."""
    firm, mentor = assignment.company, assignment.mentor
    topics = TOPICS[firm.industry] + COMMON_TOPICS
    target = (
        budget - DEMO_MENTOR_SPARE_HOURS if spare else budget * Decimal(rng.randrange(55, 96)) / 100
    )
    used, day, rows = Decimal("0"), assignment.started_on + timedelta(days=rng.randrange(3, 15)), []

    def row(duration, status=SessionStatus.APPROVED, **extra):
        return MentoringSession(
            assignment=assignment,
            held_on=day,
            duration_hours=duration,
            topic=topics[len(rows) % len(topics)],
            notes=NOTES[(index + len(rows)) % len(NOTES)],
            next_steps=NEXT_STEPS[(index + len(rows)) % len(NEXT_STEPS)],
            status=status,
            recorded_by=mentor,
            **extra,
        )

    while day < PROGRAMME_END:
        duration = Decimal(rng.choice(["1.0", "1.5", "2.0", "2.0", "3.0"]))
        if used + duration > target:
            break
        rows.append(row(duration))
        used += duration
        day += timedelta(days=rng.randrange(21, 36))
    if not spare and index % 9 == 3 and day < PROGRAMME_END:
        # One session more than the budget allows: it waits for staff (or was turned down).
        over = min(budget - used + Decimal("2.0"), Decimal("24.0"))
        if index % 2:
            rows.append(row(over, SessionStatus.PENDING))
        else:
            rows.append(
                row(
                    over,
                    SessionStatus.REJECTED,
                    decided_by=assignment.assigned_by,
                    decided_at=_at(day + timedelta(days=2), 11),
                    decision_reason="예산 초과: 다음 연도 멘토링으로 이월",
                )
            )
    return rows
