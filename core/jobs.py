"""Work the task worker does for a page (report files, snapshots, large imports): the heartbeat
its builder records, and the sweep that fails the rows whose worker died.

A job row (a `core.models.BackgroundJob`) carries `status`, `error`, `task_id` and
`heartbeat_at`. Its builder records each step with `job_beat`, which also moves `heartbeat_at`
on; a row in one of its model's ACTIVE_STATUSES whose heartbeat is older than
TASK_STALE_SECONDS lost its worker (killed, out of memory, the server restarted) or never had
one, and `job_fail_stale` marks it failed with a reason. The pages and lists of job rows sweep
when they are viewed; `manage.py fail_stale_tasks` sweeps every job model, from cron.
"""

import logging
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from core.models import BackgroundJob

logger = logging.getLogger(__name__)


class JobAbandoned(Exception):
    """The row no longer waits for this builder: the sweep failed it meanwhile, or a retry
    handed it to another one. The builder stops and leaves the row as it is."""


def job_beat(rows: QuerySet, **values) -> None:
    """Record a builder's step (`values`, e.g. progress) on the one row `rows` selects, with a
    fresh heartbeat; JobAbandoned when `rows` (filtered on what the builder expects, such as
    its status) selects none any more."""
    now = timezone.now()
    if not rows.update(heartbeat_at=now, updated_at=now, **values):
        raise JobAbandoned


def stale_duration() -> str:
    """TASK_STALE_SECONDS as people say it: "10 minutes", or "90 seconds"."""
    seconds = settings.TASK_STALE_SECONDS
    if seconds and seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}


def _stale(model: type[BackgroundJob], now: datetime) -> Q:
    cutoff = now - timedelta(seconds=settings.TASK_STALE_SECONDS)
    # Rows queued before heartbeats existed have none: when they last changed stands in.
    return Q(status__in=model.ACTIVE_STATUSES) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, updated_at__lt=cutoff)
    )


def job_fail_stale(model: type[BackgroundJob]) -> int:
    """Mark `model`'s rows whose builder showed no progress for TASK_STALE_SECONDS failed, with
    the model's reason, and their tasks too; returns how many."""
    now = timezone.now()
    rows = model._default_manager.filter(_stale(model, now))
    # A plain read first: a page that finds nothing stale writes nothing.
    if not rows.exists():
        return 0
    reason = model.stale_error(stale_duration())
    with transaction.atomic():
        # Rows a live builder holds locked (an import writing its rows) are skipped: their
        # transaction either commits the work or dies and releases them for the next sweep.
        stale = list(rows.select_for_update(skip_locked=True).values_list("pk", "task_id"))
        failed = model._default_manager.filter(pk__in=[pk for pk, _task in stale]).update(
            status=model.FAILED_STATUS,
            error=reason,
            updated_at=now,
            **model.stale_values(now),
        )
        _fail_task_results([task for _pk, task in stale if task], reason, now)
    if failed:
        logger.warning("Marked %d stale %s failed", failed, model._meta.verbose_name_plural)
    return failed


def jobs_fail_stale() -> dict[str, int]:
    """Sweep every job model (`job_fail_stale`); how many rows each had failed, by label."""
    return {
        model._meta.label: job_fail_stale(model)
        for model in apps.get_models()
        if issubclass(model, BackgroundJob)
    }


def _fail_task_results(task_ids: list[str], reason: str, now: datetime) -> None:
    """The queue's own records of those tasks: failed too, so none stays "running" forever and
    none still waiting is started for a row that gave up on it."""
    if not task_ids or not isinstance(task_backends["default"], DatabaseBackend):
        return
    # django-tasks-db has no call to fail a task whose worker is gone; this is what its
    # worker writes when a task raises.
    DBTaskResult.objects.filter(
        id__in=task_ids, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{__name__}.{JobAbandoned.__qualname__}",
        traceback=reason,
    )
