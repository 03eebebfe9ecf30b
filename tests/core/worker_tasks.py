"""A task for the worker tests: it notes each run in a file, so a job run twice shows."""

import os
import time

from django.tasks import task


@task()
def note_run(key: str, path: str) -> int:
    with open(path, "a", encoding="utf-8") as log:
        log.write(f"{key} {os.getpid()}\n")
    time.sleep(0.05)  # long enough for the other worker to look for work meanwhile
    return os.getpid()
