"""Hostile input in every form of every page gives form errors or a redirect, never a 500.

Each page of the permission table that some user gets as a 200 is fetched as that user; every
form on it (POST forms, and the GET search and filter forms) is submitted once per hostile
value, with that value in every text-like field, select, radio and checkbox, hidden fields
(csrfmiddlewaretoken, next, ...) as the page has them, and file inputs left out. Then each of
the page's links with a query string (?company=, ?month=, ...) is followed with each hostile
value in each parameter. A few more pages are tried in the states that show other forms.
Django's test client re-raises a server error, so a 500 fails the test with its traceback.
"""

import unicodedata
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.urls import resolve, reverse

from mentoring.models import SessionStatus
from tests.equipment.factories import EquipmentBookingFactory
from tests.mentoring.factories import MentoringSessionFactory
from tests.module_data import cast_made_once, module_client
from tests.outcomes.factories import EvidenceFileFactory, OutcomeReportFactory, PatentFactory
from tests.programs.factories import ApplicationFactory
from tests.reauth import confirm_password
from tests.reports.factories import report_snapshot
from tests.security.html import Form, parse, same_site_path
from tests.test_permissions import ROWS, WHO, _url

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

SCRIPT = "<script>alert(1)</script>"
# Text that is dangerous only as text (markup, SQL, a spreadsheet formula, a path, template
# syntax, format codes, decomposed Hangul, emoji, a direction override): a form sees each as
# one more string, so one value carries them all, the formula first, where a spreadsheet
# would read it. Values that are wrong for a kind of field (numbers, dates, choices, lengths,
# control characters) stay one per value.
TEXT_ATTACKS = "".join(
    [
        '=HYPERLINK("http://x","y")',
        SCRIPT,
        "' OR 1=1 --",
        "../../etc/passwd",
        "{{ 7*7 }}",
        "{% debug %}",
        "%s%n",
        unicodedata.normalize("NFD", "한글"),
        "🚀👩‍💻",
        "\u202eabc",
    ]
)
HOSTILE = {
    "50,000 characters": "가" * 25_000 + "x" * 25_000,
    "NUL byte": "a\x00b",
    "C0 controls": "a" + "".join(chr(c) for c in range(1, 32)) + "\x7fb",
    "markup, SQL, formula, path, template syntax, format codes, NFD Hangul, emoji, RTL": (
        TEXT_ATTACKS
    ),
    "script tag alone": SCRIPT,
    "minus one": "-1",
    "huge number": "99999999999999999999999999",
    "overflowing float": "1e309",
    "not a number": "NaN",
    "fullwidth digits": "１２３",
    # str.isdigit() is true for these, int() refuses them
    "superscript digits": "²³",
    "huge year and month": "99999999999999999999-01",
    "impossible date": "2026-02-30",
    "empty": "",
}
TEXT_LIKE = {
    "text",
    "search",
    "email",
    "number",
    "date",
    "datetime-local",
    "time",
    "month",
    "url",
    "tel",
    "password",
    "textarea",
    "select",
}


def page_user(allowed: dict) -> str | None:
    """The first signed-in user (in the table's order) who gets the page as a 200."""
    for who in WHO[1:]:
        status = allowed.get(who)
        if who == "privacy_officer" and who not in allowed:
            status = allowed.get("staff")
        if status == 200:
            return who
    return None


PAGES = sorted(
    name for name, (method, _, allowed) in ROWS.items() if method == "get" and page_user(allowed)
)
# Downloads, and pages that only show and link: no form besides the header's language and
# log-out forms. A form added to one of them fails the test until it is taken off this list.
NO_FORMS = {
    "audit:privacy_policy",
    "audit:retention",
    "companies:import_template",
    # The pickers' lists of matches: fragments the pages load (tests/core/test_autocomplete.py
    # sends them hostile search text).
    "companies:autocomplete",
    "compute:allocation_company_autocomplete",
    "equipment:autocomplete",
    "mentoring:mentor_autocomplete",
    "mous:detail",
    "mous:document",
    "mous:summary",
    "notices:list",  # "mark all read" appears only with unread notices (the user here has none)
    "outcomes:evidence",
    "outcomes:pdf",
    "outcomes:review",
    "companies:staff_home",
    "mentoring:home",
    "mentoring:mentor_detail",
    "mentoring:session_attachment",
    "mentoring:session_detail",
    "portal:allocation_list",
    "portal:award_detail",
    "portal:awards",
    "portal:home",
    "portal:mentoring",
    "portal:outcome_evidence",
    "portal:outcome_list",
    "portal:outcome_pdf",
    "compute:allocation_detail",
    "programs:application_detail",
    "programs:call_detail",
    "compute:capacity_list",
    "compute:usage_import_template",
    "programs:detail",
    "training:detail",
    "reports:export_detail",
    "reports:export_download",
    "reports:export_list",
    "reports:snapshot_file",
    "users:invitation_list",
    "users:security_events",
}


def layout_actions() -> set[str]:
    """The header's forms, on every page; test_layout_forms covers them once."""
    return {reverse("set_language"), reverse("account_logout")}


def page_forms(response) -> list[Form]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    layout = layout_actions()
    return [form for form in parse(response.content.decode()).forms if form.action not in layout]


def submissions(form: Form):
    """(label, data) for each hostile value and each named submit button of `form`."""
    text_like = [f for f in form.fields if f.type in TEXT_LIKE | {"checkbox", "radio"}]
    values = HOSTILE.items() if text_like else [("as the page has it", None)]
    buttons = list(dict.fromkeys(form.buttons)) or [None]
    for button in buttons:
        for label, hostile in values:
            data: dict[str, list[str]] = {}
            for f in form.fields:
                if f.type in TEXT_LIKE:
                    data.setdefault(f.name, []).append(hostile)
                elif f.type in ("checkbox", "radio"):
                    # A choice a browser cannot make up, but a script can.
                    if hostile is not None and f.name not in data:
                        data[f.name] = [hostile]
                    elif hostile is None and f.checked:
                        data.setdefault(f.name, []).append(f.value or "on")
                elif f.type not in ("file", "reset", "button"):
                    data.setdefault(f.name, []).append(f.value)  # hidden and the like
            if button:
                data[button[0]] = [button[1]]
            yield f"{label} (button {button[0] if button else '-'})", data


def query_links(response, url: str) -> list[tuple[str, dict[str, list[str]]]]:
    """The page's same-site links that carry a query string (?company=, ?month=, ?page=, ...),
    one per path and set of parameter names."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return {}
    links = {}
    for href in parse(response.content.decode()).links:
        path = same_site_path(href, url)
        if path is None or "?" not in path or path.startswith(("/accounts/", "/i18n/")):
            continue
        target = urlsplit(path)
        params: dict[str, list[str]] = {}
        for key, value in parse_qsl(target.query, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        links.setdefault(f"{target.path} {sorted(params)}", (target.path, params))
    return list(links.values())


def submit(client, form: Form, target: str, data: dict):
    headers = {"HX-Request": "true"} if form.htmx else {}
    if form.method == "post":
        return client.post(target, data, follow=True, headers=headers)
    return client.get(target, data, follow=True, headers=headers)


def assert_handled(response, where: str):
    """A form page with errors, a redirect to a page, or a download; never an error page."""
    assert response.status_code not in (500, 502, 503), where
    assert response.status_code in (200, 404), (response.status_code, where)
    if response.status_code == 404:
        assert response.redirect_chain == [], where  # only a page gone after a removal
    # Neither signed out nor sent to confirm the password: the input reached the form.
    refusals = (reverse("account_login"), reverse("account_reauthenticate"))
    assert not any(url.startswith(refusals) for url, _ in response.redirect_chain), where
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        body = response.content.decode()
        assert "Traceback" not in body, where
        # Whatever was stored or re-displayed is escaped, on the form and on the page after it.
        assert SCRIPT not in body, where


def test_every_page_with_a_200_is_tried():
    """Rows the hostile-input test leaves out: POST-only URLs, the public token page, the
    e-mailed-code page, which redirects inside the tests' network (tests/users/test_enrolment.py
    posts hostile codes to it from outside), and opening a notice, which redirects to its page."""
    redirects = {"users:accept", "home", "users:enrolment_confirm", "notices:open"}
    left_out = set(ROWS) - set(PAGES)
    assert all(ROWS[name][0] == "post" for name in left_out - redirects)
    assert redirects <= left_out
    assert set(PAGES) >= NO_FORMS


def try_hostile_input(client, name: str, url: str) -> tuple[list[Form], set[str]]:
    """Submit every form of the page at `url` with each hostile value, then follow each of its
    links that carry a query string with each hostile value in each parameter. Returns the
    forms and the URL names of everything tried."""
    page = client.get(url)
    assert page.status_code == 200
    forms = page_forms(page)
    tried = set()
    for form in forms:
        target = urljoin(url, form.action) if form.action else url
        tried.add(resolve(urlsplit(target).path).view_name)
        removed = False  # after a successful delete the object is gone: 404 from then on
        for label, data in submissions(form):
            response = submit(client, form, target, data)
            where = f"{name}: {form.method.upper()} {target} with {label}"
            assert_handled(response, where)
            if not removed:
                assert response.status_code == 200, where
            removed = removed or bool(response.redirect_chain)
    for path, params in query_links(page, url):
        tried.add(resolve(path).view_name)
        for key in params:
            for label, hostile in HOSTILE.items():
                response = client.get(path, {**params, key: hostile}, follow=True)
                assert_handled(response, f"{name}: GET {path} with {label} in ?{key}=")
    return forms, tried


@pytest.mark.parametrize("name", PAGES)
def test_hostile_input_gives_form_errors_not_a_server_error(client, request, company, name):
    _, kind, allowed = ROWS[name]
    url = _url(name, kind, company, request)
    client.force_login(request.getfixturevalue(page_user(allowed)))
    confirm_password(client)  # pages that change assignments or export ask for it first

    forms, _ = try_hostile_input(client, name, url)

    if name in NO_FORMS:
        assert forms == []
    else:
        assert forms, f"{name} shows no form"


def _pending_session(request):
    assignment = request.getfixturevalue("mentor").mentor_assignments.get()
    session = MentoringSessionFactory(assignment=assignment, status=SessionStatus.PENDING)
    return reverse("mentoring:session_detail", args=[session.pk])


def _report(request, **state):
    report = OutcomeReportFactory(company=request.getfixturevalue("company"), **state)
    PatentFactory(report=report)
    EvidenceFileFactory(report=report)
    return report


# Forms and links the permission table's objects do not show: (who, the URL of a page in that
# state, the URL name of the form's action or the link that state shows).
STATES = {
    "outcome review of a submitted report": (
        "staff",
        lambda r: reverse("outcomes:review", args=[_report(r, submitted=True).pk]),
        "outcomes:review",
    ),
    "outcome review of an accepted report": (
        "staff",
        lambda r: reverse("outcomes:review", args=[_report(r, accepted=True).pk]),
        "outcomes:review",
    ),
    "portal report with patents and evidence": (
        "firm_user",
        lambda r: reverse("portal:outcome_detail", args=[_report(r).pk]),
        "portal:outcome_submit",
    ),
    "session awaiting approval": ("staff", _pending_session, "mentoring:session_approve"),
    "undecided application": (
        "staff",
        lambda r: reverse(
            "programs:application_detail",
            args=[ApplicationFactory(company=r.getfixturevalue("company")).pk],
        ),
        "programs:application_decide",
    ),
    "requested booking in the staff list": (
        "staff",
        lambda r: (
            EquipmentBookingFactory(company=r.getfixturevalue("company"))
            and reverse("equipment:booking_list")
        ),
        "equipment:booking_approve",
    ),
    "failed report snapshot": (
        "executive",
        lambda r: report_snapshot(status="failed") and reverse("reports:snapshot_list"),
        "reports:snapshot_retry",
    ),
    # Links "Create profile" with ?user=<id> for a mentor without one.
    "mentor without a profile": (
        "staff",
        lambda r: r.getfixturevalue("unassigned_mentor") and reverse("mentoring:mentor_list"),
        "mentoring:profile_create",
    ),
}


@pytest.mark.parametrize("state", STATES)
def test_hostile_input_in_forms_shown_in_other_states(client, request, state):
    who, make_url, expected = STATES[state]
    url = make_url(request)
    client.force_login(request.getfixturevalue(who))
    confirm_password(client)

    _, tried = try_hostile_input(client, state, url)

    assert expected in tried


@pytest.mark.parametrize("label", HOSTILE)
def test_layout_forms_survive_hostile_values(client, staff, label):
    """The language form in every page's header: an unknown language is ignored."""
    client.force_login(staff)
    response = client.post(
        reverse("set_language"), {"language": HOSTILE[label], "next": "/"}, follow=True
    )
    assert_handled(response, label)
    assert client.get(reverse("companies:staff_home")).status_code == 200
