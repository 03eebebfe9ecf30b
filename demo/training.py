"""Demo training, from the programme's public figures (PROGRAMME.md): 1,254 people trained by
2021 (2020: 454, 2021: 800); the 1,490 of 2022 (400 in the AI convergence undergraduate track,
1,090 in professional courses) are the plan, the indicator's 2022 target, not trainees; courses
resume with trainees in 2023.
"""

import random
from datetime import date
from decimal import Decimal

from companies.models import Company
from reports.models import KpiTarget
from reports.services import kpi_targets_save
from training.models import Trainee, TrainingCourse, TrainingTrack

PLANNED_TRAINEES_2022 = 1490

# (year, track, name, hours, trainees, (first day, last day) as (month, day)): every course
# runs within its year and is counted as training on its last day; none of 2022.
COURSES = [
    (2020, TrainingTrack.PROFESSIONAL, "AI 기초 전문인력 과정", 80, 200, ((7, 6), (8, 28))),
    (2020, TrainingTrack.PROFESSIONAL, "자동차 AI 융합 실무", 60, 134, ((9, 7), (10, 16))),
    (2020, TrainingTrack.OTHER, "헬스케어 데이터 분석 입문", 40, 120, ((10, 19), (11, 13))),
    (2021, TrainingTrack.PROFESSIONAL, "AI 전문인력 심화 과정", 120, 250, ((4, 5), (7, 9))),
    (2021, TrainingTrack.PROFESSIONAL, "에너지 AI 융합 실무", 60, 150, ((5, 10), (6, 18))),
    (2021, TrainingTrack.PROFESSIONAL, "헬스케어 AI 실무", 60, 150, ((8, 2), (9, 10))),
    (2021, TrainingTrack.OTHER, "AI 데이터센터 활용 교육", 24, 150, ((10, 12), (10, 14))),
    (2021, TrainingTrack.OTHER, "재직자 AI 리터러시", 16, 100, ((11, 15), (11, 26))),
    (2023, TrainingTrack.AI_UNDERGRADUATE, "AI 융합 학부 트랙", 300, 380, ((3, 2), (12, 15))),
    (2023, TrainingTrack.PROFESSIONAL, "AI 전문인력 양성 과정", 120, 400, ((4, 3), (7, 7))),
    (2023, TrainingTrack.PROFESSIONAL, "자동차 AI 융합 실무", 60, 240, ((6, 5), (7, 14))),
    (2023, TrainingTrack.PROFESSIONAL, "헬스케어 AI 실무", 60, 220, ((9, 4), (10, 13))),
]

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현우준도윤하은수영재호성연주아진혜경태"


def seed_training(*, rng: random.Random, supported: list[Company], staff) -> int:
    """The courses of 2020-2021 and 2023, dated within their years, with their trainees, and
    2022's plan as the target of "people trained" (1,490)."""
    if not KpiTarget.objects.filter(indicator__code="people_trained", year=2022).exists():
        kpi_targets_save(
            year=2022,
            values={"people_trained": (Decimal(PLANNED_TRAINEES_2022), None)},
            by=staff,
        )
    if TrainingCourse.objects.exists():
        return 0
    rows = []
    for year, track, name, hours, count, (first, last) in COURSES:
        course = TrainingCourse.objects.create(
            name=name,
            track=track,
            year=year,
            hours=hours,
            starts_on=date(year, *first),
            ends_on=date(year, *last),
            created_by=staff,
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
