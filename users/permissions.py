from django.core.exceptions import PermissionDenied

from users.models import Role

STAFF_ONLY = frozenset({Role.STAFF})
STAFF_AND_EXECUTIVE = frozenset({Role.STAFF, Role.EXECUTIVE})
INTERNAL = frozenset({Role.STAFF, Role.EXECUTIVE, Role.MENTOR})
FIRM_ONLY = frozenset({Role.FIRM})
MENTOR_ONLY = frozenset({Role.MENTOR})


def require_role(user, allowed_roles) -> None:
    """403 unless `user` is active in one of `allowed_roles` (function views use this)."""
    if not user.is_authenticated or user.role not in allowed_roles:
        raise PermissionDenied
    if user.role == Role.FIRM and user.company_id is None:
        raise PermissionDenied


class RoleRequiredMixin:
    """Views name the roles allowed on them; any other role gets 403."""

    allowed_roles: frozenset[str] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)
