"""Demo programmes, calls, applications, evaluations, awards and disbursements.

Figures from PROGRAMME.md: 99 companies supported in 2022 (startup mentoring, prototype
production, investment fund, overseas expansion) and 292 specialist AI companies supported in
all, both "to date" on 2022-03-24: each year's calls open in January and February and are
awarded by mid-March, so 2022's 99 firms were all awarded by then (the second-half mentoring
call supports two of them again). Every application is consistent with the firm's growth stage
on the day it applied, and no firm applies or is awarded once it has closed.
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from companies.models import Company, GrowthStage, StageChange
from programs.models import (
    Application,
    AwardInstalment,
    AwardStatus,
    Call,
    Decision,
    Disbursement,
    Evaluation,
    Program,
    ProgramBudget,
    SupportAward,
    SupportType,
)
from users.models import Role

SEOUL = ZoneInfo("Asia/Seoul")
SUPPORTED_2022 = 99
SUPPORTED_TOTAL = 292
YEARS = range(2020, 2027)
# The demo's "today" (seed_demo builds stage histories up to it): later money is planned only.
DEMO_TODAY = date(2026, 6, 30)
CALL_DAYS = 24
REJECTED_SHARE = 0.3


@dataclass(frozen=True)
class ProgramSpec:
    key: str
    name: str
    support_type: str
    stages: tuple[str, ...]
    opens: tuple[int, int]  # month, day of the yearly call
    amount_millions: tuple[int, int, int]  # low, high, step
    description: str


PROGRAMMES = [
    ProgramSpec(
        "mentoring",
        "창업 멘토링",
        SupportType.MENTORING,
        (GrowthStage.PRE_STARTUP, GrowthStage.EARLY),
        (1, 10),
        (8, 20, 1),
        "예비창업·초기 기업 대상 전문가 1:1 창업 멘토링",
    ),
    ProgramSpec(
        "prototype",
        "시제품 제작 지원",
        SupportType.PROTOTYPE,
        (GrowthStage.EARLY, GrowthStage.GROWTH),
        (1, 17),
        (20, 50, 1),
        "AI 융합 제품의 시제품 설계·제작 비용 지원",
    ),
    ProgramSpec(
        "fund",
        "AI 투자 펀드",
        SupportType.INVESTMENT_FUND,
        (GrowthStage.GROWTH, GrowthStage.SCALE_UP),
        (1, 24),
        (100, 300, 10),
        "성장·도약 단계 AI 기업 대상 투자 연계",
    ),
    ProgramSpec(
        "overseas",
        "해외 진출 지원",
        SupportType.OVERSEAS,
        (GrowthStage.GROWTH, GrowthStage.SCALE_UP),
        (2, 7),
        (30, 60, 1),
        "해외 전시회 참가, 현지 실증, 수출 상담 지원",
    ),
]
# The second-half mentoring call of 2022 shows the duplicate-support check with its reasons.
SECOND_HALF_MENTORING = (2022, (8, 1))
DUPLICATE_REASON = "상반기 멘토링 후속: 시제품 연계를 위한 심화 멘토링 (사업단 협의 완료)"
REJECTION_REASONS = [
    "평가 점수 미달 (선정 기준 70점)",
    "사업계획의 구체성 부족",
    "예산 범위 내 후순위",
    "지원 목적과 사업 내용 부합도 낮음",
]
EVALUATION_COMMENTS = [
    "기술성 우수, 사업화 계획 보완 필요",
    "시장성 높음",
    "팀 역량 양호",
    "지역 연계 효과 기대",
    "",
]


@dataclass
class _Call:
    spec: ProgramSpec
    year: int
    opens_on: date
    title: str
    obj: Call | None = None
    selected: list[int] = field(default_factory=list)  # company indexes

    @property
    def closes_on(self) -> date:
        return self.opens_on + timedelta(days=CALL_DAYS)


def _calls() -> list[_Call]:
    calls = []
    for year in YEARS:
        for spec in PROGRAMMES:
            opens = date(year, *spec.opens)
            if opens + timedelta(days=CALL_DAYS + 21) > DEMO_TODAY:
                continue  # not awarded yet on the demo's today
            calls.append(_Call(spec, year, opens, f"{year}년 {spec.name} 참여기업 모집 공고"))
        if year == SECOND_HALF_MENTORING[0]:
            spec = PROGRAMMES[0]
            opens = date(year, *SECOND_HALF_MENTORING[1])
            title = f"{year}년 하반기 {spec.name} 참여기업 모집 공고"
            calls.append(_Call(spec, year, opens, title))
    return calls


def _stage_lookup(companies: list[Company]):
    """stage_on(index, day): a company's stage on `day`, as the application service reads it."""
    history = defaultdict(list)
    rows = (
        StageChange.objects.filter(company__in=companies)
        .order_by("company_id", "effective_on", "pk")
        .values_list("company_id", "effective_on", "stage")
    )
    for company_id, effective_on, stage in rows:
        history[company_id].append((effective_on, stage))

    def stage_on(index: int, day: date) -> str:
        company = companies[index]
        changes = history.get(company.pk)
        if not changes:
            return company.stage
        stage = ""
        for effective_on, value in changes:
            if effective_on > day:
                break
            stage = value
        return stage

    return stage_on


def _applied_on(call: _Call, index: int, call_index: int) -> date:
    return call.opens_on + timedelta(days=(index * 7 + call_index * 3) % 15)


def awarded_on_of(call: _Call) -> date:
    """The day a call's selected firms are awarded: two weeks after it closes."""
    return call.closes_on + timedelta(days=14)


def _amount(rng: random.Random, spec: ProgramSpec) -> int:
    low, high, step = spec.amount_millions
    return rng.randrange(low, high + 1, step) * 1_000_000


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), SEOUL)


@transaction.atomic
def seed_programs(*, rng: random.Random, companies: list[Company], users: dict) -> dict:
    """Create the demo programmes with yearly budgets, calls, scored applications (some not
    selected) and awards with schedules and disbursements: 99 firms supported in 2022 and
    292 in all. Does nothing when awards exist already."""
    if SupportAward.objects.exists():
        return {}
    staff = users[Role.STAFF]
    programs = {
        spec.key: Program.objects.get_or_create(
            name=spec.name,
            defaults={"support_type": spec.support_type, "description": spec.description},
        )[0]
        for spec in PROGRAMMES
    }
    calls = _calls()
    for call in calls:
        call.obj = Call(
            program=programs[call.spec.key],
            title=call.title,
            opens_on=call.opens_on,
            closes_on=call.closes_on,
            eligible_stages=list(call.spec.stages),
            description=call.spec.description,
        )
    Call.objects.bulk_create(call.obj for call in calls)
    stage_on = _stage_lookup(companies)

    def eligible(index: int, call_index: int) -> bool:
        call = calls[call_index]
        closed_on = companies[index].deactivated_on
        if closed_on is not None and awarded_on_of(call) >= closed_on:
            return False  # a closed firm (휴·폐업) is excluded at the eligibility review
        return stage_on(index, _applied_on(call, index, call_index)) in call.spec.stages

    everyone = range(len(companies))
    options = {index: [n for n in range(len(calls)) if eligible(index, n)] for index in everyone}

    def assign(index: int, allowed) -> None:
        """Select `index` in the least-used call among `allowed` it is eligible for."""
        choices = [n for n in options[index] if n in allowed]
        best = min(choices, key=lambda n: (len(calls[n].selected), n))
        calls[best].selected.append(index)

    in_2022 = {n for n, call in enumerate(calls) if call.year == 2022}
    second_half = next(
        n for n, call in enumerate(calls) if call.year == 2022 and call.opens_on.month >= 7
    )
    first_half = in_2022 - {second_half}
    # 2022: the firm user's company (index 0) first, then a sample of the other eligible ones.
    candidates = [i for i in everyone if set(options[i]) & first_half]
    chosen_2022 = [0] if 0 in candidates else []
    others = [i for i in candidates if i not in chosen_2022]
    chosen_2022 += rng.sample(others, min(SUPPORTED_2022 - len(chosen_2022), len(others)))
    for index in chosen_2022:
        assign(index, first_half)
    # 2020-2021: firms not supported in 2022, up to 292 firms in all by early 2022.
    other_years = {n for n, call in enumerate(calls) if call.year < 2022}
    rest = [i for i in everyone if i not in set(chosen_2022) and set(options[i]) & other_years]
    wanted = SUPPORTED_TOTAL - len(chosen_2022)
    for index in sorted(rng.sample(rest, min(wanted, len(rest)))):
        assign(index, other_years)
    # 2023 on: firms supported before come back for the next stage's support.
    later = {n for n, call in enumerate(calls) if call.year > 2022}
    supported = sorted({i for call in calls for i in call.selected})
    returning = [i for i in supported if set(options[i]) & later]
    for index in sorted(rng.sample(returning, min(120, len(returning)))):
        assign(index, later)
    # Some 2022 firms had support in 2021 too.
    in_2021 = {n for n, call in enumerate(calls) if call.year == 2021}
    repeat = [i for i in chosen_2022 if set(options[i]) & in_2021]
    for index in sorted(rng.sample(repeat, min(15, len(repeat)))):
        assign(index, in_2021)
    # Two firms get mentoring twice in 2022 (the duplicate-support check, with a reason).
    mentored = [
        i
        for n in first_half
        if calls[n].spec.key == "mentoring"
        for i in calls[n].selected
        if second_half in options[i]
    ]
    duplicated = set(rng.sample(sorted(mentored), min(2, len(mentored))))
    for index in sorted(duplicated):
        calls[second_half].selected.append(index)

    applications, evaluations, awards, plans = [], [], [], []
    for call_index, call in enumerate(calls):
        selected = set(call.selected)
        pool = [i for i in everyone if call_index in options[i] and i not in selected]
        count = min(len(pool), max(1, round(len(selected) * REJECTED_SHARE)))
        rejected = set(rng.sample(pool, count))
        decided_at = _at(call.closes_on + timedelta(days=10), 14)
        for index in sorted(selected | rejected):
            is_selected = index in selected
            applied_on = _applied_on(call, index, call_index)
            duplicate = call_index == second_half and index in duplicated
            application = Application(
                call=call.obj,
                company=companies[index],
                applied_on=applied_on,
                stage=stage_on(index, applied_on),
                duplicate_reason=DUPLICATE_REASON if duplicate else "",
                registered_by=staff[index % len(staff)],
                decision=Decision.SELECTED if is_selected else Decision.NOT_SELECTED,
                decision_reason="" if is_selected else rng.choice(REJECTION_REASONS),
                decided_by=staff[0],
                decided_at=decided_at,
            )
            applications.append(application)
            for evaluator in staff[:3]:
                low, high = (72, 96) if is_selected else (45, 69)
                evaluations.append(
                    Evaluation(
                        application=application,
                        evaluator=evaluator,
                        score=rng.randint(low, high),
                        comment=rng.choice(EVALUATION_COMMENTS),
                    )
                )
            if not is_selected:
                continue
            awarded_on = awarded_on_of(call)
            starts_on = awarded_on + timedelta(days=7)
            ends_on = date(call.year, 12, 31)
            award = SupportAward(
                program=call.obj.program,
                company=companies[index],
                application=application,
                awarded_on=awarded_on,
                amount_krw=_amount(rng, call.spec),
                starts_on=starts_on,
                ends_on=ends_on,
                status=AwardStatus.COMPLETED if ends_on < DEMO_TODAY else AwardStatus.ACTIVE,
                duplicate_reason=DUPLICATE_REASON if duplicate else "",
                recorded_by=staff[index % len(staff)],
            )
            awards.append(award)
            advance = award.amount_krw * 6 // 10 // 10_000 * 10_000
            balance_on = ends_on - timedelta(days=30)
            plans.append((award, [(starts_on, advance), (balance_on, award.amount_krw - advance)]))

    Application.objects.bulk_create(applications)
    Evaluation.objects.bulk_create(evaluations)
    for call in calls:  # scored a few days before the decision, not on the day of seeding
        Evaluation.objects.filter(application__call=call.obj).update(
            created_at=_at(call.closes_on + timedelta(days=5), 11)
        )
    instalments, disbursements = [], []
    for award, schedule in plans:
        for n, (due_on, amount) in enumerate(schedule):
            instalments.append(
                AwardInstalment(
                    award=award, due_on=due_on, amount_krw=amount, recorded_by=award.recorded_by
                )
            )
            if due_on <= DEMO_TODAY:
                award.disbursed_krw += amount
                disbursements.append(
                    Disbursement(
                        award=award,
                        paid_on=due_on,
                        amount_krw=amount,
                        note="선급금" if n == 0 else "잔금",
                        recorded_by=award.recorded_by,
                        recorded_at=_at(due_on, 15),
                    )
                )
    SupportAward.objects.bulk_create(awards)
    AwardInstalment.objects.bulk_create(instalments)
    Disbursement.objects.bulk_create(disbursements)

    totals = defaultdict(int)
    for award in awards:
        totals[(award.program_id, award.awarded_on.year)] += award.amount_krw
    ProgramBudget.objects.bulk_create(
        ProgramBudget(
            program=program,
            year=year,
            amount_krw=max(1, math.ceil(totals[(program.pk, year)] * 1.15 / 10**8)) * 10**8,
        )
        for program in programs.values()
        for year in YEARS
        if totals[(program.pk, year)]
    )
    return {
        "programs": len(programs),
        "calls": len(calls),
        "applications": len(applications),
        "awards": len(awards),
        "supported_2022": len({a.company_id for a in awards if a.awarded_on.year == 2022}),
        "supported_total": len({a.company_id for a in awards}),
    }
