"""Fixtures of the company tests: `staff_client` for the import tests (the export tests have their
own, which also confirms the password)."""

import pytest
from django.conf import settings


@pytest.fixture
def staff_client(client, staff):
    """Staff, with English pages so messages can be compared with the source strings."""
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
