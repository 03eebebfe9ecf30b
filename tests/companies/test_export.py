"""The company list as an Excel file, with the same filters as the screen."""

import io
import re
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from companies.models import GrowthStage, Industry
from tests.factories import CompanyFactory, InteractionFactory, UserFactory

EXPORT = reverse("companies:export")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = 13


@pytest.fixture
def staff_client(client, staff):
    """Staff, with English headers so cells can be compared with the source strings."""
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sheet_rows(response) -> list[list]:
    """The first sheet's cells (openpyxl Cell objects), header row first."""
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.worksheets[0].iter_rows()]


def by_header(rows) -> list[dict]:
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def names(rows) -> list[str]:
    return [row[0].value for row in rows[1:]]


def test_export_applies_the_list_filters(staff_client):
    CompanyFactory(name="무등에너지", industry=Industry.ENERGY)
    CompanyFactory(name="무등헬스케어", industry=Industry.HEALTHCARE)
    CompanyFactory(name="빛고을에너지", industry=Industry.ENERGY)

    rows = sheet_rows(staff_client.get(EXPORT, {"industry": "energy", "q": "무등"}))

    assert names(rows) == ["무등에너지"]
    list_page = staff_client.get(reverse("companies:list"), {"industry": "energy", "q": "무등"})
    assert [c.name for c in list_page.context["companies"]] == names(rows)


def test_export_cells_hold_typed_values(staff_client, staff):
    company = CompanyFactory(
        name="빛고을헬스케어",
        business_number="1168200276",
        representative="홍길동",
        founded_on=date(2019, 5, 1),
        industry=Industry.HEALTHCARE,
        stage=GrowthStage.EARLY,
        is_in_gwangju=True,
        employee_count=42,
        assigned_staff=staff,
        address="광주광역시 북구 첨단과기로 123",
        website="https://example.kr",
    )
    InteractionFactory.create_batch(2, company=company)

    rows = sheet_rows(staff_client.get(EXPORT))

    header = [cell.value for cell in rows[0]]
    assert len(header) == COLUMNS
    assert all(isinstance(title, str) and title for title in header)
    assert len(set(header)) == COLUMNS
    assert header[:2] == ["company name", "business registration number"]
    [cells] = rows[1:]
    name, number, representative, founded_on, industry, stage = cells[:6]
    in_gwangju, employees, assigned, active, interactions, address, website = cells[6:]
    assert name.value == "빛고을헬스케어"
    assert number.value == "116-82-00276"
    assert re.fullmatch(r"\d{3}-\d{2}-\d{5}", number.value)
    assert number.data_type == "s"
    assert representative.value == "홍길동"
    assert founded_on.is_date
    assert founded_on.value.date() == date(2019, 5, 1)
    with translation.override("en"):
        labels = (str(Industry.HEALTHCARE.label), str(GrowthStage.EARLY.label))
    assert (industry.value, stage.value) == labels
    assert (in_gwangju.value, active.value) == ("Yes", "Yes")
    assert employees.data_type == "n"
    assert employees.value == 42
    assert isinstance(employees.value, int)
    assert interactions.value == 2
    assert assigned.value == staff.name
    assert address.value == "광주광역시 북구 첨단과기로 123"
    assert website.value == "https://example.kr"
    assert website.hyperlink is None


def test_export_headers_are_translated_in_korean(client, staff):
    CompanyFactory(name="무등에너지")
    client.force_login(staff)

    rows = sheet_rows(client.get(EXPORT))

    header = [cell.value for cell in rows[0]]
    assert len(header) == COLUMNS
    assert all(isinstance(title, str) and title for title in header)
    assert names(rows) == ["무등에너지"]


def test_blank_optional_values_are_empty_cells(staff_client):
    CompanyFactory(
        name="예비창업팀", founded_on=None, stage="", assigned_staff=None, website="", address=""
    )

    [row] = by_header(sheet_rows(staff_client.get(EXPORT)))

    assert row["founded on"].value is None
    assert row["growth stage"].value is None
    assert row["assigned staff"].value is None
    assert row["website"].value is None
    assert row["employees"].value == 10
    assert row["interactions"].value == 0


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil")',
        "=1+2",
        "+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "-2+3",
    ],
)
def test_text_that_looks_like_a_formula_stays_text(staff_client, name):
    CompanyFactory(name=name, website="http://evil.example")

    rows = sheet_rows(staff_client.get(EXPORT))

    cell = rows[1][0]
    assert cell.data_type == "s"
    assert cell.value == "'" + name
    assert rows[1][12].hyperlink is None


def test_export_keeps_the_list_order_and_sorting(staff_client):
    CompanyFactory(name="다온", employee_count=5)
    CompanyFactory(name="가온", employee_count=1)
    CompanyFactory(name="나래", employee_count=30)

    assert names(sheet_rows(staff_client.get(EXPORT))) == ["가온", "나래", "다온"]
    sorted_rows = sheet_rows(staff_client.get(EXPORT, {"o": "-employee_count"}))
    assert names(sorted_rows) == ["나래", "다온", "가온"]


@pytest.mark.parametrize("query", [{"stage": "bogus"}, {"assigned_staff": "999999"}])
def test_invalid_filter_exports_only_the_header(staff_client, query):
    CompanyFactory()

    rows = sheet_rows(staff_client.get(EXPORT, query))

    assert len(rows) == 1
    assert len(rows[0]) == COLUMNS


def test_export_filters_by_assigned_staff_and_flags(staff_client, staff):
    colleague = UserFactory(name="이담당")
    CompanyFactory(name="내 기업", assigned_staff=staff, is_in_gwangju=True)
    CompanyFactory(name="동료 기업", assigned_staff=colleague, is_in_gwangju=True)
    CompanyFactory(name="서울 기업", assigned_staff=staff, is_in_gwangju=False)
    CompanyFactory(name="휴면 기업", assigned_staff=staff, is_active=False)

    query = {"assigned_staff": staff.pk, "is_in_gwangju": "true", "is_active": "true"}
    assert names(sheet_rows(staff_client.get(EXPORT, query))) == ["내 기업"]


def test_file_name_is_clear(staff_client):
    response = staff_client.get(EXPORT)
    assert re.fullmatch(
        r'attachment; filename="companies-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )


def test_export_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries):
    CompanyFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(EXPORT)

    staff = UserFactory()
    for company in CompanyFactory.create_batch(30, assigned_staff=staff):
        InteractionFactory(company=company)

    with django_assert_max_num_queries(len(few)):
        response = staff_client.get(EXPORT)
    assert len(sheet_rows(response)) == 33


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("mentor", 403),
        ("unassigned_mentor", 403),
        ("firm_user", 403),
        ("executive", 200),
        ("staff", 200),
    ],
)
def test_export_access(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(EXPORT).status_code == status


def test_anonymous_export_redirects_to_login(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_executive_export_contains_every_company(client, executive, company, other_company):
    client.force_login(executive)
    assert sorted(names(sheet_rows(client.get(EXPORT)))) == sorted(
        [company.name, other_company.name]
    )
