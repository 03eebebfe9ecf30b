"""The company list as an Excel or CSV file, with the same filters as the screen; it holds
personal data, so it asks for a purpose and a recent password first."""

import csv
import io
import re
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from companies.exports import COMPANY_COLUMNS, COMPANY_COLUMNS_BY_PURPOSE
from companies.models import GrowthStage, Industry
from core.exports import ExportPurpose
from tests.factories import TEST_PASSWORD, CompanyFactory, InteractionFactory, UserFactory
from tests.reauth import confirm_password

EXPORT = reverse("companies:export")
REAUTHENTICATE = reverse("account_reauthenticate")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = 13
MANAGEMENT = {"purpose": "management"}


@pytest.fixture
def staff_client(client, staff):
    """Staff who confirmed the password just now, with English headers so cells can be
    compared with the source strings."""
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    confirm_password(client)
    return client


def sheet_rows(response) -> list[list]:
    """The first sheet's cells (openpyxl Cell objects), header row first."""
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.worksheets[0].iter_rows()]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def by_header(rows) -> list[dict]:
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def names(rows) -> list[str]:
    return [row[0].value for row in rows[1:]]


def export(client, **params):
    return client.get(EXPORT, {**MANAGEMENT, **params})


def test_export_applies_the_list_filters(staff_client):
    CompanyFactory(name="무등에너지", industry=Industry.ENERGY)
    CompanyFactory(name="무등헬스케어", industry=Industry.HEALTHCARE)
    CompanyFactory(name="빛고을에너지", industry=Industry.ENERGY)

    rows = sheet_rows(export(staff_client, industry="energy", q="무등"))

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

    rows = sheet_rows(export(staff_client))

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
    assert interactions.data_type == "n"
    assert assigned.value == staff.name
    assert address.value == "광주광역시 북구 첨단과기로 123"
    assert website.value == "https://example.kr"
    assert website.hyperlink is None


def test_export_headers_are_translated_in_korean(client, staff):
    CompanyFactory(name="무등에너지")
    client.force_login(staff)
    confirm_password(client)

    rows = sheet_rows(export(client))

    header = [cell.value for cell in rows[0]]
    assert len(header) == COLUMNS
    assert header[:3] == ["기업명", "사업자등록번호", "대표자"]
    assert names(rows) == ["무등에너지"]
    assert load_workbook(io.BytesIO(export(client).content)).sheetnames == ["기업"]


def test_blank_optional_values_are_empty_cells(staff_client):
    CompanyFactory(
        name="예비창업팀", founded_on=None, stage="", assigned_staff=None, website="", address=""
    )

    [row] = by_header(sheet_rows(export(staff_client)))

    assert row["founded on"].value is None
    assert row["growth stage"].value is None
    assert row["assigned staff"].value is None
    assert row["website"].value is None
    assert row["employees"].value == 10
    assert row["interactions"].value == 0


HOSTILE_NAMES = [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("@SUM(1)", "'@SUM(1)"),
    ("=1+2", "'=1+2"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("\t=1+2", "'\t=1+2"),
    ("\r=1+2", "'\r=1+2"),
    ("\x01=1+2", "'=1+2"),  # a control character does not hide the formula
    ("(주)정상\x07기업\x7f", "(주)정상기업"),
]


@pytest.mark.parametrize(("name", "cell"), HOSTILE_NAMES)
def test_text_that_looks_like_a_formula_stays_text_in_excel(staff_client, name, cell):
    CompanyFactory(name=name, website="http://evil.example", employee_count=7)

    [row] = sheet_rows(export(staff_client))[1:]

    assert row[0].data_type == "s"
    # openpyxl leaves the carriage return as xlsxwriter escaped it in the XML.
    assert row[0].value.replace("_x000D_", "\r") == cell
    assert row[12].hyperlink is None
    assert row[7].data_type == "n"
    assert row[7].value == 7


@pytest.mark.parametrize(("name", "cell"), HOSTILE_NAMES)
def test_text_that_looks_like_a_formula_stays_text_in_csv(staff_client, name, cell):
    CompanyFactory(name=name, employee_count=7)

    [header, row] = csv_rows(export(staff_client, format="csv"))

    assert header[0] == "company name"
    assert row[0] == cell
    assert row[7] == "7"


def test_csv_is_utf8_with_bom_so_excel_shows_hangul(staff_client):
    CompanyFactory(name="빛고을모빌리티", employee_count=3)

    response = export(staff_client, format="csv")

    assert response.content.startswith("\ufeff".encode())
    assert "빛고을모빌리티".encode() in response.content
    assert b"\r\n" in response.content
    assert re.fullmatch(
        r'attachment; filename="companies-management-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )


def test_export_keeps_the_list_order_and_sorting(staff_client):
    CompanyFactory(name="다온", employee_count=5)
    CompanyFactory(name="가온", employee_count=1)
    CompanyFactory(name="나래", employee_count=30)

    assert names(sheet_rows(export(staff_client))) == ["가온", "나래", "다온"]
    sorted_rows = sheet_rows(export(staff_client, o="-employee_count"))
    assert names(sorted_rows) == ["나래", "다온", "가온"]


@pytest.mark.parametrize("query", [{"stage": "bogus"}, {"assigned_staff": "999999"}])
def test_invalid_filter_exports_only_the_header(staff_client, query):
    CompanyFactory()

    rows = sheet_rows(export(staff_client, **query))

    assert len(rows) == 1
    assert len(rows[0]) == COLUMNS


def test_export_filters_by_assigned_staff_and_flags(staff_client, staff):
    colleague = UserFactory(name="이담당")
    CompanyFactory(name="내 기업", assigned_staff=staff, is_in_gwangju=True)
    CompanyFactory(name="동료 기업", assigned_staff=colleague, is_in_gwangju=True)
    CompanyFactory(name="서울 기업", assigned_staff=staff, is_in_gwangju=False)
    CompanyFactory(name="휴면 기업", assigned_staff=staff, is_active=False)

    query = {"assigned_staff": staff.pk, "is_in_gwangju": "true", "is_active": "true"}
    assert names(sheet_rows(export(staff_client, **query))) == ["내 기업"]


def test_file_name_is_clear(staff_client):
    response = export(staff_client, purpose="reporting")
    assert re.fullmatch(
        r'attachment; filename="companies-reporting-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_export_queries_do_not_grow_with_rows(staff_client, assert_flat_queries):
    CompanyFactory.create_batch(2)

    def grow():
        staff = UserFactory()
        for company in CompanyFactory.create_batch(30, assigned_staff=staff):
            InteractionFactory(company=company)

    # Expect 16 queries: session, user, two-factor checks (3), companies with their interaction
    # counts, the access record (10: the chain's first row is made now).
    _, response = assert_flat_queries(staff_client, EXPORT, grow, data=MANAGEMENT)
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
    if status == 200:
        confirm_password(client)
    assert export(client).status_code == status


def test_anonymous_export_redirects_to_login(client):
    response = export(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_executive_export_contains_every_company(client, executive, company, other_company):
    client.force_login(executive)
    confirm_password(client)
    assert sorted(names(sheet_rows(export(client)))) == sorted([company.name, other_company.name])


# --- the purpose ------------------------------------------------------------------------------


def test_without_a_purpose_the_form_is_shown_with_the_filters_kept(staff_client):
    response = staff_client.get(EXPORT, {"industry": "energy", "q": "무등"})

    assert response.status_code == 200
    assert response.templates[0].name == "core/export_form.html"
    page = response.content.decode()
    assert '<input type="hidden" name="industry" value="energy">' in page
    assert '<input type="hidden" name="q" value="무등">' in page
    assert f'action="{EXPORT}"' in page
    for value in ExportPurpose.values:
        assert f'value="{value}"' in page


@pytest.mark.parametrize("purpose", ["", "bogus", "marketing"])
def test_an_invalid_purpose_shows_the_form_with_an_error(staff_client, purpose):
    response = staff_client.get(EXPORT, {"purpose": purpose, "industry": "energy"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["purpose"]
    assert '<input type="hidden" name="industry" value="energy">' in response.content.decode()


def test_the_form_page_renders_in_korean(client, staff):
    client.force_login(staff)
    page = client.get(EXPORT).content.decode()
    for label in ("사업 관리", "성과 보고", "행사 안내", "감사 대응"):
        assert label in page


@pytest.mark.parametrize("purpose", list(COMPANY_COLUMNS_BY_PURPOSE))
def test_each_purpose_gets_exactly_its_columns(staff_client, purpose):
    CompanyFactory(representative="홍길동")

    rows = sheet_rows(export(staff_client, purpose=purpose))

    with translation.override("en"):
        expected = [str(COMPANY_COLUMNS[key]) for key in COMPANY_COLUMNS_BY_PURPOSE[purpose]]
    assert [cell.value for cell in rows[0]] == expected
    assert ("홍길동" in [cell.value for cell in rows[1]]) == (
        "representative" in COMPANY_COLUMNS_BY_PURPOSE[purpose]
    )


def test_reporting_and_event_invitations_leave_people_out(staff_client, staff):
    CompanyFactory(representative="홍길동", assigned_staff=staff)
    for purpose in ("reporting", "event_notice"):
        header = [cell.value for cell in sheet_rows(export(staff_client, purpose=purpose))[0]]
        assert "representative" not in header
        assert "assigned staff" not in header


def test_post_with_a_purpose_and_the_carried_filters_returns_the_file(staff_client):
    CompanyFactory(name="무등에너지", industry=Industry.ENERGY)
    CompanyFactory(name="빛고을헬스케어", industry=Industry.HEALTHCARE)

    response = staff_client.post(EXPORT, {"purpose": "audit", "industry": "energy"})

    assert names(sheet_rows(response)) == ["무등에너지"]


# --- re-authentication ------------------------------------------------------------------------


def test_a_download_without_a_recent_password_goes_to_reauthentication(client, staff):
    client.force_login(staff)
    assert client.get(EXPORT).status_code == 200  # the form itself needs no password

    response = export(client, industry="energy")

    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE + "?next=")
    assert "purpose%3Dmanagement" in response["Location"]


def test_the_posted_download_resumes_after_the_password(client, staff):
    CompanyFactory(name="무등에너지", industry=Industry.ENERGY)
    CompanyFactory(name="빛고을헬스케어", industry=Industry.HEALTHCARE)
    client.force_login(staff)

    response = client.post(EXPORT, {"purpose": "reporting", "industry": "energy"})
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTHENTICATE}?next=%2Fcompanies%2Fexport%2F"

    response = client.post(REAUTHENTICATE, {"password": TEST_PASSWORD, "next": EXPORT})

    assert names(sheet_rows(response)) == ["무등에너지"]
    assert "representative" not in [cell.value for cell in sheet_rows(response)[0]]


def test_a_wrong_password_gives_no_file(client, staff):
    client.force_login(staff)
    client.post(EXPORT, MANAGEMENT)
    response = client.post(REAUTHENTICATE, {"password": "wrong-password", "next": EXPORT})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_password_counts_for_five_minutes(client, staff):
    client.force_login(staff)
    with time_machine.travel("2024-07-01 10:00:00 +0900", tick=False) as traveller:
        confirm_password(client)
        traveller.move_to("2024-07-01 10:04:59 +0900")
        assert export(client).status_code == 200
        traveller.move_to("2024-07-01 10:05:01 +0900")
        response = export(client)
        assert response.status_code == 302
        assert response["Location"].startswith(REAUTHENTICATE)
