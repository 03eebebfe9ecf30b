"""Importing companies and their contacts from CSV or Excel: dry run, then all or nothing."""

import csv
import io
import unicodedata
import zipfile
from datetime import date

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from companies.imports import companies_import, validate_rows
from companies.models import Company, CompanyContact, GrowthStage, Industry, Person, StageChange
from core.validators import business_number_of, clean_business_number
from tests.factories import CompanyFactory, PersonFactory

IMPORT = reverse("companies:import")
CONFIRM = reverse("companies:import_confirm")
TEMPLATE = reverse("companies:import_template")
LIST = reverse("companies:list")

HEADER = [
    "기업명",
    "사업자등록번호",
    "법인등록번호",
    "대표자",
    "설립일",
    "주소",
    "광주소재",
    "주력산업",
    "표준산업분류",
    "종업원수",
    "홈페이지",
    "성장단계",
    "담당자명",
    "담당자직위",
    "담당자이메일",
    "담당자전화",
]
CONTACT_COLUMNS = ["담당자명", "담당자직위", "담당자이메일", "담당자전화"]


def number(i: int) -> str:
    """A valid registration number the factories never make (their digits 4-5 are 81-87)."""
    return business_number_of(200 + i, 88, 5000 + i)


def hyphenated(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def row(i: int, **overrides) -> dict:
    values = {
        "기업명": f"빛고을에이아이{i}",
        "사업자등록번호": hyphenated(number(i)),
        "법인등록번호": "",
        "대표자": "홍길동",
        "설립일": "2021-03-02",
        "주소": "광주광역시 북구 첨단과기로 123",
        "광주소재": "Y",
        "주력산업": "헬스케어",
        "표준산업분류": "J58221",
        "종업원수": "12",
        "홈페이지": "https://example.kr",
        "성장단계": "초기",
        "담당자명": f"김담당{i}",
        "담당자직위": "대리",
        "담당자이메일": f"contact{i}@example.kr",
        "담당자전화": "062-123-4567",
    }
    values.update(overrides)
    return values


def csv_bytes(rows, *, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(title, "") for title in header])
    return buffer.getvalue().encode(encoding)


def csv_upload(rows, *, name="companies.csv", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows, **kwargs), content_type="text/csv")


def xlsx_upload(rows, *, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append([values.get(title) for title in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "companies.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.fixture
def staff_client(client, staff):
    """Staff, with English pages so messages can be compared with the source strings."""
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def dry_run(client, upload):
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 200
    return response


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def errors_of(response) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in response.context["result"].errors]


def english(callable_, *args) -> str:
    with translation.override("en"):
        try:
            callable_(*args)
        except ValidationError as error:
            return error.messages[0]
    raise AssertionError("no ValidationError")


# --- a clean file ----------------------------------------------------------------------------


def test_clean_csv_dry_run_lists_rows_and_writes_nothing(staff_client):
    response = dry_run(staff_client, csv_upload([row(1), row(2), row(3)]))

    result = response.context["result"]
    assert result.errors == []
    assert [r["line"] for r in result.rows] == [2, 3, 4]
    assert response.context["token"]
    assert CONFIRM in response.content.decode()
    assert Company.objects.count() == 0
    assert Person.objects.count() == 0


def test_dry_run_page_shows_numbers_hyphenated_and_says_when_rows_are_cut(staff_client):
    response = dry_run(staff_client, csv_upload([row(i) for i in range(1, 103)]))

    page = response.content.decode()
    assert hyphenated(number(1)) in page
    assert hyphenated(number(100)) in page
    assert hyphenated(number(101)) not in page
    assert "The first 100 of 102 rows are shown." in page
    assert "Import 102 companies" in page


def test_confirm_imports_companies_contacts_and_stage_history(staff_client, staff):
    rows = [
        row(1, 기업명=unicodedata.normalize("NFD", "빛고을헬스케어")),
        row(2, 성장단계="", 주력산업="에너지", 광주소재="N"),
        row(3, 성장단계="도약", 주력산업="Automotive", **dict.fromkeys(CONTACT_COLUMNS, "")),
    ]
    token = dry_run(staff_client, csv_upload(rows)).context["token"]
    assert token
    assert Company.objects.count() == 0

    response = staff_client.post(CONFIRM, {"token": token})

    assert response.status_code == 302
    assert response["Location"] == reverse("companies:list")
    assert message_texts(response) == ["3 companies were imported."]
    first = Company.objects.get(business_number=number(1))
    assert first.name == "빛고을헬스케어"
    assert first.name == unicodedata.normalize("NFC", first.name)
    assert Company.objects.filter(name="빛고을헬스케어").exists()
    assert first.founded_on == date(2021, 3, 2)
    assert first.is_in_gwangju is True
    assert first.industry == Industry.HEALTHCARE
    assert first.employee_count == 12
    assert first.stage == GrowthStage.EARLY
    second = Company.objects.get(business_number=number(2))
    assert (second.stage, second.industry, second.is_in_gwangju) == ("", Industry.ENERGY, False)
    third = Company.objects.get(business_number=number(3))
    assert (third.stage, third.industry) == (GrowthStage.SCALE_UP, Industry.AUTOMOTIVE)

    changes = StageChange.objects.order_by("company__business_number")
    assert [(c.company_id, c.stage, c.recorded_by) for c in changes] == [
        (first.pk, GrowthStage.EARLY, staff),
        (third.pk, GrowthStage.SCALE_UP, staff),
    ]
    links = CompanyContact.objects.select_related("person").order_by("company__business_number")
    assert [
        (link.company_id, link.person.name, link.person.email, link.title, link.is_primary)
        for link in links
    ] == [
        (first.pk, "김담당1", "contact1@example.kr", "대리", True),
        (second.pk, "김담당2", "contact2@example.kr", "대리", True),
    ]


def test_contact_with_a_known_email_reuses_the_person(staff_client):
    person = PersonFactory(name="김담당", email="Kim@Example.kr")
    rows = [row(1, 담당자이메일="Kim@Example.kr"), row(2, 담당자이메일="kim@example.kr")]
    token = dry_run(staff_client, csv_upload(rows)).context["token"]

    staff_client.post(CONFIRM, {"token": token})

    assert Person.objects.count() == 1
    assert set(CompanyContact.objects.values_list("person", flat=True)) == {person.pk}


def test_same_new_email_on_two_rows_is_one_person(staff_client):
    rows = [row(1, 담당자이메일="same@example.kr"), row(2, 담당자이메일="SAME@example.kr")]
    token = dry_run(staff_client, csv_upload(rows)).context["token"]

    staff_client.post(CONFIRM, {"token": token})

    assert Person.objects.count() == 1
    assert CompanyContact.objects.count() == 2


def test_english_headers_are_accepted(staff_client):
    header = ["name", "business_number", "contact_name"]
    upload = csv_upload(
        [{"name": "무등에너지", "business_number": number(1), "contact_name": "이담당"}],
        header=header,
    )
    result = dry_run(staff_client, upload).context["result"]
    assert result.errors == []
    assert result.rows[0]["company"]["name"] == "무등에너지"


@pytest.mark.parametrize(
    "written",
    [
        "2021-03-02",
        "2021-3-2",
        "2021.03.02",
        "2021. 3. 2.",
        "2021/3/2",
        "2021년 3월 2일",
        "20210302",
        "2021-03-02 00:00:00",
    ],
)
def test_dates_as_korean_sheets_write_them_are_read(staff_client, written):
    result = dry_run(staff_client, csv_upload([row(1, 설립일=written)])).context["result"]
    assert result.errors == []
    assert result.rows[0]["company"]["founded_on"] == date(2021, 3, 2)


@pytest.mark.parametrize(("written", "count"), [("1,234", 1234), ("", 0), ("7", 7)])
def test_employee_count_with_thousands_separator_is_read(staff_client, written, count):
    result = dry_run(staff_client, csv_upload([row(1, 종업원수=written)])).context["result"]
    assert result.errors == []
    assert result.rows[0]["company"]["employee_count"] == count


def test_decomposed_or_spaced_headers_are_recognised(staff_client):
    header = [unicodedata.normalize("NFD", "기업명"), "사업자 등록번호", " 대표자 "]
    upload = csv_upload(
        [{header[0]: "무등에너지", header[1]: number(1), header[2]: "김광주"}], header=header
    )
    result = dry_run(staff_client, upload).context["result"]
    assert result.errors == []
    assert result.rows[0]["company"]["representative"] == "김광주"


# --- per-row errors ---------------------------------------------------------------------------


def test_dry_run_lists_each_row_error_with_its_row_and_column(staff_client):
    in_db = CompanyFactory(name="기존기업")
    wrong_check_digit = number(1)[:9] + str((int(number(1)[9]) + 1) % 10)
    rows = [
        row(1, 사업자등록번호=wrong_check_digit),  # line 2
        row(2, 기업명=""),  # line 3
        row(3, 설립일="2021-13-40"),  # line 4
        row(4, 사업자등록번호=in_db.business_number_display),  # line 5
        row(5),  # line 6
        row(6, 사업자등록번호=number(5)),  # line 7: same number as line 6, without hyphens
    ]

    response = dry_run(staff_client, csv_upload(rows))

    with translation.override("en"):
        required = str(Company._meta.get_field("name").error_messages["blank"])
    errors = errors_of(response)
    assert errors[0] == (
        2,
        "사업자등록번호",
        english(clean_business_number, wrong_check_digit),
    )
    assert "check digit is wrong" in errors[0][2]
    assert errors[1][:2] == (3, "기업명")
    assert errors[1][2] in {"This field is required.", required}
    assert errors[2] == (4, "설립일", "Enter a valid date.")
    assert errors[3][:2] == (5, "사업자등록번호")
    assert in_db.business_number_display in errors[3][2]
    assert errors[4] == (
        7,
        "사업자등록번호",
        "This registration number appears twice in the file (also row 6).",
    )
    assert len(errors) == 5
    assert [r["line"] for r in response.context["result"].rows] == [6]
    assert response.context["token"] == ""
    assert CONFIRM not in response.content.decode()
    assert "check digit is wrong" in response.content.decode()
    assert Company.objects.count() == 1
    assert not (settings.MEDIA_ROOT / "private" / "imports" / "companies").exists() or not any(
        (settings.MEDIA_ROOT / "private" / "imports" / "companies").iterdir()
    )


@pytest.mark.parametrize(
    ("overrides", "column"),
    [
        ({"광주소재": "아마도"}, "광주소재"),
        ({"주력산업": "조선"}, "주력산업"),
        ({"성장단계": "중견"}, "성장단계"),
        ({"종업원수": "-3"}, "종업원수"),
        ({"종업원수": "열둘"}, "종업원수"),
        ({"설립일": "2999-01-01"}, "설립일"),
        ({"법인등록번호": "12345"}, "법인등록번호"),
        ({"홈페이지": "not a url"}, "홈페이지"),
        ({"표준산업분류": "J582210"}, "표준산업분류"),
        ({"기업명": "가" * 50_000}, "기업명"),
        ({"담당자명": "", "담당자이메일": "a@example.kr"}, "담당자명"),
        ({"담당자이메일": "not-an-email"}, "담당자이메일"),
        ({"담당자전화": "call me"}, "담당자전화"),
        ({"담당자명": "", "담당자이메일": "", "담당자전화": "062-123-4567"}, "담당자명"),
    ],
)
def test_bad_cell_is_a_row_error(staff_client, overrides, column):
    response = dry_run(staff_client, csv_upload([row(1), row(2, **overrides)]))

    errors = errors_of(response)
    assert [(e[0], e[1]) for e in errors] == [(3, column)]
    assert response.context["token"] == ""
    assert Company.objects.count() == 0


def test_blank_lines_are_skipped_but_row_numbers_follow_the_sheet(staff_client):
    content = csv_bytes([row(1), {}, {}, row(2, 기업명="")])
    upload = SimpleUploadedFile("companies.csv", content)

    response = dry_run(staff_client, upload)

    assert [(e[0], e[1]) for e in errors_of(response)] == [(5, "기업명")]


# --- files that are not what they should be ------------------------------------------------


def test_cp949_csv_is_read(staff_client):
    upload = csv_upload([row(1, 기업명="무등에너지", 대표자="김광주")], encoding="cp949")

    result = dry_run(staff_client, upload).context["result"]

    assert result.errors == []
    assert result.rows[0]["company"]["name"] == "무등에너지"
    assert result.rows[0]["company"]["representative"] == "김광주"


def test_utf8_csv_with_bom_is_read(staff_client):
    upload = SimpleUploadedFile("companies.csv", b"\xef\xbb\xbf" + csv_bytes([row(1)]))
    assert dry_run(staff_client, upload).context["result"].errors == []


def test_xlsx_with_date_and_number_cells_is_read_and_imported(staff_client):
    upload = xlsx_upload(
        [
            row(
                1,
                설립일=date(2020, 7, 15),  # a real date cell
                종업원수=25.0,
                광주소재=True,
                사업자등록번호=int(number(1)),
                기업명=unicodedata.normalize("NFD", "첨단모빌리티"),
            )
        ]
    )

    response = dry_run(staff_client, upload)

    result = response.context["result"]
    assert result.errors == []
    assert result.rows[0]["company"]["founded_on"] == date(2020, 7, 15)
    assert result.rows[0]["company"]["employee_count"] == 25
    staff_client.post(CONFIRM, {"token": response.context["token"]})
    company = Company.objects.get()
    assert (company.name, company.business_number) == ("첨단모빌리티", number(1))
    assert company.founded_on == date(2020, 7, 15)
    assert company.is_in_gwangju is True


def test_empty_workbook_is_a_row_error(staff_client):
    response = dry_run(staff_client, xlsx_upload([], header=[]))
    assert errors_of(response) == [(1, "", "The file is empty.")]


def form_errors(response) -> list[str]:
    assert response.status_code == 200
    assert "result" not in response.context
    return response.context["form"].errors["file"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("companies.txt", b"a,b\r\n", "Upload one of these file types: CSV, XLSX."),
        ("companies.xls", b"\xd0\xcf\x11\xe0", "Upload one of these file types: CSV, XLSX."),
        ("companies.csv", b"\x00\x01\x02,\x00", "This file's content is not a valid CSV file."),
        ("companies.csv", b"%PDF-1.4 renamed", "This file's content is not a valid CSV file."),
        ("companies.csv", "기업명".encode("utf-16"), "must be saved as UTF-8 or CP949"),
        # a NUL byte past the first 64 KB the upload check looks at
        ("companies.csv", "기업명\n".encode() + b"a" * (70 * 1024) + b"\x00", "NUL bytes"),
        ("companies.xlsx", b"this is not a zip file", "not a valid XLSX file."),
        ("companies.xlsx", b"PK\x05\x06" + b"\x00" * 18, "not a valid XLSX file."),
    ],
)
def test_unreadable_upload_is_a_form_error(staff_client, name, content, message):
    response = staff_client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})

    assert any(message in error for error in form_errors(response))
    assert Company.objects.count() == 0


def test_zip_that_is_not_a_workbook_is_a_form_error(staff_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    upload = SimpleUploadedFile("companies.xlsx", buffer.getvalue())

    response = staff_client.post(IMPORT, {"file": upload})

    assert form_errors(response) == ["This file's content is not a valid XLSX file."]


def test_workbook_that_openpyxl_cannot_read_is_a_form_error(staff_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml <")
    upload = SimpleUploadedFile("companies.xlsx", buffer.getvalue())

    response = staff_client.post(IMPORT, {"file": upload})

    assert form_errors(response) == ["The Excel file could not be read."]


def test_empty_file_is_a_form_error(staff_client):
    response = staff_client.post(IMPORT, {"file": SimpleUploadedFile("companies.csv", b"")})
    assert form_errors(response) == ["The submitted file is empty."]


def test_missing_file_is_a_form_error(staff_client):
    response = staff_client.post(IMPORT, {})
    assert form_errors(response) == ["This field is required."]


def test_oversized_field_is_a_form_error_not_a_500(staff_client):
    content = csv_bytes([row(1, 주소="가" * 200_000)])
    response = staff_client.post(IMPORT, {"file": SimpleUploadedFile("companies.csv", content)})
    assert response.status_code == 200
    assert Company.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b" \r\n", [(1, "", "The file is empty.")]),
        (csv_bytes([]), [(2, "", "The file has a header but no rows.")]),
        (
            csv_bytes([row(1)], header=["대표자", "주소"]),
            [(1, "", "Required columns are missing: 기업명, 사업자등록번호")],
        ),
        (
            csv_bytes([row(1)], header=["기업명", "대표자"]),
            [(1, "", "Required columns are missing: 사업자등록번호")],
        ),
    ],
)
def test_file_level_problem_is_a_row_error(staff_client, content, expected):
    response = dry_run(staff_client, SimpleUploadedFile("companies.csv", content))

    assert errors_of(response) == expected
    assert response.context["token"] == ""
    assert Company.objects.count() == 0


def test_headers_only_xlsx_is_a_row_error(staff_client):
    response = dry_run(staff_client, xlsx_upload([]))
    assert errors_of(response) == [(2, "", "The file has a header but no rows.")]


def test_too_many_rows_is_refused(staff_client, settings, monkeypatch):
    monkeypatch.setattr("companies.imports.MAX_ROWS", 2)
    response = dry_run(staff_client, csv_upload([row(1), row(2), row(3)]))
    assert errors_of(response) == [(1, "", "At most 2 rows can be imported at once.")]


def test_file_larger_than_the_limit_is_refused(staff_client, settings):
    assert settings.IMPORT_MAX_BYTES == 10 * 1024 * 1024
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    content = csv_bytes([row(1), row(2)]) + b"," * (1024 * 1024)
    response = staff_client.post(IMPORT, {"file": SimpleUploadedFile("companies.csv", content)})
    assert form_errors(response) == ["The file is larger than 1 MB."]


# --- all or nothing ---------------------------------------------------------------------------


def test_failure_midway_writes_nothing(staff_client, monkeypatch):
    token = dry_run(staff_client, csv_upload([row(1), row(2), row(3)])).context["token"]

    def broken_bulk_create(*args, **kwargs):
        raise IntegrityError("simulated failure")

    monkeypatch.setattr(CompanyContact.objects, "bulk_create", broken_bulk_create)
    response = staff_client.post(CONFIRM, {"token": token})

    assert response.status_code == 302
    assert response["Location"] == IMPORT
    assert Company.objects.count() == 0
    assert StageChange.objects.count() == 0
    assert Person.objects.count() == 0
    [message] = message_texts(response)
    assert message.startswith("Nothing was imported")
    assert "simulated failure" not in message


def test_company_registered_between_dry_run_and_confirm_writes_nothing(staff_client):
    token = dry_run(staff_client, csv_upload([row(1), row(2), row(3)])).context["token"]
    CompanyFactory(name="먼저등록", business_number=number(2))

    response = staff_client.post(CONFIRM, {"token": token})

    assert response["Location"] == IMPORT
    assert list(Company.objects.values_list("name", flat=True)) == ["먼저등록"]
    [message] = message_texts(response)
    assert message.startswith("Nothing was imported")
    assert "3" in message  # the row that now clashes
    assert hyphenated(number(2)) in message


def test_confirm_cannot_be_replayed(staff_client):
    token = dry_run(staff_client, csv_upload([row(1)])).context["token"]
    first = staff_client.post(CONFIRM, {"token": token}, follow=True)  # shows its message
    assert first.redirect_chain == [(reverse("companies:list"), 302)]
    assert Company.objects.count() == 1

    response = staff_client.post(CONFIRM, {"token": token})

    assert response.status_code == 302
    assert response["Location"] == IMPORT
    assert message_texts(response) == [
        "This import has expired or was already run; upload it again."
    ]
    assert Company.objects.count() == 1
    assert not any((settings.MEDIA_ROOT / "private" / "imports" / "companies").iterdir())


def test_failed_confirm_cannot_be_replayed(staff_client, monkeypatch):
    token = dry_run(staff_client, csv_upload([row(1)])).context["token"]
    monkeypatch.setattr(
        CompanyContact.objects, "bulk_create", lambda *a, **k: (_ for _ in ()).throw(IntegrityError)
    )
    staff_client.post(CONFIRM, {"token": token})
    monkeypatch.undo()

    response = staff_client.post(CONFIRM, {"token": token})

    assert response["Location"] == IMPORT
    assert Company.objects.count() == 0


@pytest.mark.parametrize("token", ["", "0" * 32, "../../etc/passwd"])
def test_unknown_token_is_refused(staff_client, token):
    response = staff_client.post(CONFIRM, {"token": token})
    assert response["Location"] == IMPORT
    assert Company.objects.count() == 0


def test_token_of_another_session_is_refused(staff_client, staff):
    token = dry_run(staff_client, csv_upload([row(1)])).context["token"]
    other = Client()
    other.force_login(staff)
    response = other.post(CONFIRM, {"token": token})

    assert response["Location"] == IMPORT
    assert Company.objects.count() == 0


def test_uploaded_file_is_stored_outside_static_and_removed_after_import(staff_client):
    token = dry_run(staff_client, csv_upload([row(1)])).context["token"]
    stored = list((settings.MEDIA_ROOT / "private" / "imports" / "companies").iterdir())
    assert [path.name for path in stored] == [f"{token}.csv"]

    staff_client.post(CONFIRM, {"token": token})

    assert list((settings.MEDIA_ROOT / "private" / "imports" / "companies").iterdir()) == []


def test_only_the_latest_unconfirmed_dry_runs_are_kept(staff_client, monkeypatch):
    monkeypatch.setattr("core.imports.MAX_PENDING_IMPORTS", 2)
    tokens = [dry_run(staff_client, csv_upload([row(i)])).context["token"] for i in range(1, 4)]

    stored = sorted(
        path.name for path in (settings.MEDIA_ROOT / "private" / "imports" / "companies").iterdir()
    )
    assert stored == sorted(f"{token}.csv" for token in tokens[1:])
    assert staff_client.post(CONFIRM, {"token": tokens[0]})["Location"] == IMPORT
    assert staff_client.post(CONFIRM, {"token": tokens[2]})["Location"] == LIST
    assert list(Company.objects.values_list("business_number", flat=True)) == [number(3)]


def test_many_row_errors_are_summarised_in_the_confirm_message(staff_client):
    rows = [row(i) for i in range(1, 9)]
    token = dry_run(staff_client, csv_upload(rows)).context["token"]
    for i in range(1, 9):
        CompanyFactory(business_number=number(i))

    [message] = message_texts(staff_client.post(CONFIRM, {"token": token}))

    assert message.startswith("Nothing was imported: Row 2: ")
    assert "Row 6: " in message
    assert "Row 7: " not in message
    assert message.endswith("(and 3 more errors)")


def test_confirm_is_post_only(staff_client):
    assert staff_client.get(CONFIRM).status_code == 405


def test_service_refuses_numbers_registered_since_validation(staff):
    result = validate_rows([HEADER, list(row(1).values()), list(row(2).values())])
    assert result.is_valid
    CompanyFactory(business_number=number(2))

    with pytest.raises(ValidationError) as caught, translation.override("en"):
        companies_import(result=result, by=staff)

    assert caught.value.messages == [
        f"Some registration numbers were registered meanwhile: {number(2)}"
    ]
    assert Company.objects.count() == 1


def test_service_refuses_a_result_with_errors(staff):
    result = validate_rows([HEADER, list(row(1, 기업명="").values())])

    with pytest.raises(ValidationError) as caught, translation.override("en"):
        companies_import(result=result, by=staff)

    assert caught.value.messages == ["Fix the errors in the file before importing."]
    assert Company.objects.count() == 0


# --- who may import ---------------------------------------------------------------------------


def test_firm_user_may_not_import(client, firm_user, staff):
    client.force_login(staff)
    token = dry_run(client, csv_upload([row(1)])).context["token"]
    client.force_login(firm_user)

    assert client.post(IMPORT, {"file": csv_upload([row(2)])}).status_code == 403
    assert client.post(CONFIRM, {"token": token}).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert list(Company.objects.all()) == [firm_user.company]


# --- the template ------------------------------------------------------------------------------


def test_template_is_utf8_csv_with_bom_and_korean_headers(staff_client):
    response = staff_client.get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == HEADER


def test_template_example_row_passes_the_dry_run(staff_client):
    content = staff_client.get(TEMPLATE).content
    response = dry_run(staff_client, SimpleUploadedFile("template.csv", content))
    assert response.context["result"].errors == []
    assert len(response.context["result"].rows) == 1


def test_page_renders_in_korean_by_default(client, staff):
    client.force_login(staff)
    response = client.post(IMPORT, {"file": csv_upload([row(1, 기업명="")])})
    assert response.status_code == 200
    assert "기업명" in response.content.decode()
    assert errors_of(response)[0][:2] == (2, "기업명")
