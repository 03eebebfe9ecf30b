"""Registering and editing a company, its stage and contacts: bad input is a form error that
keeps what was typed."""

import unicodedata
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, GrowthStage, StageChange
from tests.companies.pages import LIST, company_post, form_errors, names
from tests.factories import CompanyFactory, valid_business_number


def test_staff_registers_a_company_with_its_first_stage(client, staff):
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post())
    company = Company.objects.get(business_number="1348672683")
    assert response.status_code == 302
    assert response["Location"] == company.get_absolute_url()
    assert company.stage == GrowthStage.EARLY
    assert StageChange.objects.get(company=company).effective_on == date(2021, 3, 2)


def test_wrong_check_digit_is_refused_and_input_kept(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("companies:create"), company_post(business_number="134-86-72684")
    )
    assert response.status_code == 200
    assert form_errors(response, "business_number") == [
        "사업자등록번호 검증번호가 맞지 않습니다. 번호를 확인해 주세요."
    ]
    assert 'value="134-86-72684"' in response.content.decode()
    assert 'value="첨단모빌리티"' in response.content.decode()
    assert not Company.objects.exists()


def test_duplicate_registration_number_names_the_existing_company(client, staff):
    CompanyFactory(name="먼저등록", business_number="1348672683")
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post(business_number="1348672683"))
    assert form_errors(response, "business_number") == [
        "사업자등록번호 134-86-72683은(는) 이미 먼저등록(으)로 등록되어 있습니다."
    ]
    assert Company.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "가" * 50_000),
        ("name", "빛고을\x00헬스"),
        ("representative", "a\x00b"),
        ("description", "x" * 50_000),
        ("employee_count", "-5"),
        ("employee_count", "열두명"),
        ("founded_on", "2021-13-40"),
        ("website", "javascript:alert(1)"),
        ("ksic_code", "DROP TABLE"),
        ("industry", "mining"),
        ("corporate_number", "12345"),
    ],
)
def test_bad_input_gives_a_form_error_not_a_500(client, staff, field, value):
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post(**{field: value}))
    assert response.status_code == 200
    assert form_errors(response, field)
    assert not Company.objects.exists()


def test_future_founding_date_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post(founded_on="2999-01-01"))
    assert form_errors(response, "founded_on")


def test_decomposed_hangul_name_is_stored_composed(client, staff):
    client.force_login(staff)
    client.post(
        reverse("companies:create"), company_post(name=unicodedata.normalize("NFD", "첨단모빌리티"))
    )
    assert Company.objects.get().name == "첨단모빌리티"
    assert names(client.get(LIST, {"q": "모빌"})) == ["첨단모빌리티"]


def test_staff_edits_and_deactivates_a_company(client, staff, company):
    client.force_login(staff)
    data = company_post(business_number=company.business_number, is_active="")
    data.pop("stage")
    response = client.post(reverse("companies:update", args=[company.pk]), data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.name, company.is_active) == ("첨단모빌리티", False)
    assert company.deactivated_on == timezone.localdate()  # left empty: today in Seoul


def test_deactivation_keeps_the_date_given_and_reactivation_clears_it(client, staff, company):
    client.force_login(staff)
    url = reverse("companies:update", args=[company.pk])
    data = company_post(business_number=company.business_number, is_active="")
    data.pop("stage")
    client.post(url, {**data, "deactivated_on": "2024-03-31"})
    company.refresh_from_db()
    assert (company.is_active, company.deactivated_on) == (False, date(2024, 3, 31))
    client.post(url, {**data, "is_active": "on", "deactivated_on": "2024-03-31"})
    company.refresh_from_db()
    assert (company.is_active, company.deactivated_on) == (True, None)


def test_deactivation_date_in_the_future_is_a_form_error(client, staff, company):
    client.force_login(staff)
    data = company_post(business_number=company.business_number, is_active="")
    data.pop("stage")
    response = client.post(
        reverse("companies:update", args=[company.pk]), {**data, "deactivated_on": "2999-01-01"}
    )
    assert response.status_code == 200
    assert form_errors(response, "deactivated_on")
    company.refresh_from_db()
    assert company.is_active


def test_stage_change_view_records_history(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:stage_change", args=[company.pk]),
        {"stage": "growth", "effective_on": "2023-01-02", "note": "매출 성장"},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.stage == "growth"
    assert company.stage_changes.get().recorded_by == staff


def test_stage_change_in_the_future_is_a_form_error(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:stage_change", args=[company.pk]),
        {"stage": "growth", "effective_on": "2999-01-02"},
    )
    assert response.status_code == 200
    assert form_errors(response, "effective_on")


def test_add_contact(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:contact_add", args=[company.pk]),
        {"name": "이영희", "title": "CTO", "email": "lee@example.kr", "phone": "010-1234-5678"},
    )
    assert response.status_code == 302
    assert company.contact_links.get().person.name == "이영희"


def test_add_contact_with_bad_phone_keeps_input(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:contact_add", args=[company.pk]),
        {"name": "이영희", "phone": "<script>"},
    )
    assert form_errors(response, "phone")
    assert 'value="이영희"' in response.content.decode()


def test_business_numbers_made_by_the_factory_are_valid():
    from core.validators import clean_business_number

    for n in range(50):
        assert clean_business_number(valid_business_number(n))


def test_field_errors_are_linked_to_their_input_for_screen_readers(client, staff):
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post(business_number="12"))
    content = response.content.decode()
    assert 'aria-describedby="id_business_number_helptext id_business_number_error"' in content
    assert 'aria-invalid="true"' in content
    assert content.count('id="id_business_number_error"') == 1
