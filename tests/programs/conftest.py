"""Fixtures of the programme tests."""

import pytest
from django.conf import settings


@pytest.fixture
def english(client):
    """Pages in English, so tests read the source messages whatever the catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
