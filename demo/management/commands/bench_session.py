"""Print a signed-in session's cookie for the throughput run (scripts/throughput.sh): a user of
the given role logged in as the test client logs in, the session saved in the configured store."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from users.models import Role, User


class Command(BaseCommand):
    help = "Print a signed-in session cookie (name=value) for a user of --role (staff)."

    def add_arguments(self, parser):
        parser.add_argument("--role", default=Role.STAFF, choices=Role.values)

    def handle(self, *args, role, **options):
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError(f"No active {role} user: run seed_demo or seed_scale first.")
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.stdout.write(f"{settings.SESSION_COOKIE_NAME}={cookie.value}")
