"""The programme's published figures that the outcome demo reproduces (PROGRAMME.md; the story
is told in demo/outcomes.py), shared by the reports and the patents, and how a figure is split
among firms and dated."""

import random
from datetime import date, timedelta

AS_OF = date(2022, 3, 24)
# year: (firms with an accepted report, net new jobs, gross hires, patent filings)
ACCEPTED = {2020: (60, 186, 220, 60), 2021: (82, 250, 300, 110)}


def split_total(rng: random.Random, total: int, parts: int, minimum: int = 0) -> list[int]:
    """`total` split into `parts` integers of at least `minimum`, summing exactly."""
    weights = [rng.random() + 0.2 for _ in range(parts)]
    spare = total - minimum * parts
    scale = sum(weights)
    amounts = [minimum + int(spare * w / scale) for w in weights]
    for i in range(total - sum(amounts)):
        amounts[i % parts] += 1
    return amounts


def day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))
