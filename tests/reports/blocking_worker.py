"""`python -m tests.reports.blocking_worker [db_worker options]`: `manage.py db_worker`, except
that rendering a report file blocks until the process is killed, so a test can kill the worker
in the middle of a build (tests/reports/test_worker_crash.py)."""

import os
import sys
import time

import django


def block(report, fmt, edition=None, **options):
    while True:
        time.sleep(1)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    from reports import services

    services.render_report = block
    call_command("db_worker", *sys.argv[1:])


if __name__ == "__main__":
    main()
