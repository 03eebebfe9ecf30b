"""Fixtures of the mentoring tests."""

import pytest
import time_machine
from django.conf import settings


@pytest.fixture
def today_is_1_july_2024():
    """The screens' tests run on 1 July 2024 in Seoul (a module asks with `pytestmark`)."""
    with time_machine.travel("2024-07-01 10:00 +0900", tick=False):
        yield


@pytest.fixture
def en(client):
    """A user who chose English, so messages can be compared with their msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
