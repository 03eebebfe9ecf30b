"""The dashboard's figures, cached until the records they are computed from change.

Computing a year's KPI report takes some twenty aggregate queries over the whole programme;
the dashboard reads it from the cache instead. Any save or delete of a model the figures read
moves a version number on, so the next dashboard computes afresh; writes that bypass save()
(bulk imports) call invalidate() themselves, and KPI_CACHE_SECONDS bounds what is missed.
Files and snapshots never use the cache: they always compute from the records.
"""

from datetime import date

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from reports.selectors.figures import kpi_report

VERSION_KEY = "reports:kpi-version"

# The models the figures are computed from, and the indicators and targets shown with them.
SOURCES = [
    "reports.KpiIndicator",
    "reports.KpiTarget",
    "companies.Company",
    "companies.StageChange",
    "mous.Mou",
    "mous.Relocation",
    "outcomes.OutcomeReport",
    "outcomes.Patent",
    "programs.Program",
    "programs.SupportAward",
    "compute.ComputeCapacity",
    "compute.ComputeAllocation",
    "training.TrainingCourse",
    "training.Trainee",
]


def invalidate(**kwargs) -> None:
    """The figures may have changed: the next dashboard computes them again."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def connect() -> None:
    for label in SOURCES:
        model = apps.get_model(label)
        uid = f"kpi-cache-{label}"
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}-delete")


def cached_kpi_report(*, year: int, as_of: date | None = None, today: date | None = None):
    """The KPI report of `year` (or as of a date) as the dashboard shows it, from the cache
    when still valid."""
    today = today or timezone.localdate()
    version = cache.get_or_set(VERSION_KEY, 1, None)
    cut = as_of.isoformat() if as_of else "year"
    key = f"reports:kpi:{version}:{year}:{cut}:{today.isoformat()}"
    report = cache.get(key)
    if report is None:
        report = kpi_report(year=year, as_of=as_of, today=today)
        cache.set(key, report, settings.KPI_CACHE_SECONDS)
    return report
