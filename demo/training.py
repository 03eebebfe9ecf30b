"""Demo training, from the programme's public figures (PROGRAMME.md): 1,254 people trained by
2021 (2020: 454, 2021: 800); the 1,490 of 2022 (400 in the AI convergence undergraduate track,
1,090 in professional courses) are the plan, the indicator's 2022 target, not trainees; courses
resume with trainees in 2023.
"""

import random
from decimal import Decimal

from companies.models import Company
from reports.models import KpiTarget
from reports.services import kpi_targets_save
from training.models import Trainee, TrainingCourse, TrainingTrack

PLANNED_TRAINEES_2022 = 1490

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
    (2023, TrainingTrack.AI_UNDERGRADUATE, "AI 융합 학부 트랙", 300, 380),
    (2023, TrainingTrack.PROFESSIONAL, "AI 전문인력 양성 과정", 120, 400),
    (2023, TrainingTrack.PROFESSIONAL, "자동차 AI 융합 실무", 60, 240),
    (2023, TrainingTrack.PROFESSIONAL, "헬스케어 AI 실무", 60, 220),
]

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현우준도윤하은수영재호성연주아진혜경태"


def seed_training(*, rng: random.Random, supported: list[Company], staff) -> int:
    """The courses of 2020-2021 and 2023 with their trainees, and 2022's plan as the target
    of "people trained" (1,490)."""
    if not KpiTarget.objects.filter(indicator__code="people_trained", year=2022).exists():
        kpi_targets_save(
            year=2022,
            values={"people_trained": (Decimal(PLANNED_TRAINEES_2022), None)},
            by=staff,
        )
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
