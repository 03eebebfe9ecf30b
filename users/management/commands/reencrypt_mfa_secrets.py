"""Re-encrypt every two-factor secret under the current SECRET_KEY.

Run it after moving the old key to DJANGO_SECRET_KEY_FALLBACKS; when it has run, the old key is
no longer needed for two-factor secrets (sessions and links signed with it still are, until
they expire).
"""

from allauth.mfa.models import Authenticator
from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from users.mfa import reencrypt_authenticators


class Command(BaseCommand):
    help = "Re-encrypt the stored two-factor secrets under the current secret key."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                changed = reencrypt_authenticators(Authenticator)
        except InvalidToken as error:
            raise CommandError(
                "A two-factor secret was encrypted with a key that is neither "
                "DJANGO_SECRET_KEY nor in DJANGO_SECRET_KEY_FALLBACKS; nothing was changed."
            ) from error
        total = Authenticator.objects.count()
        self.stdout.write(f"Re-encrypted {changed} of {total} two-factor authenticators.")
