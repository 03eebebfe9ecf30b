"""Demo data for compute and equipment, from the programme's public figures (PROGRAMME.md).

Compute: 2021's 125 selected projects received 10.74 PF in total and trained 580 AI models,
28 of them commercial. That is more than the 8.85 PF leased, so the 2021 period's capacity is
11.06 PF: the 8.85 PF leased from a private cloud plus 2.21 PF of the first build phase run as
a pilot (2.5 % of the 88.5 PF full build-out). 2022 has the 8.85 PF lease; 2024 the full
build-out, 88.5 PF and 107 PB of storage.

Equipment: three centres opened in December 2021, one per focus industry; 63 equipment types
in service by 2021 and 14 added in 2022 (automotive 11, energy 1, healthcare 2): 77 by 2023.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import product
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from companies.models import Company, Industry
from compute.models import ComputeAllocation, ComputeCapacity, ComputeUsage, ComputeUsageImport
from compute.services import allocation_reclaim
from equipment.models import BookingStatus, DemoCentre, Equipment, EquipmentBooking
from users.models import Role, User

SEOUL = ZoneInfo("Asia/Seoul")

PROJECTS_2021 = 125
PF_2021 = Decimal("10.74")
MODELS_2021 = 580
COMMERCIAL_2021 = 28
PROJECTS_2022 = 12
PF_PER_PROJECT_2022 = Decimal("0.40")
# GPU-hours a project gets per PF allocated: about 3.2 A100-class GPUs per PF for half a year.
GPU_HOURS_PER_PF = 14_000

CAPACITIES = [
    (
        "2021",
        date(2021, 1, 1),
        date(2021, 12, 31),
        Decimal("11.06"),
        Decimal("310000"),
        None,
        "민간 클라우드 임차 8.85 PF + 1단계 구축분 시범 운영 2.21 PF",
    ),
    (
        "2022",
        date(2022, 1, 1),
        date(2022, 12, 31),
        Decimal("8.85"),
        Decimal("248000"),
        None,
        "민간 클라우드 임차 8.85 PF (전체 구축 용량의 10%)",
    ),
    (
        "2024 (전체 구축)",
        date(2024, 1, 1),
        date(2024, 12, 31),
        Decimal("88.50"),
        None,
        Decimal("107.00"),
        "AI 특화 데이터센터 전체 구축: 연산 88.5 PF, 저장 107 PB",
    ),
]

TOPICS = {
    Industry.AUTOMOTIVE: [
        "자율주행 객체 인식",
        "차선 인식",
        "전기차 배터리 상태 예측",
        "운전자 졸음 감지",
        "V2X 교통 흐름 예측",
        "차량 부품 불량 검출",
    ],
    Industry.ENERGY: [
        "태양광 발전량 예측",
        "전력 수요 예측",
        "ESS 이상 탐지",
        "스마트그리드 부하 분산",
        "연료전지 수명 예측",
        "풍력 발전기 고장 진단",
    ],
    Industry.HEALTHCARE: [
        "흉부 X선 판독 보조",
        "노인 낙상 감지",
        "만성질환 위험 예측",
        "피부 병변 분류",
        "수면 패턴 분석",
        "재활 동작 인식",
    ],
    Industry.OTHER_AI: [
        "한국어 대화형 챗봇",
        "문서 OCR",
        "제조 공정 불량 예측",
        "농작물 병해충 진단",
        "음성 인식",
        "상품 추천",
    ],
}
WORK = ["AI 모델 개발", "딥러닝 모델 고도화", "학습 데이터 구축 및 모델 학습", "경량화 모델 개발"]

AUTOMOTIVE_SUBJECTS = [
    "라이다",
    "레이더",
    "카메라 모듈",
    "V2X 통신 모듈",
    "배터리팩",
    "구동 모터",
    "전장 제어기",
]
AUTOMOTIVE_KINDS = [
    "성능 시험 장비",
    "환경 내구 시험기",
    "전자파 적합성 시험기",
    "HILS 검증 장비",
    "데이터 수집 장비",
]
# (centre name, host institution, industry, equipment in service 2021, added 2022, subjects, kinds)
CENTRES = [
    (
        "자동차 AI 실증센터",
        "광주그린카진흥원",
        Industry.AUTOMOTIVE,
        24,
        11,
        [
            "라이다",
            "레이더",
            "카메라 모듈",
            "V2X 통신 모듈",
            "배터리팩",
            "구동 모터",
            "전장 제어기",
        ],
        [
            "성능 시험 장비",
            "환경 내구 시험기",
            "전자파 적합성 시험기",
            "HILS 검증 장비",
            "데이터 수집 장비",
        ],
    ),
    (
        "에너지 AI 실증센터",
        "한국광기술원",
        Industry.ENERGY,
        21,
        1,
        ["태양광 모듈", "ESS 배터리", "전력변환장치", "스마트 계량기", "연료전지 스택", "LED 광원"],
        ["성능 평가 장비", "열화 가속 시험기", "효율 측정 장비", "실시간 모니터링 장비"],
    ),
    (
        "헬스케어 AI 실증센터",
        "빛고을노인건강타운",
        Industry.HEALTHCARE,
        18,
        2,
        ["생체신호 센서", "웨어러블 기기", "재활 보조기기", "낙상 감지 센서", "의료영상 장비"],
        ["성능 평가 장비", "사용성 평가 장비", "안전성 시험기", "임상 데이터 수집 장비"],
    ),
]
PURPOSES = [
    "시제품 성능 검증",
    "인증 시험 전 사전 점검",
    "학습 데이터 수집",
    "현장 실증 전 내구성 확인",
]


def partition(total: int, parts: int, rng: random.Random, minimum: int = 0) -> list[int]:
    """`total` split into `parts` random integers of at least `minimum` (largest remainders)."""
    weights = [0.2 + rng.random() for _ in range(parts)]
    spare = total - minimum * parts
    shares = [spare * weight / sum(weights) for weight in weights]
    result = [minimum + int(share) for share in shares]
    by_remainder = sorted(range(parts), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in by_remainder[: total - sum(result)]:
        result[i] += 1
    return result


@transaction.atomic
def seed_compute(*, rng: random.Random, companies: list[Company], users: dict) -> dict:
    """Capacity periods, 2021's 125 projects (10.74 PF, 580 models, 28 commercial) with usage,
    2022 projects with one off-purpose reclaim, the three centres with 77 equipment types and
    bookings. `users` maps a role to its demo users. Idempotent: existing rows are kept."""
    staff = users[Role.STAFF][0]
    pool = [company for company in companies if company.is_active] or list(companies)
    periods = {}
    for label, starts_on, ends_on, pf, hours, storage, note in CAPACITIES:
        periods[label], _created = ComputeCapacity.objects.get_or_create(
            label=label,
            defaults={
                "starts_on": starts_on,
                "ends_on": ends_on,
                "capacity_pf": pf,
                "gpu_hours_capacity": hours,
                "storage_pb": storage,
                "note": note,
            },
        )
    if not ComputeAllocation.objects.filter(project_code="2021-001").exists():
        _allocations(rng, pool, periods, staff)
    centres = _centres()
    if not EquipmentBooking.objects.exists():
        firm_users = users.get(Role.FIRM, [])
        _bookings(rng, centres, pool, firm_users, staff)
    return {
        "allocations": ComputeAllocation.objects.count(),
        "equipment": Equipment.objects.count(),
        "bookings": EquipmentBooking.objects.count(),
    }


def _title(company: Company, n: int) -> str:
    topics = TOPICS.get(company.industry, TOPICS[Industry.OTHER_AI])
    return f"{topics[n % len(topics)]} {WORK[(n // len(topics)) % len(WORK)]}"


def _allocations(rng: random.Random, pool, periods, staff: User) -> None:
    pf_cents = partition(int(PF_2021 * 100), PROJECTS_2021, rng, minimum=2)
    models = partition(MODELS_2021, PROJECTS_2021, rng, minimum=1)
    commercial = set(rng.sample([i for i, m in enumerate(models) if m >= 2], COMMERCIAL_2021))
    rows = []
    for n in range(PROJECTS_2021):
        company = pool[n % len(pool)]
        pf = Decimal(pf_cents[n]) / 100
        rows.append(
            ComputeAllocation(
                capacity=periods["2021"],
                company=company,
                project_code=f"2021-{n + 1:03d}",
                project_title=_title(company, n),
                pf_allocated=pf,
                gpu_hours_allocated=pf * GPU_HOURS_PER_PF,
                agreement_signed_on=date(2021, 3, 2) + timedelta(days=n % 90),
                # Held from the agreement to the period's end; the 2021 period's 11.06 PF
                # holds all of them at once.
                starts_on=date(2021, 3, 2) + timedelta(days=n % 90),
                ends_on=periods["2021"].ends_on,
                models_trained=models[n],
                commercial_models=1 if n in commercial else 0,
                recorded_by=staff,
            )
        )
    for n in range(PROJECTS_2022):
        company = pool[(PROJECTS_2021 + n) % len(pool)]
        rows.append(
            ComputeAllocation(
                capacity=periods["2022"],
                company=company,
                project_code=f"2022-{n + 1:03d}",
                project_title=_title(company, n + 3),
                pf_allocated=PF_PER_PROJECT_2022,
                gpu_hours_allocated=PF_PER_PROJECT_2022 * GPU_HOURS_PER_PF,
                agreement_signed_on=date(2022, 3, 2) + timedelta(days=n * 5),
                starts_on=date(2022, 3, 2) + timedelta(days=n * 5),
                ends_on=periods["2022"].ends_on,
                models_trained=1 + n % 4,
                recorded_by=staff,
            )
        )
    allocations = ComputeAllocation.objects.bulk_create(rows)
    _usage(rng, allocations, staff)
    off_purpose = next(a for a in allocations if a.project_code == "2022-007")
    reclaim = allocation_reclaim(
        allocation=off_purpose,
        reason="할당 연산자원을 과제와 무관한 암호화폐 채굴에 사용한 것이 확인되어 미사용분 회수",
        by=staff,
    )
    reclaim.reclaimed_at = datetime(2022, 10, 20, 14, tzinfo=SEOUL)
    reclaim.save(update_fields=["reclaimed_at"])


def _usage(rng: random.Random, allocations, staff: User) -> None:
    imported_at = {
        2021: datetime(2022, 1, 10, 9, tzinfo=SEOUL),
        2022: datetime(2022, 10, 10, 9, tzinfo=SEOUL),
    }
    batches = {
        year: ComputeUsageImport.objects.create(
            filename=f"데이터센터_사용량_{year}.csv",
            row_count=0,
            imported_by=staff,
            imported_at=at,
        )
        for year, at in imported_at.items()
    }
    rows = []
    for allocation in allocations:
        year = allocation.capacity.starts_on.year
        last_month = 12 if year == 2021 else 9
        months = list(range(allocation.agreement_signed_on.month + 1, last_month + 1))
        share = (
            Decimal("0.15")
            if allocation.project_code == "2022-007"
            else Decimal(str(round(rng.uniform(0.45, 0.98), 2)))
        )
        used = allocation.gpu_hours_allocated * share
        for month in months:
            rows.append(
                ComputeUsage(
                    allocation=allocation,
                    used_on=date(year, month, 15),
                    gpu_hours=(used / len(months)).quantize(Decimal("0.01")),
                    source=batches[year],
                )
            )
    ComputeUsage.objects.bulk_create(rows)
    for batch in batches.values():
        batch.row_count = sum(1 for row in rows if row.source is batch)
        batch.save(update_fields=["row_count"])


def _centres() -> list[DemoCentre]:
    centres = []
    for name, host, industry, by_2021, added_2022, subjects, kinds in CENTRES:
        centre, _created = DemoCentre.objects.get_or_create(
            industry=industry,
            defaults={"name": name, "host_institution": host, "opened_on": date(2021, 12, 15)},
        )
        names = [f"{subject} {kind}" for subject, kind in product(subjects, kinds)]
        for n, equipment_name in enumerate(names[: by_2021 + added_2022]):
            Equipment.objects.get_or_create(
                centre=centre,
                name=equipment_name,
                defaults={"in_service_year": 2021 if n < by_2021 else 2022},
            )
        centres.append(centre)
    return centres


def _bookings(rng: random.Random, centres, pool, firm_users, staff: User) -> None:
    equipment = {
        centre.industry: list(centre.equipment.filter(in_service_year__lte=2022).order_by("pk"))
        for centre in centres
    }
    by_industry = {
        industry: [c for c in pool if c.industry == industry] or pool for industry in equipment
    }
    rows = []
    # Past bookings in 2022, one per (equipment, day): no two overlap.
    for n in range(60):
        industry = list(equipment)[n % len(equipment)]
        item = equipment[industry][(n * 7) % len(equipment[industry])]
        company = by_industry[industry][n % len(by_industry[industry])]
        day = date(2022, 2, 7) + timedelta(days=3 * n)
        starts_at = datetime.combine(day, time(10), SEOUL)
        status = BookingStatus.APPROVED
        if n % 10 == 4:
            status = BookingStatus.REJECTED
        elif n % 10 == 8:
            status = BookingStatus.CANCELLED
        rows.append(
            EquipmentBooking(
                equipment=item,
                company=company,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=rng.choice([3, 5, 7])),
                purpose=PURPOSES[n % len(PURPOSES)],
                status=status,
                requested_by=staff,
                decided_by=staff if status != BookingStatus.CANCELLED else None,
                decided_at=starts_at - timedelta(days=5)
                if status != BookingStatus.CANCELLED
                else None,
                decision_reason="해당 일자 장비 정기 점검"
                if status == BookingStatus.REJECTED
                else "",
                cancelled_by=staff if status == BookingStatus.CANCELLED else None,
                cancelled_at=starts_at - timedelta(days=2)
                if status == BookingStatus.CANCELLED
                else None,
            )
        )
    # Coming bookings to decide, and the demo firm's own ones.
    today = timezone.localdate()
    requesters = [(user.company, user) for user in firm_users if user.company_id][:1]
    requesters += [(company, staff) for company in pool[1:6]]
    for n, (company, user) in enumerate(requesters):
        industry = company.industry if company.industry in equipment else Industry.AUTOMOTIVE
        item = equipment[industry][n]
        starts_at = datetime.combine(today + timedelta(days=7 + 2 * n), time(13), SEOUL)
        approved = n == 0
        rows.append(
            EquipmentBooking(
                equipment=item,
                company=company,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=4),
                purpose=PURPOSES[n % len(PURPOSES)],
                status=BookingStatus.APPROVED if approved else BookingStatus.REQUESTED,
                requested_by=user,
                decided_by=staff if approved else None,
                decided_at=timezone.now() if approved else None,
            )
        )
    EquipmentBooking.objects.bulk_create(rows)
