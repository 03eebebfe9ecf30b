"""A pre-startup (예비창업) has no business registration number yet: the number is optional
for it, unique when present, and required once the firm registers (founded, or past the
pre-startup stage), in the database, the forms, the stage service, imports and exports."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from companies.exports import COMPANY_COLUMNS, company_table
from companies.forms import CompanyCreateForm, CompanyForm, CompanyPickerField
from companies.models import Company, GrowthStage
from companies.services import company_change_stage
from core.exports import ExportPurpose
from tests.companies.import_files import CONFIRM, csv_upload, dry_run, errors_of, row
from tests.factories import CompanyFactory

NEEDED = (
    "Enter the business registration number: only a pre-startup that has not registered "
    "its business yet may leave it empty."
)


def pre_startup(**fields) -> Company:
    return CompanyFactory(
        business_number="", founded_on=None, stage=GrowthStage.PRE_STARTUP, **fields
    )


def test_pre_startups_have_no_number_and_several_may_go_without():
    first, second = pre_startup(), pre_startup()
    assert first.business_number == second.business_number == ""
    assert first.business_number_display == ""


def test_a_number_stays_unique_when_present():
    taken = CompanyFactory()
    with pytest.raises(ValidationError) as error, translation.override("en"):
        CompanyFactory.build(business_number=taken.business_number).validate_constraints()
    assert "A company with this business registration number exists already." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyFactory(business_number=taken.business_number)


@pytest.mark.parametrize(
    "fields",
    [
        {"founded_on": date(2021, 3, 2), "stage": GrowthStage.PRE_STARTUP},
        {"founded_on": None, "stage": GrowthStage.EARLY},
    ],
)
def test_a_registered_firm_needs_its_number_in_the_database(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyFactory(business_number="", **fields)


def form_data(**overrides) -> dict:
    data = {
        "name": "빛고을예비창업팀",
        "business_number": "",
        "representative": "홍길동",
        "industry": "healthcare",
        "employee_count": "0",
        "stage": GrowthStage.PRE_STARTUP,
    }
    return {**data, **overrides}


def test_the_create_form_takes_a_pre_startup_without_a_number():
    form = CompanyCreateForm(data=form_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["business_number"] == ""


@pytest.mark.parametrize(
    "overrides",
    [{"stage": GrowthStage.EARLY}, {"stage": ""}, {"founded_on": "2021-03-02"}],
)
def test_the_create_form_asks_for_the_number_of_a_registered_firm(overrides):
    with translation.override("en"):
        form = CompanyCreateForm(data=form_data(**overrides))
        assert not form.is_valid()
        assert form.errors["business_number"] == [NEEDED]


def test_the_edit_form_keeps_the_number_of_a_registered_firm():
    company = CompanyFactory(stage=GrowthStage.GROWTH)
    data = form_data(name=company.name, stage=None, is_active="on")
    with translation.override("en"):
        form = CompanyForm(data=data, instance=company)
        assert not form.is_valid()
        assert form.errors["business_number"] == [NEEDED]


def test_moving_past_pre_startup_needs_the_number_first(staff):
    company = pre_startup()
    with pytest.raises(ValidationError) as error, translation.override("en"):
        company_change_stage(
            company=company, stage=GrowthStage.EARLY, effective_on=date(2024, 5, 1), by=staff
        )
    assert error.value.message_dict["stage"] == [
        "Enter the company's business registration number first: a firm past the "
        "pre-startup stage has registered its business."
    ]
    company.refresh_from_db()
    assert company.stage == GrowthStage.PRE_STARTUP


def test_import_takes_pre_startups_without_numbers_and_no_duplicate_is_reported(staff_client):
    rows = [
        row(1, 사업자등록번호="", 설립일="", 성장단계="예비창업"),
        row(2, 사업자등록번호="", 설립일="", 성장단계="예비창업"),
        row(3, 사업자등록번호="", 성장단계="초기"),
    ]
    with translation.override("en"):
        response = dry_run(staff_client, csv_upload(rows))
    assert [(line, column) for line, column, _message in errors_of(response)] == [
        (4, "사업자등록번호")
    ]
    token = dry_run(staff_client, csv_upload(rows[:2])).context["token"]
    assert staff_client.post(CONFIRM, {"token": token}).status_code == 302
    imported = Company.objects.filter(name__in=["빛고을에이아이1", "빛고을에이아이2"])
    assert sorted(imported.values_list("business_number", "stage")) == [
        ("", GrowthStage.PRE_STARTUP),
        ("", GrowthStage.PRE_STARTUP),
    ]


def test_export_and_pickers_show_no_number_for_a_pre_startup():
    company = pre_startup(name="빛고을예비창업팀")
    table = company_table(
        queryset=Company.objects.filter(pk=company.pk).with_list_relations(),
        purpose=ExportPurpose.MANAGEMENT,
    )
    [cells] = table.rows
    header = str(COMPANY_COLUMNS["business_number"])
    assert cells[table.headers.index(header)] is None  # an empty cell, not "--"
    assert CompanyPickerField().label_from_instance(company) == "빛고을예비창업팀"
