"""The privacy officer's screens, one module per area: the monthly review and the access
records (`review`), consents, retention and destruction, data-subject requests; and the public
privacy policy (`policy`)."""

from django.core.exceptions import PermissionDenied

from users.permissions import is_privacy_officer


def require_privacy_officer(user) -> None:
    """403 for anybody but the privacy officer (function views)."""
    if not is_privacy_officer(user):
        raise PermissionDenied


class PrivacyOfficerMixin:
    """Only the privacy officer; any other signed-in user gets 403, before any object is
    looked up."""

    def dispatch(self, request, *args, **kwargs):
        require_privacy_officer(request.user)
        return super().dispatch(request, *args, **kwargs)
