from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from companies.models import GrowthStage, StageChange
from companies.selectors import company_stage_on, company_timeline
from companies.services import company_change_stage, contact_add, interaction_log
from tests.factories import (
    SEOUL,
    CompanyContactFactory,
    CompanyFactory,
    InteractionFactory,
    PersonFactory,
)


@time_machine.travel("2024-06-01 10:00 +0900", tick=False)
def test_stage_history_keeps_every_change_and_answers_stage_on_a_date(staff):
    company = CompanyFactory(stage="")
    company_change_stage(
        company=company, stage=GrowthStage.PRE_STARTUP, effective_on=date(2019, 3, 1), by=staff
    )
    company_change_stage(
        company=company, stage=GrowthStage.EARLY, effective_on=date(2020, 1, 15), by=staff
    )
    company_change_stage(
        company=company, stage=GrowthStage.GROWTH, effective_on=date(2023, 1, 15), by=staff
    )

    company.refresh_from_db()
    assert company.stage == GrowthStage.GROWTH
    assert StageChange.objects.filter(company=company).count() == 3
    assert company_stage_on(company=company, on=date(2018, 12, 31)) is None
    assert company_stage_on(company=company, on=date(2019, 3, 1)) == GrowthStage.PRE_STARTUP
    assert company_stage_on(company=company, on=date(2020, 1, 14)) == GrowthStage.PRE_STARTUP
    assert company_stage_on(company=company, on=date(2022, 12, 31)) == GrowthStage.EARLY
    assert company_stage_on(company=company, on=date(2024, 6, 1)) == GrowthStage.GROWTH


@time_machine.travel("2024-06-01 10:00 +0900", tick=False)
def test_a_change_before_the_latest_recorded_one_is_refused(staff):
    company = CompanyFactory(stage="")
    company_change_stage(
        company=company, stage=GrowthStage.GROWTH, effective_on=date(2023, 1, 1), by=staff
    )
    with pytest.raises(ValidationError) as info, translation.override("en"):
        company_change_stage(
            company=company, stage=GrowthStage.EARLY, effective_on=date(2020, 1, 1), by=staff
        )
    assert info.value.message_dict == {
        "effective_on": [
            "A stage change cannot take effect before the latest recorded change (2023-01-01)."
        ]
    }
    company.refresh_from_db()
    assert company.stage == GrowthStage.GROWTH
    assert StageChange.objects.filter(company=company).count() == 1


@time_machine.travel("2024-06-01 10:00 +0900", tick=False)
def test_a_change_before_the_founding_is_refused_but_pre_startup_may_precede_it(staff):
    company = CompanyFactory(stage="", founded_on=date(2021, 4, 1))
    with pytest.raises(ValidationError) as info, translation.override("en"):
        company_change_stage(
            company=company, stage=GrowthStage.EARLY, effective_on=date(2021, 3, 31), by=staff
        )
    assert info.value.message_dict == {
        "effective_on": [
            "A stage change cannot take effect before the company was founded (2021-04-01)."
        ]
    }
    assert info.value.error_dict["effective_on"][0].code == "before_founding"
    assert not StageChange.objects.filter(company=company).exists()

    company_change_stage(
        company=company, stage=GrowthStage.PRE_STARTUP, effective_on=date(2020, 6, 1), by=staff
    )
    company_change_stage(
        company=company, stage=GrowthStage.EARLY, effective_on=date(2021, 4, 1), by=staff
    )
    assert list(company.stage_changes.values_list("stage", flat=True)) == [
        GrowthStage.EARLY,
        GrowthStage.PRE_STARTUP,
    ]


@time_machine.travel("2024-06-01 10:00 +0900", tick=False)
def test_the_current_stage_again_is_refused(staff):
    company = CompanyFactory(stage="")
    company_change_stage(
        company=company, stage=GrowthStage.GROWTH, effective_on=date(2022, 1, 1), by=staff
    )
    with pytest.raises(ValidationError) as info, translation.override("en"):
        company_change_stage(
            company=company, stage=GrowthStage.GROWTH, effective_on=date(2024, 1, 1), by=staff
        )
    assert info.value.message_dict == {"stage": ["The company is already at this stage (Growth)."]}
    assert company.stage_changes.count() == 1


@time_machine.travel("2024-06-01 10:00 +0900", tick=False)
def test_without_history_the_companys_stage_is_the_current_one(staff):
    """A company registered with a stage but no dated change yet: the same stage is refused."""
    company = CompanyFactory(stage=GrowthStage.EARLY)
    with pytest.raises(ValidationError) as info:
        company_change_stage(
            company=company, stage=GrowthStage.EARLY, effective_on=date(2024, 1, 1), by=staff
        )
    assert info.value.error_dict["stage"][0].code == "same_stage"


@time_machine.travel("2024-06-01 10:00 +0900", tick=False)
def test_the_three_refusals_have_three_distinct_messages(staff):
    """Future, before the founding or the latest change, and the same stage each say which."""
    company = CompanyFactory(stage="", founded_on=date(2019, 5, 1))
    company_change_stage(
        company=company, stage=GrowthStage.EARLY, effective_on=date(2020, 1, 1), by=staff
    )
    attempts = [
        (GrowthStage.GROWTH, date(2024, 6, 2)),
        (GrowthStage.GROWTH, date(2019, 1, 1)),
        (GrowthStage.GROWTH, date(2019, 12, 31)),
        (GrowthStage.EARLY, date(2024, 1, 1)),
    ]
    messages = []
    for stage, on in attempts:
        with pytest.raises(ValidationError) as info, translation.override("en"):
            company_change_stage(company=company, stage=stage, effective_on=on, by=staff)
        messages.extend(info.value.messages)
    assert len(set(messages)) == 4, messages
    assert "in the future" in messages[0]
    assert "before the company was founded" in messages[1]
    assert "before the latest recorded change" in messages[2]
    assert "already at this stage" in messages[3]


@time_machine.travel("2024-12-31 23:30 +0900", tick=False)
def test_future_stage_change_is_refused_using_seoul_today(staff):
    """At 23:30 in Seoul it is already the 31st; 2025-01-01 is still the future."""
    company = CompanyFactory()
    company_change_stage(
        company=company, stage=GrowthStage.GROWTH, effective_on=date(2024, 12, 31), by=staff
    )
    with pytest.raises(ValidationError) as info:
        company_change_stage(
            company=company, stage=GrowthStage.SCALE_UP, effective_on=date(2025, 1, 1), by=staff
        )
    assert info.value.message_dict["effective_on"] == [
        "A stage change cannot take effect in the future."
    ]


def test_two_changes_on_one_day_are_refused(staff):
    company = CompanyFactory(stage="")
    company_change_stage(
        company=company, stage=GrowthStage.EARLY, effective_on=date(2020, 1, 1), by=staff
    )
    with pytest.raises(ValidationError) as info:
        company_change_stage(
            company=company, stage=GrowthStage.GROWTH, effective_on=date(2020, 1, 1), by=staff
        )
    assert "already has a stage change on that date" in str(info.value)


def test_contact_add_reuses_a_person_by_email_across_companies():
    first, second = CompanyFactory(), CompanyFactory()
    a = contact_add(company=first, name="김철수", email="kim@example.kr", title="대표")
    b = contact_add(company=second, name="김철수", email="KIM@example.kr", title="고문")
    assert a.person_id == b.person_id
    assert {link.company_id for link in a.person.company_links.all()} == {first.pk, second.pk}
    with pytest.raises(ValidationError, match="already a contact"):
        contact_add(company=first, name="김철수", email="kim@example.kr")


def test_only_one_main_contact_per_company():
    company = CompanyFactory()
    first = contact_add(company=company, name="가", is_primary=True)
    second = contact_add(company=company, name="나", is_primary=True)
    first.refresh_from_db()
    assert (first.is_primary, second.is_primary) == (False, True)


def test_interaction_participants_must_be_the_companys_contacts(staff):
    company = CompanyFactory()
    outsider = PersonFactory()
    with pytest.raises(ValidationError) as info:
        interaction_log(
            company=company,
            by=staff,
            kind="meeting",
            occurred_at=InteractionFactory.occurred_at,
            summary="회의",
            participants=[outsider],
        )
    assert info.value.message_dict["participants"] == [
        "Participants must be contacts of this company."
    ]


def test_timeline_merges_interactions_and_stage_changes_newest_first(staff):
    from datetime import datetime

    company = CompanyFactory()
    contact = CompanyContactFactory(company=company)
    old = InteractionFactory(company=company, occurred_at=datetime(2021, 5, 1, 9, tzinfo=SEOUL))
    new = interaction_log(
        company=company,
        by=staff,
        kind="visit",
        occurred_at=datetime(2023, 5, 1, 9, tzinfo=SEOUL),
        summary="현장 방문",
        participants=[contact.person],
    )
    change = company_change_stage(
        company=company, stage=GrowthStage.GROWTH, effective_on=date(2022, 1, 1), by=staff
    )
    timeline = company_timeline(company=company, user=staff)
    assert [entry.obj for entry in timeline] == [new, change, old]
