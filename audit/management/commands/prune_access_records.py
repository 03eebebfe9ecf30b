"""Delete access records past their retention: two years, three for role changes.

The database refuses to delete younger ones (PostgreSQL trigger), so this is the only way
records leave. Run it monthly; `--dry-run` counts without deleting.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from audit.models import RETENTION, ROLE_CHANGE_RETENTION, AccessAction, AccessRecord


class Command(BaseCommand):
    help = "Delete access records older than their retention (2 years; role changes 3 years)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        expired = AccessRecord.objects.filter(
            Q(at__lt=now - RETENTION) & ~Q(action=AccessAction.ROLE_CHANGE)
            | Q(at__lt=now - ROLE_CHANGE_RETENTION, action=AccessAction.ROLE_CHANGE)
        )
        count = expired.count()
        if not dry_run:
            expired.delete()
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{verb} {count} access records past their retention")
