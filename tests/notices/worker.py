"""The task worker in a test's own transaction: run the queued tasks that are due, in this
process, the way `manage.py db_worker` runs them (claim, call, record the result), so a test
sees the e-mails they send in `mailoutbox` without committing anything.

Tests that run the real worker commit for real (tests/reports/test_files.py); these run many
events each, so they keep pytest-django's rolled-back transaction instead.
"""

from django.test import TestCase
from django_tasks_db.models import DBTaskResult


def run_queued_tasks() -> int:
    """Run every task that is due now (including those queued while running); returns how many
    ran. A task's own on-commit callbacks (a retry it queues) run when it returns."""
    ran = 0
    while result := DBTaskResult.objects.ready().order_by("run_after", "enqueued_at").first():
        result.claim("test-worker")
        task_result = result.task_result
        with TestCase.captureOnCommitCallbacks(execute=True):
            try:
                value = result.task.call(*task_result.args, **task_result.kwargs)
            except Exception as error:  # recorded like the worker does
                result.set_failed(error)
            else:
                result.set_successful(value)
        ran += 1
    return ran
