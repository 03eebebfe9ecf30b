"""Daily (from cron, e.g. at 07:00 Seoul): the notices that fall due on a day, then the digest."""

from django.core.management.base import BaseCommand

from companies.services import interaction_follow_ups_notify
from mous.services import mou_follow_ups_notify
from notices.services import delivery_requeue_lost, digest_send
from outcomes.services import outcome_send_reminders, reporting_periods_announce


class Command(BaseCommand):
    help = (
        "Make today's scheduled notices (outcome-report reminders, reporting periods opened, "
        "follow-ups due; each once), queue again e-mails whose task was lost, and send the "
        "daily digest e-mails. Dates are Asia/Seoul."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-digest", action="store_true", help="Make the notices but send no digest."
        )

    def handle(self, *args, no_digest=False, **options):
        reminded = outcome_send_reminders()
        opened = reporting_periods_announce()
        interactions = interaction_follow_ups_notify()
        mous = mou_follow_ups_notify()
        requeued = delivery_requeue_lost()
        digests = 0 if no_digest else digest_send()
        self.stdout.write(
            f"{reminded} compan(ies) reminded of their outcome report, {opened} period-opened "
            f"notice(s), {interactions + mous} follow-up notice(s), {requeued} e-mail(s) "
            f"queued again, {digests} digest e-mail(s) queued."
        )
