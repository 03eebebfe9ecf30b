"""The cast every test can ask for, a fast password hasher, and database access for all tests."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

import pytest  # noqa: E402
from django.utils import translation  # noqa: E402

from tests.factories import (  # noqa: E402
    CompanyFactory,
    FirmUserFactory,
    MentorAssignmentFactory,
    UserFactory,
)
from users.models import Role  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services and forms called directly speak English (the msgids tests assert on);
    pages still render Korean, because LocaleMiddleware activates it per request."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _db(db):
    """Every test may use the database."""


@pytest.fixture
def company():
    return CompanyFactory(name="빛고을헬스케어", business_number="1168200276")


@pytest.fixture
def other_company():
    return CompanyFactory(name="무등에너지")


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF, email="staff@example.kr", name="김담당")


@pytest.fixture
def executive():
    return UserFactory(role=Role.EXECUTIVE, email="exec@example.kr")


@pytest.fixture
def mentor(company, staff):
    user = UserFactory(role=Role.MENTOR, email="mentor@example.kr")
    MentorAssignmentFactory(mentor=user, company=company, assigned_by=staff)
    return user


@pytest.fixture
def unassigned_mentor():
    return UserFactory(role=Role.MENTOR, email="mentor2@example.kr")


@pytest.fixture
def firm_user(company):
    return FirmUserFactory(company=company, email="firm@example.kr")


@pytest.fixture
def other_firm_user(other_company):
    return FirmUserFactory(company=other_company, email="otherfirm@example.kr")
