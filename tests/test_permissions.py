"""Every URL pattern of the CRM, with the status each kind of user gets.

anonymous → login redirect; a refused role → 403; an allowed user who may not see the object
→ 404; an allowed user → 200. The meta-test fails when a URL pattern is missing here.
"""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import CompanyContactFactory
from tests.module_data import cast_made_once, module_client

# Status codes and HTML only: pages render without the test record of templates and contexts.
pytestmark = pytest.mark.usefixtures("without_template_capture")

# The users and companies are made once for the module (by each worker that runs its tests);
# each test's own rows and changes are rolled back after it.
(
    module_cast,
    company,
    other_company,
    staff,
    privacy_officer,
    executive,
    mentor,
    unassigned_mentor,
    firm_user,
    other_firm_user,
) = cast_made_once()
client = module_client()

WHO = [
    "anonymous",
    "staff",
    "privacy_officer",
    "executive",
    "mentor",
    "unassigned_mentor",
    "firm_user",
    "other_firm_user",
]
# Namespaces that belong to third parties or Django itself, tested by them.
THIRD_PARTY = {"admin", "account_", "set_language", "socialaccount_", "mfa_", "usersessions_"}

STAFF = {"staff": 200}
INTERNAL = {"staff": 200, "executive": 200, "mentor": 200}
STAFF_EXEC = {"staff": 200, "executive": 200}
FIRMS = {"firm_user": 200, "other_firm_user": 200}

# name: (method, args, {who: status}); anybody not named gets 403 (anonymous: 302).
# args: None, "company" (the fixture company, visible to `mentor` and `firm_user`), "token",
# "contact", or a function of pytest's `request` returning the URL's args (area files use that).
TABLE = {
    "home": ("get", None, dict.fromkeys(WHO[1:], 302)),
    "companies:staff_home": ("get", None, STAFF),
    "companies:list": ("get", None, {**INTERNAL, "unassigned_mentor": 200}),
    # The picker's matches, scoped by visible_to: an unassigned mentor gets an empty list.
    "companies:autocomplete": ("get", None, {**INTERNAL, "unassigned_mentor": 200}),
    # Without a purpose the export pages show their form; the file needs a purpose.
    "companies:export": ("get", None, STAFF_EXEC),
    "companies:contact_export": ("get", None, STAFF),
    "companies:create": ("get", None, STAFF),
    "companies:import": ("get", None, STAFF),
    "companies:import_confirm": ("post", None, {"staff": 302}),
    "companies:import_template": ("get", None, STAFF),
    "companies:detail": ("get", "company", {**INTERNAL, "unassigned_mentor": 404}),
    "companies:update": ("get", "company", STAFF),
    "companies:stage_change": ("get", "company", STAFF),
    "companies:contact_add": ("get", "company", STAFF),
    "companies:interaction_create": ("get", "company", STAFF),
    "users:invitation_list": ("get", None, STAFF),
    "users:invite": ("get", None, STAFF),
    # A public page: an unknown token is a 404 for everybody, signed in or not.
    "users:accept": ("get", "token", dict.fromkeys(WHO, 404)),
    # Inside the agency's network (the tests' loopback) nobody needs the e-mailed code: the
    # page sends everybody on to the authenticator set-up.
    "users:enrolment_confirm": ("get", None, dict.fromkeys(WHO[1:], 302)),
    "reports:dashboard": ("get", None, STAFF_EXEC),
    "mentoring:home": ("get", None, {"mentor": 200, "unassigned_mentor": 200}),
    "portal:home": ("get", None, FIRMS),
    "portal:profile_edit": ("get", None, FIRMS),
    "portal:contact_add": ("get", None, FIRMS),
    "portal:contact_edit": ("get", "contact", {"firm_user": 200, "other_firm_user": 404}),
}


def _all_rows() -> dict:
    """This table plus the ROWS of every tests/<area>/permission_rows.py (one per area)."""
    rows = dict(TABLE)
    for path in sorted(Path(__file__).parent.glob("*/permission_rows.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.permission_rows")
        assert not rows.keys() & module.ROWS.keys(), path
        rows.update(module.ROWS)
    return rows


ROWS = _all_rows()


def _names(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            child = pattern.namespace or ""
            if child in THIRD_PARTY or pattern.app_name in THIRD_PARTY:
                continue
            full = f"{namespace}:{child}" if namespace and child else (child or namespace)
            yield from _names(pattern, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if any(pattern.name.startswith(prefix) for prefix in THIRD_PARTY):
                continue
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_is_in_the_permission_table():
    """A new URL without a row here fails the suite."""
    names = set(_names(get_resolver()))
    assert names - set(ROWS) == set()
    assert set(ROWS) - names == set()


def _url(name, kind, company, request):
    if callable(kind):  # rows from an area's permission_rows.py: kind(request) -> args
        return reverse(name, args=kind(request))
    if kind == "company":
        return reverse(name, args=[company.pk])
    if kind == "token":
        return reverse(name, args=["not-a-real-token"])
    if kind == "contact":
        return reverse(name, args=[CompanyContactFactory(company=company).pk])
    return reverse(name)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_permission_table(client, request, company, who, name):
    method, kind, allowed = ROWS[name]
    expected = allowed.get(who, 302 if who == "anonymous" else 403)
    if who == "privacy_officer" and who not in allowed:
        expected = allowed.get("staff", 403)  # a staff member first, with the audit screens
    url = _url(name, kind, company, request)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(url)
    assert response.status_code == expected, (name, who)
    if who == "anonymous" and expected == 302:
        assert response["Location"].startswith(reverse("account_login"))


STAFF_OBJECT_PAGES = [name for name, (_, kind, _) in TABLE.items() if kind == "company"]


@pytest.mark.parametrize("name", STAFF_OBJECT_PAGES)
@pytest.mark.parametrize("target", ["company", "other_company"])
def test_firm_user_is_refused_on_staff_pages_whatever_the_id(
    client, request, firm_user, name, target
):
    """The firm's own company id and another firm's id both give 403 on staff screens."""
    client.force_login(firm_user)
    pk = request.getfixturevalue(target).pk
    assert client.get(reverse(name, args=[pk])).status_code == 403
    assert client.post(reverse(name, args=[pk]), {}).status_code == 403


def test_unassigned_mentor_gets_404_not_403_for_a_company(client, unassigned_mentor, company):
    client.force_login(unassigned_mentor)
    assert client.get(reverse("companies:detail", args=[company.pk])).status_code == 404


def test_missing_company_is_404_for_staff(client, staff):
    client.force_login(staff)
    assert client.get(reverse("companies:detail", args=[999999])).status_code == 404


def test_open_signup_is_closed(client):
    """Accounts come only from invitations."""
    response = client.post(
        reverse("account_signup"),
        {"email": "walk-in@example.kr", "password1": "x" * 20, "password2": "x" * 20},
    )
    assert b"walk-in@example.kr" not in response.content
    from users.models import User

    assert not User.objects.filter(email="walk-in@example.kr").exists()


def test_logout_needs_post(client, staff):
    client.force_login(staff)
    client.get(reverse("account_logout"))
    assert client.get(reverse("companies:staff_home")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("companies:staff_home")).status_code == 302
