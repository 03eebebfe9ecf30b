"""Another firm's data never reaches a firm user, on any page, search, list page or download.

Distinctive canary strings are planted in every text field of `other_company`'s data; the firm
user's own company gets comparable data (marked OWN) so the portal's lists are not empty. The
firm user then opens every URL the permission table lets it reach (also with ?q=, ?search= and
?page=2), every link it can follow from there, and its own PDF and evidence downloads: the
canaries appear nowhere, in HTML, headers, raw bytes, PDF text (pdftotext) or the XML inside
xlsx/zip files. Another firm's objects asked for by id are 404s. Staff, who may see the other
firm, do get the canaries on the same kind of pages and files, so the search can fail.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from equipment.models import EquipmentBooking
from outcomes.models import EvidenceFile, OutcomeReport, OutcomeStatus
from tests import cast
from tests.module_data import kept_for_the_module
from tests.reauth import confirm_password
from tests.security.canary import (
    MONEY,
    NOT_FOLLOWED,
    PATENT_APPLICATION,
    SEARCHES,
    canaries_in,
    firm_data,
    own_urls,
    pdf_text,
    seen,
    shared_data,
    squeeze,
)
from tests.security.html import parse, same_site_path
from tests.test_permissions import ROWS, _url

# One worker runs the whole module under `--dist loadgroup`, so the two firms are built once.
pytestmark = pytest.mark.xdist_group("canary")

FIRM_ROWS = sorted(
    name for name, (_, _, allowed) in ROWS.items() if allowed.get("firm_user") in (200, 302)
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The two firms' data, built once for the module: `other_company`'s with a canary in every
    text field, then the firm user's own company with comparable data (marked OWN). The mentor
    is assigned to both."""
    media = tmp_path_factory.mktemp("canary-media")
    with kept_for_the_module(django_db_blocker, media):
        company, other_company, staff = cast.company(), cast.other_company(), cast.staff()
        firm_user, other_firm_user = cast.firm_user(company), cast.other_firm_user(other_company)
        mentor = cast.mentor(company, staff)
        shared = shared_data()
        people = {"shared": shared, "mentor": mentor, "staff": staff}
        other_firm = firm_data(other_company, other_firm_user, **people, canary=True)
        own_firm = firm_data(company, firm_user, **people, canary=False)
        yield {
            "media_root": media,
            "company": company,
            "other_company": other_company,
            "staff": staff,
            "firm_user": firm_user,
            "other_firm_user": other_firm_user,
            "mentor": mentor,
            "shared": shared,
            "other_firm": other_firm,
            "own_firm": own_firm,
        }


# The cast and the firms' data of every test are the module's; rows a test adds (an object a
# permission row asks for) and its changes are rolled back after it.


@pytest.fixture
def media_root(world):
    return world["media_root"]


@pytest.fixture
def company(world):
    return world["company"]


@pytest.fixture
def other_company(world):
    return world["other_company"]


@pytest.fixture
def staff(world):
    return world["staff"]


@pytest.fixture
def firm_user(world):
    return world["firm_user"]


@pytest.fixture
def other_firm_user(world):
    return world["other_firm_user"]


@pytest.fixture
def mentor(world):
    return world["mentor"]


@pytest.fixture
def shared(world):
    return world["shared"]


@pytest.fixture
def other_firm(world):
    return world["other_firm"]


@pytest.fixture
def own_firm(world):
    return world["own_firm"]


def test_the_firm_user_may_reach_these_rows():
    """Counted: the 29 rows the permission table opens to firm users (the portal, home, the
    public privacy policy, the e-mailed code before a first authenticator, their own notices,
    and the booking form's equipment picker: equipment is shared, not a firm's)."""
    assert "portal:home" in FIRM_ROWS and "portal:outcome_pdf" in FIRM_ROWS
    own = {"home", "users:enrolment_confirm", "audit:privacy_policy"}
    own |= {"notices:list", "notices:open", "notices:preferences", "notices:read_all"}
    own |= {"equipment:autocomplete"}
    assert all(name.startswith("portal:") or name in own for name in FIRM_ROWS)
    assert len(FIRM_ROWS) == 29


@pytest.mark.parametrize("name", FIRM_ROWS)
def test_no_firm_page_search_or_list_page_shows_another_firms_data(
    client, request, company, firm_user, own_firm, tmp_path, name
):
    method, kind, _ = ROWS[name]
    url = _url(name, kind, company, request)
    client.force_login(firm_user)
    found = []

    for query in [{}] if method == "post" else [{}, *SEARCHES]:
        response = getattr(client, method)(url, query, follow=True)
        where = f"{method.upper()} {url}?{urlencode(query)}"
        assert response.status_code == 200, where
        found += canaries_in(response, where, tmp_path)

    assert found == []


def test_the_firms_own_objects_and_downloads_show_none_of_the_others(
    client, firm_user, own_firm, shared, tmp_path
):
    """The same period's report (page, PDF, evidence), the equipment both firms booked (its
    busy times), the same programme's award: only the firm's own data."""
    client.force_login(firm_user)
    found, own_text = [], ""

    for url in own_urls(own_firm, shared):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        found += canaries_in(response, url, tmp_path)
        own_text += seen(response, tmp_path)

    assert found == []
    # The pages and files did carry the firm's own report, patent, evidence and booking.
    pdf = client.get(reverse("portal:outcome_pdf", args=[own_firm["report"].pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "ownb41dpatent" in squeeze(pdf_text(pdf.content, tmp_path))
    for tag in ("patent", "evidence", "evidencebytes", "booking", "contact"):
        assert f"ownb41d{tag}" in own_text, tag
    # The other firm's booking of the same equipment is there as a busy time, without a name.
    busy = client.get(reverse("portal:booking_request"), {"equipment": shared["equipment"].pk})
    assert len(busy.context["busy"]["slots"]) == 2


def test_every_link_the_firm_user_can_follow_shows_no_other_firms_data(
    client, firm_user, own_firm, shared, tmp_path
):
    """A crawl from the portal's pages through every same-site link, query strings included."""
    client.force_login(firm_user)
    queue = [reverse("home"), *own_urls(own_firm, shared)]
    visited, found, own_text = set(), [], ""

    while queue and len(visited) < 400:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        found += canaries_in(response, url, tmp_path)
        own_text += seen(response, tmp_path)
        if response.get("Content-Type", "").startswith("text/html"):
            for href in parse(response.content.decode()).links:
                path = same_site_path(href, url)
                if path and not path.startswith(NOT_FOLLOWED) and path not in visited:
                    queue.append(path)

    assert found == []
    assert queue == [], "the crawl stopped before it ran out of links"
    assert len(visited) >= 20
    # The lists were not empty: the firm's own contacts, award, allocation, booking, session
    # and report were all on its pages.
    for tag in ("name", "contact", "project", "booking", "topic", "nextsteps", "patent"):
        assert f"ownb41d{tag}" in own_text, tag


# Another firm's objects by id: (URL name, which object, GET and/or POST).
BY_ID = [
    ("portal:award_detail", "award", "get"),
    ("portal:outcome_detail", "report", "get"),
    ("portal:outcome_pdf", "report", "get"),
    ("portal:outcome_submit", "report", "post"),
    ("portal:outcome_patent_add", "report", "get"),
    ("portal:outcome_patent_add", "report", "post"),
    ("portal:outcome_evidence_add", "report", "get"),
    ("portal:outcome_evidence_add", "report", "post"),
    ("portal:outcome_patent_remove", "patent", "get"),
    ("portal:outcome_patent_remove", "patent", "post"),
    ("portal:outcome_evidence", "evidence", "get"),
    ("portal:outcome_evidence_remove", "evidence", "get"),
    ("portal:outcome_evidence_remove", "evidence", "post"),
    ("portal:booking_cancel", "booking", "get"),
    ("portal:booking_cancel", "booking", "post"),
    ("portal:contact_edit", "contact", "get"),
    ("portal:contact_edit", "contact", "post"),
]


@pytest.mark.parametrize(("name", "target", "method"), BY_ID)
def test_another_firms_object_by_id_is_a_404_without_its_data(
    client, firm_user, other_firm, own_firm, tmp_path, name, target, method
):
    client.force_login(firm_user)
    url = reverse(name, args=[other_firm[target].pk])
    form = {"title": "가로챈 특허", "application_number": "1020210999999", "name": "가로채기"}

    response = getattr(client, method)(url, form if method == "post" else {})

    assert response.status_code == 404
    assert canaries_in(response, url, tmp_path) == []
    # Nothing of the other firm's changed.
    report = OutcomeReport.objects.get(pk=other_firm["report"].pk)
    assert report.status == OutcomeStatus.DRAFT
    assert report.patents.count() == 1
    assert EvidenceFile.objects.filter(report=report).count() == 1
    assert EquipmentBooking.objects.get(pk=other_firm["booking"].pk).status == "requested"
    assert other_firm["contact"].person.name.startswith("무등에너지 CANARY")


# --- the search can fail -------------------------------------------------------------------


def test_staff_do_see_the_canaries_on_the_same_kind_of_pages_and_files(
    client, staff, other_company, other_firm, tmp_path
):
    """Staff may see the other firm: its page, its report's PDF, its evidence file and the
    contacts spreadsheet all carry canaries, so the firm user's checks above can fail."""
    client.force_login(staff)
    confirm_password(client)
    report = other_firm["report"].pk

    page = client.get(reverse("companies:detail", args=[other_company.pk]))
    pdf = client.get(reverse("outcomes:pdf", args=[report]))
    evidence = client.get(reverse("outcomes:evidence", args=[other_firm["evidence"].pk]))
    sheet = client.get(reverse("companies:contact_export"), {"purpose": "event_notice"})

    text = seen(page, tmp_path)
    for tag in ("name", "representative", "address", "description", "web", "contact"):
        assert f"canary7f3a{tag}" in text, tag
    assert "01073739173" in text  # the contact's phone
    assert str(MONEY) in text  # the award, in the page's sections
    assert pdf.content.startswith(b"%PDF") and b"canary-7f3a" not in pdf.content.lower()
    pdf_words = squeeze(pdf_text(pdf.content, tmp_path))
    assert "canary7f3apatent" in pdf_words and PATENT_APPLICATION in pdf_words
    assert str(MONEY) in pdf_words  # the reported figures
    assert canaries_in(evidence, "evidence", tmp_path)  # the file name and the bytes
    assert sheet.content.startswith(b"PK\x03\x04")
    assert b"canary-7f3a" not in sheet.content.lower()  # compressed: only the XML shows it
    assert "canary7f3acontact" in seen(sheet, tmp_path)
