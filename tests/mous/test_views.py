from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mous.models import Mou, MouStage, MouStageChange, Relocation, RelocationType
from tests.factories import CompanyFactory, MentorAssignmentFactory
from tests.mous.factories import PDF_BYTES, MouFactory, RelocationFactory

SEOUL = ZoneInfo("Asia/Seoul")
LIST = reverse("mous:list")
CREATE = reverse("mous:create")
SUMMARY = reverse("mous:summary")
RELOCATIONS = reverse("mous:relocation_list")
LONG = "가" * 50_000


def names(response):
    return [mou.company.name for mou in response.context["mous"]]


def mou_post(target, **overrides):
    data = {
        "company": target.pk,
        "signed_on": "2021-05-03",
        "parties": "광주광역시, 인공지능산업융합사업단, 빛고을헬스케어",
        "planned_investment_krw": "1,500,000,000",
        "planned_local_hires": "20",
        "relocation_type": "headquarters",
        "next_follow_up_on": "2021-08-01",
        "is_signed_outside": "on",
        "signed_outside_on": "2021-05-03",
        "note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors(response, field):
    return response.context["form"].errors.get(field, [])


def error_codes(response, field):
    """Codes, not texts: pages render Korean, and the catalogue is filled in later."""
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


# --- list: filters, search, sorting ------------------------------------------------------


def test_list_filters_by_stage_type_and_year(client, staff):
    MouFactory(company=CompanyFactory(name="가온"), stage=MouStage.CONSIDERING)
    MouFactory(company=CompanyFactory(name="나래"), relocation_type=RelocationType.LAB)
    MouFactory(company=CompanyFactory(name="다온"), signed_on=date(2022, 7, 1))
    client.force_login(staff)
    assert names(client.get(LIST, {"stage": "considering"})) == ["가온"]
    assert names(client.get(LIST, {"relocation_type": "lab"})) == ["나래"]
    assert names(client.get(LIST, {"year": "2022"})) == ["다온"]
    assert sorted(names(client.get(LIST, {"year": "2021"}))) == ["가온", "나래"]


def test_list_search_and_sort(client, staff):
    MouFactory(company=CompanyFactory(name="빛고을모빌리티"), planned_investment_krw=5)
    MouFactory(company=CompanyFactory(name="빛고을에너지"), planned_investment_krw=50)
    MouFactory(company=CompanyFactory(name="무등AI"), planned_investment_krw=10)
    client.force_login(staff)
    assert sorted(names(client.get(LIST, {"q": "빛고을"}))) == ["빛고을모빌리티", "빛고을에너지"]
    assert names(client.get(LIST, {"o": "-planned_investment_krw"})) == [
        "빛고을에너지",
        "무등AI",
        "빛고을모빌리티",
    ]
    assert names(client.get(LIST, {"o": "company"})) == ["무등AI", "빛고을모빌리티", "빛고을에너지"]


@time_machine.travel(datetime(2024, 3, 6, 0, 30, tzinfo=SEOUL), tick=False)
def test_list_overdue_filter(client, staff):
    MouFactory(company=CompanyFactory(name="늦음"), next_follow_up_on=date(2024, 3, 5))
    MouFactory(company=CompanyFactory(name="오늘"), next_follow_up_on=date(2024, 3, 6))
    MouFactory(
        company=CompanyFactory(name="종료"),
        stage=MouStage.LAPSED,
        next_follow_up_on=date(2024, 1, 1),
    )
    client.force_login(staff)
    response = client.get(LIST, {"overdue": "true"})
    assert names(response) == ["늦음"]
    assert [mou.is_follow_up_overdue for mou in response.context["mous"]] == [True]
    assert sorted(names(client.get(LIST, {"overdue": "false"}))) == ["오늘", "종료"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "twenty"}, "year"),
        ({"year": "1800"}, "year"),
        ({"stage": "nonsense"}, "stage"),
        ({"q": LONG}, "q"),
        ({"q": "빛\x00고을"}, "q"),
        ({"year": "9" * 50_000}, "year"),
    ],
)
def test_bad_filter_input_is_a_form_error_and_kept(client, staff, params, field):
    MouFactory()
    client.force_login(staff)
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert list(response.context["mous"]) == []
    assert b'class="app-empty"' in response.content
    if field == "year" and params["year"] == "twenty":
        assert 'value="twenty"' in response.content.decode()


def test_bad_page_numbers_are_handled(client, staff):
    for n in range(55):
        MouFactory(company=CompanyFactory(name=f"회사{n:03d}"))
    client.force_login(staff)
    for page in ("abc", "99999", "-1"):
        assert client.get(LIST, {"page": page, "o": "company"}).status_code == 200
    assert len(names(client.get(LIST, {"page": "2"}))) == 5


def test_empty_state(client, staff):
    client.force_login(staff)
    response = client.get(LIST)
    assert b'class="app-empty"' in response.content


def test_list_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    MouFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(20):
        mou = MouFactory()
        RelocationFactory(company=mou.company, mou=mou)
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)
    assert len(response.context["mous"]) == 22


def test_relocation_list_filters_and_queries(client, executive, django_assert_max_num_queries):
    mou = MouFactory(company=CompanyFactory(name="연결"))
    RelocationFactory(company=mou.company, mou=mou, from_region="gyeonggi")
    RelocationFactory(company=CompanyFactory(name="단독"), moved_on=date(2022, 1, 3))
    client.force_login(executive)
    with CaptureQueriesContext(connection) as few:
        response = client.get(RELOCATIONS, {"has_mou": "true"})
    few_count = len(few)  # read now: later requests reset the query log
    assert [r.company.name for r in response.context["relocations"]] == ["연결"]
    assert [
        r.company.name for r in client.get(RELOCATIONS, {"year": "2022"}).context["relocations"]
    ] == ["단독"]
    assert [
        r.company.name
        for r in client.get(RELOCATIONS, {"from_region": "gyeonggi"}).context["relocations"]
    ] == ["연결"]
    for _ in range(15):
        mou = MouFactory()
        RelocationFactory(company=mou.company, mou=mou)
    with django_assert_max_num_queries(few_count):
        response = client.get(RELOCATIONS, {"has_mou": "true"})
    assert len(response.context["relocations"]) == 16


# --- detail, summary, company page ---------------------------------------------------------


def test_detail_shows_commitments_beside_what_happened(client, executive):
    company = CompanyFactory(name="첨단모빌리티", employee_count=37)
    mou = MouFactory(company=company, planned_local_hires=25, planned_investment_krw=1_500_000_000)
    RelocationFactory(company=company, mou=mou, moved_on=date(2021, 9, 1))
    MouStageChange.objects.create(
        mou=mou, stage=MouStage.OPENED, effective_on=date(2021, 9, 1), recorded_by=mou.created_by
    )
    client.force_login(executive)
    response = client.get(mou.get_absolute_url())
    content = response.content.decode()
    assert "1,500,000,000" in content
    assert "37" in content and "25" in content
    assert "2021-09-01" in content
    assert [c.stage for c in response.context["mou"].stage_changes.all()] == [
        MouStage.OPENED,
        MouStage.SIGNED,
    ]
    # Executives read; only staff see the edit buttons.
    assert reverse("mous:update", args=[mou.pk]) not in content


def test_detail_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    mou = MouFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(mou.get_absolute_url())
    for n in range(8):
        RelocationFactory(company=mou.company, mou=mou, moved_on=date(2021, 1, 1 + n))
        MouStageChange.objects.create(
            mou=mou,
            stage=MouStage.CONSIDERING if n % 2 else MouStage.OPENED,
            effective_on=date(2021, 4, 1 + n),
            recorded_by=mou.created_by,
        )
    with django_assert_max_num_queries(len(few)):
        client.get(mou.get_absolute_url())


def test_summary_page_and_queries(client, executive, django_assert_max_num_queries):
    client.force_login(executive)
    MouFactory(signed_on=date(2020, 5, 1))
    with CaptureQueriesContext(connection) as few:
        response = client.get(SUMMARY)
    assert response.context["summary"].total.signed == 1
    for year in (2020, 2021, 2022):
        for stage in MouStage.values[1:]:
            mou = MouFactory(signed_on=date(year, 6, 1), stage=stage)
            RelocationFactory(company=mou.company, mou=mou)
    with django_assert_max_num_queries(len(few)):
        response = client.get(SUMMARY)
    summary = response.context["summary"]
    assert [row.year for row in summary.years] == [2020, 2021, 2022]
    assert summary.total.signed == 16
    assert summary.relocated_firms == 15


def test_company_page_section_and_queries(client, staff, company, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("companies:sections", args=[company.pk])
    MouFactory(company=company)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["mou_section"]["mous"]) == 1
    assert 'id="company-mous"' in response.content.decode()
    for n in range(6):
        mou = MouFactory(company=company, signed_on=date(2021, 1, 1 + n))
        RelocationFactory(company=company, mou=mou, moved_on=date(2022, 1, 1 + n))
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    section = response.context["mou_section"]
    assert (len(section["mous"]), len(section["relocations"])) == (7, 6)
    assert all(mou.relocation_count <= 1 for mou in section["mous"])


def test_mentor_sees_no_mou_section_on_the_company_page(client, mentor, company):
    MouFactory(company=company)
    client.force_login(mentor)
    response = client.get(reverse("companies:sections", args=[company.pk]))
    assert response.status_code == 200
    assert "mou_section" not in response.context
    assert 'id="company-mous"' not in response.content.decode()


# --- create, edit, stage change -------------------------------------------------------------


def test_create_signed_outside_redirects_to_the_mou(client, staff, company):
    client.force_login(staff)
    response = client.post(CREATE, mou_post(company))
    mou = Mou.objects.get()
    assert response.status_code == 302 and response["Location"] == mou.get_absolute_url()
    assert (mou.stage, mou.planned_investment_krw, mou.created_by) == (
        MouStage.SIGNED,
        1_500_000_000,
        staff,
    )


def test_create_with_pdf_and_download_as_attachment(client, staff, executive, company):
    client.force_login(staff)
    upload = SimpleUploadedFile("업무협약서.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(
        CREATE, mou_post(company, is_signed_outside=None, signed_outside_on=None, document=upload)
    )
    mou = Mou.objects.get()
    assert mou.document.name.startswith("mou/") and "업무협약서" not in mou.document.name
    client.force_login(executive)
    response = client.get(reverse("mous:document", args=[mou.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="download.pdf"; '
        "filename*=UTF-8''%EC%97%85%EB%AC%B4%ED%98%91%EC%95%BD%EC%84%9C.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_document_download_is_404_without_a_document(client, staff):
    client.force_login(staff)
    mou = MouFactory()
    assert client.get(reverse("mous:document", args=[mou.pk])).status_code == 404


def test_create_from_the_company_page_preselects_the_company(client, staff, company):
    client.force_login(staff)
    response = client.get(CREATE, {"company": company.pk})
    assert response.context["form"].initial == {"company": company.pk}
    for junk in ("x" * 50, "²", "9" * 40):
        assert client.get(CREATE, {"company": junk}).context["form"].initial == {}


def test_non_pdf_upload_is_refused_and_input_kept(client, staff, company):
    client.force_login(staff)
    upload = SimpleUploadedFile(
        "contract.pdf", b"PK\x03\x04 a zip file", content_type="application/pdf"
    )
    response = client.post(
        CREATE,
        mou_post(company, is_signed_outside=None, signed_outside_on=None, document=upload),
    )
    assert response.status_code == 200
    assert error_codes(response, "document") == ["contents"]
    assert not Mou.objects.exists()
    assert "광주광역시, 인공지능산업융합사업단, 빛고을헬스케어" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("parties", LONG),
        ("note", LONG),
        ("parties", "광주\x00광역시"),
        ("planned_investment_krw", "9" * 50_000),
        ("planned_investment_krw", "-5"),
        ("planned_local_hires", "abc"),
        ("signed_on", "2021-02-30"),
        ("signed_on", LONG),
        ("company", "\x00"),
        ("relocation_type", "castle"),
    ],
)
def test_bad_input_is_a_form_error(client, staff, company, field, value):
    client.force_login(staff)
    response = client.post(CREATE, mou_post(company, **{field: value}))
    assert response.status_code == 200
    assert errors(response, field)
    assert not Mou.objects.exists()


def test_bad_input_keeps_what_was_typed(client, staff, company):
    client.force_login(staff)
    response = client.post(
        CREATE, mou_post(company, planned_local_hires="스무명", note="다음 주 방문 예정")
    )
    content = response.content.decode()
    assert 'value="스무명"' in content
    assert "다음 주 방문 예정" in content
    assert 'value="1,500,000,000"' in content


def test_tick_and_document_together_are_a_form_error(client, staff, company):
    client.force_login(staff)
    upload = SimpleUploadedFile("a.pdf", PDF_BYTES)
    response = client.post(CREATE, mou_post(company, document=upload))
    assert errors(response, "is_signed_outside")
    assert not Mou.objects.exists()


def test_create_without_signature_saves_a_draft(client, staff, company):
    client.force_login(staff)
    response = client.post(
        CREATE, mou_post(company, is_signed_outside=None, signed_outside_on=None), follow=True
    )
    mou = Mou.objects.get()
    assert mou.stage == MouStage.DRAFT
    assert response.redirect_chain[-1][0] == mou.get_absolute_url()


def test_edit_changes_commitments_but_not_the_signature(client, staff):
    mou = MouFactory()
    client.force_login(staff)
    url = reverse("mous:update", args=[mou.pk])
    form = client.get(url).context["form"]
    assert "signed_on" not in form.fields and "company" not in form.fields
    response = client.post(
        url,
        {
            "parties": "광주광역시",
            "planned_investment_krw": "3000000000",
            "planned_local_hires": "40",
            "relocation_type": "lab",
            "next_follow_up_on": "2021-12-01",
            "signed_on": "2020-01-01",
        },
    )
    assert response.status_code == 302
    mou.refresh_from_db()
    assert (mou.planned_investment_krw, mou.relocation_type, mou.signed_on) == (
        3_000_000_000,
        "lab",
        date(2021, 3, 2),
    )


def test_stage_change_view_records_history(client, staff):
    mou = MouFactory()
    client.force_login(staff)
    url = reverse("mous:stage_change", args=[mou.pk])
    choices = [value for value, _label in client.get(url).context["form"].fields["stage"].choices]
    assert choices == ["considering", "opened", "relocated", "lapsed"]
    response = client.post(url, {"stage": "considering", "effective_on": "2021-04-01"})
    assert response.status_code == 302
    response = client.post(url, {"stage": "lapsed", "effective_on": "2021-03-01", "note": LONG})
    assert response.status_code == 200
    assert errors(response, "note")
    response = client.post(url, {"stage": "lapsed", "effective_on": "2021-03-01"})
    assert errors(response, "effective_on")
    mou.refresh_from_db()
    assert mou.stage == MouStage.CONSIDERING
    assert mou.stage_changes.count() == 2


# --- relocations ----------------------------------------------------------------------------


def relocation_post(target, **overrides):
    data = {
        "company": target.pk,
        "mou": "",
        "from_region": "seoul",
        "moved_on": "2021-09-01",
        "relocation_type": "branch",
        "gwangju_address": "광주광역시 북구 첨단과기로 208",
        "note": "",
    }
    data.update(overrides)
    return data


def test_relocation_create_links_the_mou_and_moves_it_forward(client, staff, company):
    mou = MouFactory(company=company)
    client.force_login(staff)
    url = reverse("mous:relocation_create")
    assert client.get(url, {"mou": mou.pk}).context["form"].initial["mou"] == mou.pk
    response = client.post(url, relocation_post(company, mou=mou.pk))
    assert response.status_code == 302 and response["Location"] == mou.get_absolute_url()
    mou.refresh_from_db()
    assert mou.stage == MouStage.OPENED
    assert Relocation.objects.get().mou == mou


def test_relocation_with_another_companys_mou_is_a_form_error(
    client, staff, company, other_company
):
    other_mou = MouFactory(company=other_company)
    client.force_login(staff)
    response = client.post(
        reverse("mous:relocation_create"), relocation_post(company, mou=other_mou.pk)
    )
    assert response.status_code == 200
    assert errors(response, "mou")
    assert not Relocation.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gwangju_address", "서울특별시 강남구 테헤란로 1"),
        ("gwangju_address", LONG),
        ("gwangju_address", "광주\x00광역시"),
        ("from_region", "gwangju"),
        ("moved_on", "2999-01-01"),
    ],
)
def test_relocation_bad_input(client, staff, company, field, value):
    client.force_login(staff)
    response = client.post(
        reverse("mous:relocation_create"), relocation_post(company, **{field: value})
    )
    assert response.status_code == 200
    assert errors(response, field)
    assert not Relocation.objects.exists()


def test_relocation_edit_keeps_the_company(client, staff, company):
    relocation = RelocationFactory(company=company)
    mou = MouFactory(company=company)
    client.force_login(staff)
    url = reverse("mous:relocation_update", args=[relocation.pk])
    assert list(client.get(url).context["form"].fields["mou"].queryset) == [mou]
    response = client.post(url, relocation_post(company, mou=mou.pk, from_region="busan"))
    assert response.status_code == 302
    relocation.refresh_from_db()
    assert (relocation.from_region, relocation.mou, relocation.company) == ("busan", mou, company)


def test_missing_mou_is_404_for_staff(client, staff):
    client.force_login(staff)
    assert client.get(reverse("mous:detail", args=[999999])).status_code == 404
    assert client.get(reverse("mous:update", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["mentor", "firm_user"])
def test_mentor_and_firm_get_403_before_the_lookup(client, request, company, who):
    mou = MouFactory(company=company)
    client.force_login(request.getfixturevalue(who))
    for name in ("detail", "update", "stage_change", "document"):
        assert client.get(reverse(f"mous:{name}", args=[mou.pk])).status_code == 403
        assert client.get(reverse(f"mous:{name}", args=[999999])).status_code == 403
    assert client.post(CREATE, mou_post(company)).status_code == 403
    assert not Mou.objects.exclude(pk=mou.pk).exists()


def test_mentor_assigned_to_the_company_still_gets_403(client, company, staff):
    from tests.factories import UserFactory
    from users.models import Role

    user = UserFactory(role=Role.MENTOR)
    MentorAssignmentFactory(mentor=user, company=company, assigned_by=staff)
    client.force_login(user)
    assert client.get(LIST).status_code == 403
