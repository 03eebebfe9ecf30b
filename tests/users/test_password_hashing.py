"""Passwords are stored with Argon2id; hashes from before are upgraded at the next login."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher

from tests.factories import UserFactory
from users.models import Role

PROJECT_HASHERS = [
    "users.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_the_project_hashes_with_argon2id_at_owasp_parameters(settings):
    # The tests run with a fast hasher; put the project's back for this one.
    from config import settings as config

    assert config.PASSWORD_HASHERS == PROJECT_HASHERS
    settings.PASSWORD_HASHERS = PROJECT_HASHERS
    user = UserFactory(role=Role.STAFF)
    user.set_password("correct horse battery staple")
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("correct horse battery staple")
    assert not user.check_password("wrong horse battery staple")


def test_a_pbkdf2_hash_is_upgraded_at_login(settings, client):
    settings.PASSWORD_HASHERS = PROJECT_HASHERS
    user = UserFactory(role=Role.STAFF)
    user.password = PBKDF2PasswordHasher().encode("an old password 123", "saltsaltsalt")
    user.save(update_fields=["password"])
    assert client.login(email=user.email, password="an old password 123")
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
