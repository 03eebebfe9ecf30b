"""Demo patents, from the programme's public figures (PROGRAMME.md; the story is told in
demo/outcomes.py): 60 filings in 2020, 110 in 2021 and 22 of the 2020 filings registered in 2021,
plus abandoned applications, which do not count; later events are dated after AS_OF.
"""

import random
from datetime import date, timedelta

from demo.figures import ACCEPTED, AS_OF, day_in, split_total
from outcomes.models import OutcomeReport, Patent, PatentStatus

REGISTERED_2021 = 22  # of the 2020 filings
ABANDONED_2021 = 5
TOPICS = ["영상 분석", "배터리 진단", "주행 보조", "생체신호 판독", "전력 수요 예측"]


def seed_patents(rng: random.Random, article: dict, later: dict) -> int:
    """The article's filings and registrations, and later ones dated after AS_OF."""
    rows: list[Patent] = []

    def add(report: OutcomeReport, applied_on: date, status=PatentStatus.FILED, registered=None):
        serial = len(rows) + 1
        rows.append(
            Patent(
                company_id=report.company_id,
                report=report,
                application_number=f"10{applied_on.year}{serial:07d}",
                applied_on=applied_on,
                title=f"인공지능 기반 {rng.choice(TOPICS)} 장치 및 방법",
                status=PatentStatus.REGISTERED if registered else status,
                registration_number=f"10{2_000_000 + serial:07d}" if registered else "",
                registered_on=registered,
            )
        )

    registered_2020 = set(rng.sample(range(ACCEPTED[2020][3]), REGISTERED_2021))
    for year, reports in article.items():
        filings = split_total(rng, ACCEPTED[year][3], len(reports))
        for i, (report, count) in enumerate(zip(reports, filings, strict=True)):
            for _n in range(count):
                applied_on = day_in(rng, date(year, 1, 10), date(year, 11, 30))
                registered = None
                if year == 2020 and len(rows) in registered_2020:
                    registered = day_in(rng, date(2021, 3, 1), date(2021, 12, 20))
                elif year == 2021 and rng.random() < 0.3:
                    registered = day_in(rng, date(2022, 4, 1), date(2022, 12, 20))
                add(report, applied_on, registered=registered)
            if year == 2021 and i < ABANDONED_2021:
                add(
                    report,
                    day_in(rng, date(2021, 2, 1), date(2021, 6, 30)),
                    PatentStatus.ABANDONED,
                )
    for report in (report for reports in later.values() for report in reports):
        first_day = max(date(report.period.year, 1, 10), AS_OF + timedelta(days=7))
        for _n in range(rng.randint(0, 2)):
            add(report, day_in(rng, first_day, date(report.period.year, 11, 30)))
    Patent.objects.bulk_create(rows)
    return len(rows)
