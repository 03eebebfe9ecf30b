"""Delete access records past their retention: two years, three for role changes.

The database refuses to delete younger ones (PostgreSQL trigger), so this is the only way
records leave. Run it monthly; `--dry-run` counts without deleting.

Each chain loses only its oldest records, up to its first record still within retention: a
record's time is taken just before it joins the chain, so two records written at the same
moment may be a few milliseconds out of time order, and deleting by time alone could take one
from the chain's middle and break it.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from audit.models import (
    ACCESS_CHAIN,
    RETENTION,
    ROLE_CHANGE_CHAIN,
    ROLE_CHANGE_RETENTION,
    AccessRecord,
)


def expired_records(chain: int, cutoff):
    """The records of `chain` older than `cutoff` that come before its first one kept."""
    records = AccessRecord.objects.filter(chain=chain)
    expired = records.filter(at__lt=cutoff)
    first_kept = records.filter(at__gte=cutoff).order_by("pk").values_list("pk", flat=True).first()
    return expired if first_kept is None else expired.filter(pk__lt=first_kept)


class Command(BaseCommand):
    help = "Delete access records older than their retention (2 years; role changes 3 years)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        count = 0
        for chain, retention in (
            (ACCESS_CHAIN, RETENTION),
            (ROLE_CHANGE_CHAIN, ROLE_CHANGE_RETENTION),
        ):
            expired = expired_records(chain, now - retention)
            count += expired.count()
            if not dry_run:
                expired.delete()
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{verb} {count} access records past their retention")
