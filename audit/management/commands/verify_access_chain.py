"""Recompute the access records' hash chain; exit 1 if a record was changed or removed."""

from django.core.management.base import BaseCommand, CommandError

from audit.services import access_chain_verify


class Command(BaseCommand):
    help = "Check that no access record was changed, inserted or removed (hash chain)."

    def handle(self, *args, **options):
        check = access_chain_verify()
        if not check.ok:
            raise CommandError(f"chain broken at record {check.broken_at}: {check.reason}")
        self.stdout.write(f"chain intact: {check.checked} records")
