"""List the personal data past its retention (PIPA art. 21) and, with --confirm, destroy it.

Without --confirm nothing changes: the command prints, per kind, how many people (for notices
and their e-mail records, how many records) are past retention. With --confirm and
--approved-by (the privacy officer's e-mail address) each kind with anything past retention is
destroyed in its own transaction and entered in the destruction register, as the privacy
officer's screen does. Names are never printed.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from audit.kinds import RETAINED
from audit.selectors.retention import EXPIRED
from audit.services.retention import personal_data_destroy
from users.models import User
from users.permissions import is_privacy_officer


class Command(BaseCommand):
    help = "List personal data past its retention; with --confirm, destroy it and register it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            choices=sorted(str(name) for name in RETAINED),
            help="Only this kind of personal data.",
        )
        parser.add_argument(
            "--confirm", action="store_true", help="Destroy what is listed (default: list only)."
        )
        parser.add_argument(
            "--approved-by",
            metavar="EMAIL",
            help="The privacy officer's e-mail address; required with --confirm.",
        )
        parser.add_argument("--note", default="", help="A note for the destruction register.")

    def handle(self, *args, kind, confirm, approved_by, note, **options):
        officer = self._officer(approved_by) if confirm else None
        today = timezone.localdate()
        kinds = [kind] if kind else [str(name) for name in RETAINED]
        # Output in English like the other commands; the service writes the register in the
        # agency's language.
        with translation.override("en"):
            for name in kinds:
                definition = RETAINED[name]
                count = EXPIRED[name](today).count()
                self.stdout.write(f"{name}: {count} past retention ({definition.retention})")
                if not confirm or not count:
                    continue
                try:
                    record = personal_data_destroy(
                        kind=name, by=officer, expected=count, note=note, today=today
                    )
                except ValidationError as error:
                    raise CommandError(f"{name}: {' '.join(error.messages)}") from error
                if definition.counts_people:
                    self.stdout.write(
                        f"{name}: destroyed {record.people} "
                        f"(register entry {record.pk}, {record.files_deleted} files deleted)"
                    )
                else:
                    self.stdout.write(
                        f"{name}: destroyed {count} record(s) of {record.people} person(s) "
                        f"(register entry {record.pk})"
                    )

    def _officer(self, email: str | None) -> User:
        if not email:
            raise CommandError("--confirm needs --approved-by with the privacy officer's e-mail.")
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None or not is_privacy_officer(user):
            raise CommandError(f"{email} is not the privacy officer's account.")
        return user
