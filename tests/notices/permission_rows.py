"""Permission rows of the notice pages (merged by tests/test_permissions.py).

Every role has its own notices; a notice of another user is a 404, opening one's own goes on
to what it is about (a redirect)."""

from tests.notices.factories import NoticeFactory

EVERYBODY = {
    "staff": 200,
    "privacy_officer": 200,
    "executive": 200,
    "mentor": 200,
    "unassigned_mentor": 200,
    "firm_user": 200,
    "other_firm_user": 200,
}


def firm_users_notice(request):
    return [NoticeFactory(recipient=request.getfixturevalue("firm_user")).pk]


ROWS = {
    "notices:list": ("get", None, EVERYBODY),
    "notices:preferences": ("get", None, EVERYBODY),
    "notices:read_all": ("post", None, dict.fromkeys(EVERYBODY, 302)),
    "notices:open": (
        "get",
        firm_users_notice,
        {**dict.fromkeys(EVERYBODY, 404), "firm_user": 302},
    ),
}
