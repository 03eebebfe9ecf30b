"""Daily: e-mail firms that have not submitted their outcome report (14, 7, 1 days before the
due date and the day after it), each reminder once."""

from django.core.management.base import BaseCommand

from outcomes.services import outcome_send_reminders


class Command(BaseCommand):
    help = "E-mail outcome-report reminders due today (Asia/Seoul); each is sent only once."

    def handle(self, *args, **options):
        sent = outcome_send_reminders()
        self.stdout.write(f"{sent} reminder e-mail(s) sent.")
