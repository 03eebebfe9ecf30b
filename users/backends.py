"""Authentication backends: Django's and allauth's, with the signed-in user loaded together with
the count of their unread notices (the header shows it on every page), in one query."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from core.models import count_per_row


class SessionUserMixin:
    def get_user(self, user_id):
        # notices builds on users, not the reverse: imported when a request loads its user.
        from notices.models import Notice

        user = (
            get_user_model()
            ._default_manager.annotate(
                unread_notices=count_per_row(Notice.objects.unread(), "recipient")
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(SessionUserMixin, DjangoModelBackend):
    """Django's password backend (invitations sign the new user in through it)."""


class AuthenticationBackend(SessionUserMixin, AllauthBackend):
    """allauth's backend (the login form)."""
