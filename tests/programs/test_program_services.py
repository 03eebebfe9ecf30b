"""Rules of programmes, their budgets and calls."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from companies.models import GrowthStage
from programs.models import Call, ProgramBudget, SupportType
from programs.services import program_create, program_set_budget
from tests.programs.factories import CallFactory, ProgramFactory
from tests.programs.helpers import messages

# --- programmes and budgets ---------------------------------------------------------------


def test_program_is_created_with_its_first_budget():
    program = program_create(
        name="창업 멘토링",
        support_type=SupportType.MENTORING,
        budget_year=2022,
        budget_krw=800_000_000,
    )
    assert list(program.budgets.values_list("year", "amount_krw")) == [(2022, 800_000_000)]


def test_budget_year_without_amount_is_refused():
    with pytest.raises(ValidationError) as error:
        program_create(name="시제품 제작", support_type=SupportType.PROTOTYPE, budget_year=2022)
    assert messages(error) == ["Give both the budget year and the amount, or neither."]


def test_setting_a_years_budget_again_replaces_the_figure():
    program = ProgramFactory()
    program_set_budget(program=program, year=2022, amount_krw=100)
    program_set_budget(program=program, year=2022, amount_krw=250)
    program_set_budget(program=program, year=2023, amount_krw=300)
    assert dict(program.budgets.values_list("year", "amount_krw")) == {2022: 250, 2023: 300}


def test_one_budget_per_program_and_year_in_the_database():
    program = ProgramFactory()
    ProgramBudget.objects.create(program=program, year=2022, amount_krw=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramBudget.objects.create(program=program, year=2022, amount_krw=2)


# --- calls ----------------------------------------------------------------------------------


def test_call_cannot_close_before_it_opens_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(opens_on=date(2022, 3, 10), closes_on=date(2022, 3, 9))


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ([], "This field cannot be blank."),
        ("early", "Choose at least one eligible growth stage."),
        (["early", "unicorn"], "Unknown growth stage: unicorn."),
        (["early", "early"], "Each growth stage may appear only once."),
    ],
)
def test_eligible_stages_are_validated(stages, message):
    call = CallFactory.build(program=ProgramFactory(), eligible_stages=stages)
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert error.value.message_dict["eligible_stages"] == [message]


def test_call_model_accepts_only_its_stages():
    call = Call(eligible_stages=[GrowthStage.GROWTH, GrowthStage.EARLY])
    assert call.accepts(GrowthStage.EARLY)
    assert not call.accepts(GrowthStage.SCALE_UP)
    assert not call.accepts("")
    assert [str(label) for label in call.eligible_stage_labels] == ["Early", "Growth"]
