"""The privacy policy (개인정보 처리방침, PIPA art. 30): public, linked from every page's footer and
the login page, and built from the same settings and kinds the CRM works with."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("english_pages")

POLICY = reverse("audit:privacy_policy")


def test_anybody_reads_the_policy_without_logging_in(client):
    response = client.get(POLICY)

    assert response.status_code == 200
    assert response.context["user"].is_anonymous


def test_the_policy_names_the_agency_and_the_privacy_officer_from_the_settings(client, settings):
    settings.AGENCY_NAME = "인공지능산업융합사업단"
    settings.PRIVACY_OFFICER_NAME = "정보호"
    settings.PRIVACY_OFFICER_EMAIL = "privacy@aica.example.kr"
    settings.PRIVACY_OFFICER_PHONE = "062-610-0000"

    html = client.get(POLICY).content.decode()

    assert "인공지능산업융합사업단 processes personal data in this CRM" in html
    assert "정보호" in html
    assert 'href="mailto:privacy@aica.example.kr"' in html
    assert "062-610-0000" in html
    assert "Not set yet" not in html


def test_an_unset_privacy_officer_is_said_to_be_unset(client, settings):
    settings.PRIVACY_OFFICER_NAME = ""
    settings.PRIVACY_OFFICER_EMAIL = ""
    settings.PRIVACY_OFFICER_PHONE = ""

    assert client.get(POLICY).content.decode().count("Not set yet") == 3


def test_the_policy_states_the_retention_periods_of_the_settings(client, settings):
    settings.PIPA_RETENTION_CONTACT_YEARS = 4
    settings.PIPA_RETENTION_TRAINEE_YEARS = 1
    settings.PIPA_RETENTION_MENTOR_YEARS = 6

    html = client.get(POLICY).content.decode()

    assert "4 years after the company is deactivated" in html
    assert "1 year after the end of the course&#x27;s year" in html
    assert "6 years after the mentor&#x27;s last assignment ended" in html
    assert "Access records: 2 years (role changes 3 years)." in html


def test_the_policy_lists_the_kinds_purposes_third_parties_and_rights(client):
    html = client.get(POLICY).content.decode()

    for text in (
        "Company contacts",
        "Trainees",
        "Mentors",
        "User accounts and access records",
        "Ministry of Science and ICT",
        "The programme&#x27;s outcome survey of supported firms",
        "Consent on a signed form",
        "Suspension of processing (art. 37)",
        "within 10 days of receipt",
        "The name is erased",
    ):
        assert text in html, text


def test_every_page_links_to_the_policy_in_its_footer(client, staff):
    client.force_login(staff)

    html = client.get(reverse("companies:staff_home")).content.decode()

    footer = html[html.index('<footer id="krds-footer">') :]
    assert f'href="{POLICY}"' in footer


def test_the_login_page_links_to_the_policy(client):
    html = client.get(reverse("account_login")).content.decode()

    main = html[html.index("<main") : html.index("</main>")]
    assert f'href="{POLICY}"' in main


def test_the_policy_renders_in_korean_by_default(client, settings):
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)

    response = client.get(POLICY)

    assert response.status_code == 200
    assert '<html lang="ko">' in response.content.decode()
