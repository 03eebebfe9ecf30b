"""Write a consistent archive of the database and the stored files (see core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded and generated files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Archive to write (default crm-backup-<Seoul time>.tar.gz)."
        )

    def handle(self, *args, output, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = Path(output or f"crm-backup-{stamp}.tar.gz")
        summary = backup(path)
        self.stdout.write(f"wrote {path}: {summary.rows} rows, {summary.files} files")
        for name in summary.missing_files:
            self.stderr.write(f"warning: {name} is referenced but missing from storage")
