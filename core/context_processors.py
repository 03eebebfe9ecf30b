from django.utils.translation import gettext_lazy as _

from users.models import Role

# (url name, label, roles that see it). The views check roles again; this only hides links.
NAVIGATION = [
    ("companies:staff_home", _("My work"), {Role.STAFF}),
    ("companies:list", _("Companies"), {Role.STAFF, Role.EXECUTIVE, Role.MENTOR}),
    ("companies:create", _("Register a company"), {Role.STAFF}),
    ("companies:import", _("Import companies"), {Role.STAFF}),
    ("users:invitation_list", _("Invitations"), {Role.STAFF}),
    ("reports:dashboard", _("KPI dashboard"), {Role.STAFF, Role.EXECUTIVE}),
    ("mentoring:home", _("My mentees"), {Role.MENTOR}),
    ("portal:home", _("Our company"), {Role.FIRM}),
    ("portal:profile_edit", _("Edit profile"), {Role.FIRM}),
]


ALL_NAMES = {name for name, _label, _roles in NAVIGATION}
SECTIONS = {"companies": "companies:list", "users": "users:invitation_list"}


def navigation(request):
    """The left navigation for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    # A page inside a section (a company's page) marks the section's list as current.
    section = SECTIONS.get(current.split(":")[0], "") if current not in ALL_NAMES else current
    items = [
        {"url_name": name, "label": label, "current": name == section}
        for name, label, roles in NAVIGATION
        if user.role in roles
    ]
    return {"nav_items": items}
