"""The growth-stage forms show the service's refusals on the field they concern."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from companies.models import Company, GrowthStage, StageChange
from tests.companies.pages import company_post, form_errors
from tests.factories import CompanyFactory, StageChangeFactory

pytestmark = pytest.mark.usefixtures("english_pages")
TODAY = "2024-06-01 10:00 +0900"


def _post_change(client, company, **data):
    return client.post(reverse("companies:stage_change", args=[company.pk]), data)


@time_machine.travel(TODAY, tick=False)
def test_a_date_before_the_latest_change_is_a_field_error_and_records_nothing(client, staff):
    company = CompanyFactory(stage=GrowthStage.GROWTH)
    StageChangeFactory(company=company, stage=GrowthStage.GROWTH, effective_on=date(2023, 2, 1))
    client.force_login(staff)

    response = _post_change(client, company, stage="scale_up", effective_on="2022-12-31")

    assert response.status_code == 200
    assert form_errors(response, "effective_on") == [
        "A stage change cannot take effect before the latest recorded change (2023-02-01)."
    ]
    assert company.stage_changes.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_date_before_the_founding_is_a_field_error(client, staff):
    company = CompanyFactory(stage="", founded_on=date(2022, 7, 1))
    client.force_login(staff)

    response = _post_change(client, company, stage="early", effective_on="2022-06-30")

    assert form_errors(response, "effective_on") == [
        "A stage change cannot take effect before the company was founded (2022-07-01)."
    ]
    assert not company.stage_changes.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_same_stage_is_an_error_on_the_stage_field(client, staff):
    company = CompanyFactory(stage=GrowthStage.EARLY)
    StageChangeFactory(company=company, stage=GrowthStage.EARLY, effective_on=date(2020, 1, 1))
    client.force_login(staff)

    response = _post_change(client, company, stage="early", effective_on="2024-05-01")

    assert form_errors(response, "stage") == ["The company is already at this stage (Early)."]
    assert company.stage_changes.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_future_date_is_refused_with_its_own_message(client, staff):
    company = CompanyFactory(stage="")
    client.force_login(staff)

    response = _post_change(client, company, stage="growth", effective_on="2024-06-02")

    assert form_errors(response, "effective_on") == [
        "A stage change cannot take effect in the future."
    ]


@time_machine.travel(TODAY, tick=False)
def test_the_form_says_which_dates_are_accepted(client, staff):
    company = CompanyFactory(stage=GrowthStage.EARLY)
    StageChangeFactory(company=company, stage=GrowthStage.EARLY, effective_on=date(2020, 1, 1))
    client.force_login(staff)

    response = client.get(reverse("companies:stage_change", args=[company.pk]))

    assert "The current stage is Early since 2020-01-01" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_create_form_refuses_a_first_stage_before_the_founding(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("companies:create"),
        company_post(founded_on="2021-03-02", stage="early", stage_effective_on="2021-03-01"),
    )

    assert response.status_code == 200
    assert form_errors(response, "stage_effective_on") == [
        "A stage change cannot take effect before the company was founded (2021-03-02)."
    ]
    assert not Company.objects.filter(name="첨단모빌리티").exists()
    assert not StageChange.objects.exists()
