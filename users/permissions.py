"""Who may see what: the role sets, the predicates every `visible_to` is written with, and the
role check of every view.

A role set's name means the same roles everywhere: navigation, views, querysets."""

from django.core.exceptions import PermissionDenied

from users.models import Role

STAFF_ONLY = frozenset({Role.STAFF})
EXECUTIVE_ONLY = frozenset({Role.EXECUTIVE})
STAFF_AND_EXECUTIVE = frozenset({Role.STAFF, Role.EXECUTIVE})
INTERNAL = frozenset({Role.STAFF, Role.EXECUTIVE, Role.MENTOR})
FIRM_ONLY = frozenset({Role.FIRM})
MENTOR_ONLY = frozenset({Role.MENTOR})
EVERY_ROLE = frozenset(Role)


def has_role(user, roles) -> bool:
    """`user` is signed in with one of `roles`."""
    return user.is_authenticated and user.role in roles


def reads_everything(user) -> bool:
    """Staff and executives read every row of the programme's records."""
    return has_role(user, STAFF_AND_EXECUTIVE)


def firm_company_id(user) -> int | None:
    """The company a firm user acts for; None for everybody else (and a firm user without one)."""
    if has_role(user, FIRM_ONLY) and user.company_id:
        return user.company_id
    return None


def is_privacy_officer(user) -> bool:
    """The agency's privacy officer (개인정보 보호책임자): a staff member so marked."""
    return bool(has_role(user, STAFF_ONLY) and getattr(user, "is_privacy_officer", False))


def company_scoped(queryset, user, path: str = "company", *, mentors: bool = False):
    """The rows of `queryset` whose company (reached through `path`) `user` may see: staff and
    executives all, a firm user its own company's, and, where `mentors`, a mentor those of the
    companies assigned to them (CompanyQuerySet.visible_to); anyone else none."""
    if reads_everything(user):
        return queryset
    company_id = firm_company_id(user)
    if company_id:
        return queryset.filter(**{f"{path}_id": company_id})
    if mentors and has_role(user, MENTOR_ONLY):
        # companies.models builds its visible_to from this module: imported here, not at the top.
        from companies.models import Company

        return queryset.filter(**{f"{path}__in": Company.objects.visible_to(user)})
    return queryset.none()


def require_role(user, allowed_roles) -> None:
    """403 unless `user` is active in one of `allowed_roles` (function views use this)."""
    if not has_role(user, allowed_roles):
        raise PermissionDenied
    if has_role(user, FIRM_ONLY) and user.company_id is None:
        raise PermissionDenied


class RoleRequiredMixin:
    """Views name the roles allowed on them; any other role gets 403."""

    allowed_roles: frozenset[str] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)
