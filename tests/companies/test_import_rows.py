"""Importing companies from CSV or Excel: a clean file's dry run and import, and the errors
listed per row."""

import unicodedata
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from companies.models import Company, CompanyContact, GrowthStage, Industry, Person, StageChange
from core.validators import clean_business_number
from tests.companies.import_files import (
    CONFIRM,
    CONTACT_COLUMNS,
    csv_bytes,
    csv_upload,
    dry_run,
    english,
    errors_of,
    hyphenated,
    message_texts,
    number,
    row,
)
from tests.factories import CompanyFactory, PersonFactory

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
