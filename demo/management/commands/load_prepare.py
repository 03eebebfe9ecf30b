"""Accounts and an open reporting period for the load scenarios (load/locustfile.py).

50 staff users and 100 firms, each with its own firm user, all with the load password; the
period of this year is opened (from ten days ago, due in thirty) and the load firms' earlier
reports for it and the load users' sessions are removed, so every run starts from the same
state. Prints `period=<id>`.
"""

from datetime import timedelta

from allauth.usersessions.models import UserSession
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from companies.models import Company
from core.validators import business_number_of
from outcomes.models import EvidenceFile, OutcomeReport, OutcomeReportEvent, ReportingPeriod
from users.models import Role, User

PASSWORD = "gwangju-ai-load-2026"
LOAD_TYPE = "89"  # the business-type digits of load firms' registration numbers


def load_business_number(n: int) -> str:
    return business_number_of(301 + n // 9000, LOAD_TYPE, 1000 + n % 9000)


def load_firms():
    return Company.objects.filter(business_number__regex=rf"^\d{{3}}{LOAD_TYPE}")


class Command(BaseCommand):
    help = "Create the load scenarios' users and open this year's reporting period."

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=50)
        parser.add_argument("--firms", type=int, default=100)

    @transaction.atomic
    def handle(self, *args, staff: int, firms: int, **options):
        password = make_password(PASSWORD)
        for n in range(staff):
            User.objects.update_or_create(
                email=f"load-staff{n}@load.test",
                defaults={"name": f"부하담당{n}", "role": Role.STAFF, "password": password},
            )
        for n in range(firms):
            company, _created = Company.objects.get_or_create(
                business_number=load_business_number(n),
                defaults={"name": f"부하시험기업 {n:03d}", "is_in_gwangju": True},
            )
            User.objects.update_or_create(
                email=f"load-firm{n}@load.test",
                defaults={
                    "name": f"부하기업담당{n}",
                    "role": Role.FIRM,
                    "company": company,
                    "password": password,
                },
            )
        # Sessions of earlier runs were signed with their own throwaway secret key.
        old = UserSession.objects.filter(user__email__endswith="@load.test")
        Session.objects.filter(session_key__in=old.values("session_key")).delete()
        old.delete()
        today = timezone.localdate()
        period, _created = ReportingPeriod.objects.update_or_create(
            year=today.year,
            quarter=None,
            defaults={"opens_on": today - timedelta(days=10), "due_on": today + timedelta(days=30)},
        )
        reports = OutcomeReport.objects.filter(period=period, company__in=load_firms())
        for evidence in EvidenceFile.objects.filter(report__in=reports):
            evidence.file.delete(save=False)
        EvidenceFile.objects.filter(report__in=reports).delete()
        OutcomeReportEvent.objects.filter(report__in=reports).delete()
        reports.delete()
        self.stdout.write(f"{staff} staff users, {firms} firms; password {PASSWORD}")
        self.stdout.write(f"period={period.pk}")
