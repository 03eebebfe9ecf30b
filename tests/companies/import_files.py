"""What the company-import test modules share: the import URLs, building CSV and Excel files
of valid rows, and reading the dry run's page."""

import csv
import io

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from core.validators import business_number_of

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


def form_errors(response) -> list[str]:
    assert response.status_code == 200
    assert "result" not in response.context
    return response.context["form"].errors["file"]
