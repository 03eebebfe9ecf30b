"""After the deadline burst: exactly one submitted report per load firm for the period, each
with exactly the evidence file that firm uploaded (its stored bytes hash as sent)."""

import hashlib
import re

from django.core.management.base import BaseCommand, CommandError

from demo.load.evidence import evidence_sha256
from demo.management.commands.load_prepare import load_firms
from outcomes.models import EvidenceFile, OutcomeReport, OutcomeStatus


class Command(BaseCommand):
    help = "Check the reports and evidence files the load burst wrote."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, required=True)
        parser.add_argument("--firms", type=int, default=100)

    def handle(self, *args, period: int, firms: int, **options):
        reports = OutcomeReport.objects.filter(period_id=period, company__in=load_firms())
        submitted = reports.filter(status=OutcomeStatus.SUBMITTED).count()
        files = list(
            EvidenceFile.objects.filter(report__in=reports).select_related("report__company")
        )
        problems = []
        if reports.count() != firms or submitted != firms:
            problems.append(f"{reports.count()} reports, {submitted} submitted; expected {firms}")
        if len(files) != firms:
            problems.append(f"{len(files)} evidence files; expected {firms}")
        for evidence in files:
            number = int(re.search(r"(\d+)$", evidence.report.company.name).group(1))
            with evidence.file.open("rb") as handle:
                stored = hashlib.sha256(handle.read()).hexdigest()
            if not stored == evidence.sha256 == evidence_sha256(number):
                problems.append(f"{evidence.report.company.name}: the stored file differs")
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write(
            f"OK: {firms} submitted reports and {len(files)} evidence files, hashes match"
        )
