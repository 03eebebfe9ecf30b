from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError

from users.models import SecurityEventKind
from users.services import security_event_record


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts come from staff invitations."""

    def is_open_for_signup(self, request):
        return False

    def format_email_subject(self, subject):
        """allauth's e-mails name the agency, not the server's host name."""
        return f"[{settings.AGENCY_NAME}] {subject}"

    def pre_authenticate(self, request, **credentials):
        """allauth refuses the attempt when the account or address is over its login limit;
        that refusal is recorded as a lockout."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            email = credentials.get("email") or credentials.get("username") or ""
            security_event_record(kind=SecurityEventKind.LOCKED_OUT, request=request, email=email)
            raise
