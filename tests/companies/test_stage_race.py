"""Two staff members record a growth-stage change for the same company and day at the same
moment: one change is recorded, the other gets the duplicate-date message, never a 500."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from companies.models import StageChange
from companies.services import company_change_stage
from tests.concurrency import postgres_only, race
from tests.factories import CompanyFactory, StaffFactory


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_stage_changes_for_one_day_record_one():
    company = CompanyFactory()
    staff = StaffFactory()
    day = date(2024, 3, 5)

    def change(stage):
        return lambda: company_change_stage(
            company=company, stage=stage, effective_on=day, by=staff
        )

    results = race(change("growth"), change("scale_up"))
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(refused) == 1, results
    assert refused[0].message_dict == {
        "effective_on": ["This company already has a stage change on that date."]
    }
    assert StageChange.objects.filter(company=company, effective_on=day).count() == 1
