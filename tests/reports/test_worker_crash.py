"""A task worker killed in the middle of building a report file: after TASK_STALE_SECONDS the
file is failed with a reason, its page offers a retry, and the retry builds it."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reports.models import ExportStatus, ReportExport
from tests.pages import page

pytestmark = [
    pytest.mark.usefixtures("english_pages"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker is a separate process: it needs a database server, not SQLite in memory",
    ),
    # The worker commits for real and from another process.
    pytest.mark.django_db(transaction=True),
]


def start_blocking_worker():
    """`manage.py db_worker` in its own process, whose report rendering never returns."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reports.blocking_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--verbosity",
            "0",
        ],
        cwd=django_settings.BASE_DIR,
        env=env,
    )


def wait_for(condition, *, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_killed_worker_leaves_a_failed_file_whose_retry_builds_it(client, executive, settings):
    settings.TASK_STALE_SECONDS = 1
    client.force_login(executive)
    client.post(reverse("reports:export_create"), {"year": 2022, "format": "pdf"})
    export = ReportExport.objects.get()

    worker = start_blocking_worker()
    try:
        # Rendering: the builder claimed the file, computed the figures and beat at 40%.
        wait_for(lambda: ReportExport.objects.filter(pk=export.pk, progress=40).exists())
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=30) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    export.refresh_from_db()
    assert export.status == ExportStatus.RUNNING  # nothing else would ever change it
    assert DBTaskResult.objects.get().status == "RUNNING"

    time.sleep(1.5)  # past TASK_STALE_SECONDS without a heartbeat
    html = page(client.get(export.get_absolute_url()))

    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.error == (
        "The file was not built: the task worker showed no progress for 1 second and has "
        "probably stopped. The earlier files are unchanged; try again."
    )
    assert export.error in html
    assert "hx-trigger" not in html  # the page stops polling
    assert DBTaskResult.objects.get().status == "FAILED"
    # The retry the page offers: the same year and format, posted again.
    assert f'<input type="hidden" name="year" value="{export.year}">' in html
    assert f'<input type="hidden" name="format" value="{export.format}">' in html
    response = client.post(
        reverse("reports:export_create"), {"year": export.year, "format": export.format}
    )

    retry = ReportExport.objects.exclude(pk=export.pk).get()
    assert response["Location"] == retry.get_absolute_url()
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )
    retry.refresh_from_db()
    assert (retry.status, retry.progress) == (ExportStatus.DONE, 100)
    download = client.get(reverse("reports:export_download", args=[retry.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert ReportExport.objects.get(pk=export.pk).status == ExportStatus.FAILED
