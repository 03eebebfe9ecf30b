"""Core personnel trained (핵심 인력 교육·양성)."""

from datetime import date

from django.db.models import Count

from reports.indicators.registry import Scope, indicator
from reports.models import CumulativeRule, KpiUnit
from reports.selectors.sources import trainees


def _trained(start: date, end: date) -> dict:
    return trainees(start, end).aggregate(
        courses=Count("course", distinct=True), people=Count("pk")
    )


@indicator("people_trained", unit=KpiUnit.PEOPLE, cumulative=CumulativeRule.SUM)
def people_trained(scope: Scope) -> int | None:
    """The trainees of the courses that ended in the range, a course without an end date on
    31 December of its year (Trainee.objects.trained_between); no data while no course ended."""
    trained = scope.once(_trained)
    return trained["people"] if trained["courses"] else None
