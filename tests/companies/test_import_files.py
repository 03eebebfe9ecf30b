"""Importing companies: files that are not what they should be (encodings, workbooks, empty,
too large) are read or refused with a clear error."""

import io
import unicodedata
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from companies.models import Company
from tests.companies.import_files import (
    CONFIRM,
    IMPORT,
    csv_bytes,
    csv_upload,
    dry_run,
    errors_of,
    form_errors,
    number,
    row,
    xlsx_upload,
)


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
