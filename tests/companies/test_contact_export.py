"""The companies' contacts as a file for staff: the company list's filters, a purpose, and
e-mail addresses and phone numbers only for event invitations."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from companies.exports import CONTACT_COLUMNS, CONTACT_COLUMNS_BY_PURPOSE
from companies.models import Industry
from tests.factories import CompanyContactFactory, CompanyFactory, PersonFactory
from tests.reauth import confirm_password

EXPORT = reverse("companies:contact_export")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    confirm_password(client)
    return client


def sheet(response) -> list[list]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]


def contact(company, name, *, email="", phone="", title="팀장", is_primary=False):
    person = PersonFactory(name=name, email=email, phone=phone)
    return CompanyContactFactory(company=company, person=person, title=title, is_primary=is_primary)


@pytest.mark.parametrize("purpose", list(CONTACT_COLUMNS_BY_PURPOSE))
def test_each_purpose_gets_exactly_its_columns(staff_client, company, purpose):
    contact(company, "김연락", email="kim@example.kr", phone="010-1234-5678", is_primary=True)

    rows = sheet(staff_client.get(EXPORT, {"purpose": purpose}))

    with translation.override("en"):
        expected = [str(CONTACT_COLUMNS[key]) for key in CONTACT_COLUMNS_BY_PURPOSE[purpose]]
    assert rows[0] == expected
    [row] = rows[1:]
    assert row[0] == company.name
    assert "김연락" in row
    assert ("kim@example.kr" in row) == (purpose == "event_notice")
    assert ("010-1234-5678" in row) == (purpose == "event_notice")


def test_event_invitations_list_e_mail_and_phone(staff_client, company):
    contact(company, "김연락", email="kim@example.kr", phone="010-1234-5678", title="대리")

    rows = sheet(staff_client.get(EXPORT, {"purpose": "event_notice"}))

    assert rows == [
        ["company name", "name", "role or title", "e-mail address", "phone"],
        [company.name, "김연락", "대리", "kim@example.kr", "010-1234-5678"],
    ]


def test_management_and_audit_leave_e_mail_and_phone_out(staff_client, company):
    contact(company, "김연락", email="kim@example.kr", phone="010-1234-5678", is_primary=True)

    for purpose in ("management", "audit"):
        rows = sheet(staff_client.get(EXPORT, {"purpose": purpose}))
        assert rows[1] == [company.name, "116-82-00276", "김연락", "팀장", "Yes"]


def test_outcome_reporting_is_not_a_purpose_of_the_contact_list(staff_client, company):
    response = staff_client.get(EXPORT, {"purpose": "reporting"})
    assert response.status_code == 200
    assert response.context["form"].errors["purpose"] == ["Choose one of the purposes listed."]


def test_the_company_list_filters_apply(staff_client):
    energy = CompanyFactory(name="무등에너지", industry=Industry.ENERGY)
    health = CompanyFactory(name="빛고을헬스케어", industry=Industry.HEALTHCARE)
    contact(energy, "에너지담당")
    contact(health, "헬스담당")

    rows = sheet(staff_client.get(EXPORT, {"purpose": "management", "industry": "energy"}))

    assert [row[2] for row in rows[1:]] == ["에너지담당"]


def test_main_contact_first_within_each_company(staff_client):
    first = CompanyFactory(name="가온")
    second = CompanyFactory(name="나래")
    contact(second, "나래담당")
    contact(first, "가나다", is_primary=False)
    contact(first, "하마바", is_primary=True)

    rows = sheet(staff_client.get(EXPORT, {"purpose": "management"}))

    assert [(row[0], row[2]) for row in rows[1:]] == [
        ("가온", "하마바"),
        ("가온", "가나다"),
        ("나래", "나래담당"),
    ]


def test_csv_neutralises_formulas_and_keeps_hangul(staff_client, company):
    contact(company, '=HYPERLINK("http://x","y")', email="a@example.kr", phone="+82-10-1234")

    response = staff_client.get(EXPORT, {"purpose": "event_notice", "format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[1] == [
        company.name,
        '\'=HYPERLINK("http://x","y")',
        "팀장",
        "a@example.kr",
        "'+82-10-1234",
    ]


def test_queries_do_not_grow_with_contacts(staff_client, assert_flat_queries):
    CompanyContactFactory.create_batch(2)
    # Expect 16 queries: session, user, two-factor checks (3), contacts with their companies and
    # people, the access record (10: the chain's first row is made now).
    _, response = assert_flat_queries(
        staff_client,
        EXPORT,
        lambda: CompanyContactFactory.create_batch(30),
        data={"purpose": "event_notice"},
    )
    assert len(sheet(response)) == 33


@pytest.mark.parametrize(
    ("who", "status"),
    [("executive", 403), ("mentor", 403), ("firm_user", 403), ("staff", 200)],
)
def test_only_staff_may_export_contacts(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    confirm_password(client)
    assert client.get(EXPORT, {"purpose": "event_notice"}).status_code == status
