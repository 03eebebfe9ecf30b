"""Daily: remind firms that have not submitted their outcome report (14, 7, 1 days before the
due date and the day after it), each reminder once, as a notice to each firm user and by e-mail
as each chose (`send_daily_notices` runs this too)."""

from django.core.management.base import BaseCommand

from outcomes.services import outcome_send_reminders


class Command(BaseCommand):
    help = "Send outcome-report reminders due today (Asia/Seoul); each is sent only once."

    def handle(self, *args, **options):
        sent = outcome_send_reminders()
        self.stdout.write(f"{sent} compan(ies) reminded.")
