from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from users.permissions import (
    FIRM_ONLY,
    INTERNAL,
    MENTOR_ONLY,
    STAFF_AND_EXECUTIVE,
    STAFF_ONLY,
    is_privacy_officer,
)

# Not a role: a staff member marked as the privacy officer also sees the audit screens.
PRIVACY_OFFICER = "privacy_officer"
PRIVACY_OFFICER_ONLY = frozenset({PRIVACY_OFFICER})

# (group, [(url name, label, roles that see it)]). The views check roles again; this only
# hides links.
NAVIGATION = [
    (
        _("Companies"),
        [
            ("companies:staff_home", _("My work"), STAFF_ONLY),
            ("mentoring:home", _("My mentees"), MENTOR_ONLY),
            ("companies:list", _("Companies"), INTERNAL),
            ("companies:import", _("Import companies"), STAFF_ONLY),
            ("mous:list", _("MOUs"), STAFF_AND_EXECUTIVE),
            ("mous:relocation_list", _("Attracted firms"), STAFF_AND_EXECUTIVE),
            ("mous:summary", _("MOU to relocation"), STAFF_AND_EXECUTIVE),
            ("outcomes:list", _("Outcome reports"), STAFF_AND_EXECUTIVE),
            ("portal:outcome_list", _("Outcome reports"), FIRM_ONLY),
            ("portal:home", _("Our company"), FIRM_ONLY),
            ("portal:profile_edit", _("Edit profile"), FIRM_ONLY),
        ],
    ),
    (
        _("Programmes"),
        [
            ("programs:list", _("Programmes"), STAFF_AND_EXECUTIVE),
            ("programs:call_list", pgettext_lazy("programme", "Calls"), STAFF_AND_EXECUTIVE),
            ("programs:award_list", _("Support awards"), STAFF_AND_EXECUTIVE),
            ("compute:allocation_list", _("AI compute projects"), STAFF_AND_EXECUTIVE),
            ("equipment:list", _("Demonstration centres"), STAFF_AND_EXECUTIVE),
            ("equipment:booking_list", _("Equipment bookings"), STAFF_AND_EXECUTIVE),
            ("training:list", _("Training"), STAFF_AND_EXECUTIVE),
            ("portal:awards", _("Our support awards"), FIRM_ONLY),
            ("portal:allocation_list", _("Our compute projects"), FIRM_ONLY),
            ("portal:booking_list", _("Equipment bookings"), FIRM_ONLY),
        ],
    ),
    (
        _("Mentoring"),
        [
            ("mentoring:session_list", _("Mentoring sessions"), INTERNAL),
            ("mentoring:mentor_list", _("Mentors"), STAFF_AND_EXECUTIVE),
            ("portal:mentoring", _("Our mentoring"), FIRM_ONLY),
        ],
    ),
    (
        _("Administration"),
        [
            ("users:invitation_list", _("Invitations"), STAFF_ONLY),
            ("users:security_events", _("Security events"), STAFF_ONLY),
            ("reports:dashboard", _("KPI dashboard"), STAFF_AND_EXECUTIVE),
            ("reports:snapshot_list", _("Submitted reports"), STAFF_AND_EXECUTIVE),
            ("reports:indicator_list", _("KPI indicators"), STAFF_AND_EXECUTIVE),
            ("audit:review", _("Monthly access review"), PRIVACY_OFFICER_ONLY),
            ("audit:record_list", _("Access records"), PRIVACY_OFFICER_ONLY),
            ("audit:consent_list", _("Consents"), PRIVACY_OFFICER_ONLY),
            ("audit:retention", _("Retention and destruction"), PRIVACY_OFFICER_ONLY),
            ("audit:request_list", _("Data-subject requests"), PRIVACY_OFFICER_ONLY),
        ],
    ),
]
# Pages with no link of their own mark this one as current (a company's page → Companies).
FALLBACK = {
    "companies": "companies:list",
    "users": "users:invitation_list",
    "mous": "mous:list",
    "programs": "programs:call_list",
    "compute": "compute:allocation_list",
    "equipment": "equipment:list",
    "training": "training:list",
    "outcomes": "outcomes:list",
    "portal": "portal:home",
    "reports": "reports:dashboard",
    "audit": "audit:review",
}
# Pages of the user's own account, which belong to no entry (the two-factor set-up's e-mailed
# code lives in the users app, next to the invitations, but is not one of them).
OWN_ACCOUNT = {"users:enrolment_confirm"}


def _current(view_name: str, names: list[str]) -> str:
    """The navigation entry for `view_name`: itself, a sibling with the same stem, or its app's."""
    if view_name in names:
        return view_name
    if view_name in OWN_ACCOUNT:
        return ""
    app, _, view = view_name.partition(":")
    stem = view.split("_")[0]
    for name in names:
        other_app, _, other_view = name.partition(":")
        if other_app == app and other_view.split("_")[0] == stem:
            return name
    # An app's own object pages (mous:detail, programs:update) belong to its list.
    if "_" not in view and f"{app}:list" in names:
        return f"{app}:list"
    return FALLBACK.get(app, "")


@lru_cache(maxsize=256)
def _address(url_name: str, script_prefix: str) -> str:
    """A menu entry's address: the same on every page, so reversed once per entry (and per
    script prefix, which reverse() reads)."""
    return reverse(url_name)


def navigation(request):
    """The left navigation for the signed-in user's role, in groups."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": []}
    user_roles = {user.role, PRIVACY_OFFICER} if is_privacy_officer(user) else {user.role}
    groups = [
        (label, [(name, text) for name, text, roles in items if roles & user_roles])
        for label, items in NAVIGATION
    ]
    groups = [(label, items) for label, items in groups if items]
    names = [name for _label, items in groups for name, _text in items]
    view_name = request.resolver_match.view_name if request.resolver_match else ""
    current = _current(view_name, names)
    return {
        "nav_groups": [
            {
                "label": label,
                "items": [
                    {
                        "url_name": name,
                        "url": _address(name, get_script_prefix()),
                        "label": text,
                        "current": name == current,
                    }
                    for name, text in items
                ],
            }
            for label, items in groups
        ]
    }
