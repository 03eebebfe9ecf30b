"""Mark background work whose worker stopped showing progress as failed (see core/jobs.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.imports import import_files_expire
from core.jobs import jobs_fail_stale


class Command(BaseCommand):
    help = (
        "Mark report files, snapshots and imports whose task worker showed no progress for "
        "TASK_STALE_SECONDS as failed, so they can be tried again, and delete the files of "
        "large imports left unconfirmed for a day. Run it from cron, e.g. every five minutes; "
        "the pages of that work check too when they are viewed."
    )

    def handle(self, *args, **options):
        failed = jobs_fail_stale()
        for label, count in failed.items():
            if count:
                self.stdout.write(f"{label}: {count} failed")
        expired = import_files_expire()
        if expired:
            self.stdout.write(f"{expired} import files left waiting for a day deleted")
        total = sum(failed.values())
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{total} stale of {len(failed)} kinds of work "
                f"(no progress for {settings.TASK_STALE_SECONDS} s)"
            )
