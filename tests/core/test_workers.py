"""Any number of task workers can share one queue: two workers, every job exactly once."""

import os
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.core.worker_tasks import note_run

JOBS = 60


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the workers are separate processes: they need a database server, not SQLite in memory",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_queue_run_each_job_once(tmp_path):
    log = tmp_path / "runs.txt"
    for n in range(JOBS):
        note_run.enqueue(f"job-{n}", str(log))
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-reload",
                "--interval",
                "0",
                "--worker-id",
                f"worker-{n}",
                "--verbosity",
                "0",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        for n in (1, 2)
    ]
    for worker in workers:
        assert worker.wait(timeout=120) == 0

    runs = [line.split() for line in log.read_text().splitlines()]
    assert Counter(key for key, _pid in runs) == Counter(f"job-{n}" for n in range(JOBS))
    assert len({pid for _key, pid in runs}) == 2  # both workers took jobs
    results = DBTaskResult.objects.all()
    assert {result.status for result in results} == {"SUCCESSFUL"}
    assert all(len(result.worker_ids) == 1 for result in results)
    assert {result.worker_ids[0] for result in results} == {"worker-1", "worker-2"}
