"""Re-authentication as a user does it before a personal-data download."""

from django.core.cache import cache
from django.urls import reverse

from tests.factories import TEST_PASSWORD


def confirm_password(client) -> None:
    """Re-enter the password on allauth's page; the next 5 minutes need no other confirmation."""
    # allauth rate-limits re-authentication per user id, and ids repeat across tests on SQLite.
    cache.clear()
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()
