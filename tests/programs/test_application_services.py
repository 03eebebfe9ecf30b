"""Rules of applications: eligibility, evaluation and selection."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from companies.models import GrowthStage
from programs.models import Application, Decision, Evaluation
from programs.services import application_create, application_decide, evaluation_record
from tests.factories import SEOUL, CompanyFactory, StageChangeFactory, UserFactory
from tests.programs.factories import (
    ApplicationFactory,
    CallFactory,
    EvaluationFactory,
    SelectedApplicationFactory,
)
from tests.programs.helpers import messages
from users.models import Role

# --- applications: eligibility -------------------------------------------------------------


def test_eligible_company_applies_and_its_stage_is_recorded(company, staff):
    call = CallFactory(eligible_stages=[GrowthStage.EARLY])
    application = application_create(
        call=call, company=company, by=staff, applied_on=date(2022, 3, 10)
    )
    assert (application.stage, application.registered_by, application.decision) == (
        GrowthStage.EARLY,
        staff,
        Decision.PENDING,
    )


def test_company_in_a_stage_the_call_does_not_accept_is_refused_naming_the_stage(staff):
    company = CompanyFactory(name="무등도약", stage=GrowthStage.SCALE_UP)
    call = CallFactory(eligible_stages=[GrowthStage.PRE_STARTUP, GrowthStage.EARLY])
    with pytest.raises(ValidationError) as error:
        application_create(call=call, company=company, by=staff, applied_on=date(2022, 3, 10))
    assert messages(error) == [
        "무등도약 is in the Scale-up stage, which this call does not accept "
        "(eligible: Pre-startup, Early)."
    ]
    assert not Application.objects.exists()


def test_eligibility_uses_the_stage_on_the_application_date(staff):
    company = CompanyFactory(name="첨단성장", stage=GrowthStage.GROWTH)
    StageChangeFactory(company=company, stage=GrowthStage.EARLY, effective_on=date(2019, 5, 1))
    StageChangeFactory(company=company, stage=GrowthStage.GROWTH, effective_on=date(2022, 3, 8))
    call = CallFactory(eligible_stages=[GrowthStage.EARLY])
    with pytest.raises(ValidationError) as error:
        application_create(call=call, company=company, by=staff, applied_on=date(2022, 3, 10))
    assert "in the Growth stage" in messages(error)[0]
    application = application_create(
        call=call, company=company, by=staff, applied_on=date(2022, 3, 7)
    )
    assert application.stage == GrowthStage.EARLY


def test_company_without_a_stage_cannot_apply(staff):
    company = CompanyFactory(name="단계없음", stage="")
    call = CallFactory()
    with pytest.raises(ValidationError) as error:
        application_create(call=call, company=company, by=staff, applied_on=date(2022, 3, 10))
    assert messages(error) == [
        "단계없음 has no growth stage on 2022-03-10; record its stage before it applies."
    ]


def test_application_date_outside_the_call_period_is_refused(company, staff):
    call = CallFactory(opens_on=date(2022, 3, 2), closes_on=date(2022, 3, 31))
    with pytest.raises(ValidationError) as error:
        application_create(call=call, company=company, by=staff, applied_on=date(2022, 4, 1))
    assert error.value.message_dict["applied_on"] == [
        "The application date must fall within the call period (2022-03-02 to 2022-03-31)."
    ]


@time_machine.travel("2022-03-10 09:00 +09:00", tick=False)
def test_application_date_in_the_future_is_refused(company, staff):
    call = CallFactory()
    with pytest.raises(ValidationError) as error:
        application_create(call=call, company=company, by=staff, applied_on=date(2022, 3, 11))
    assert error.value.message_dict["applied_on"] == [
        "The application date cannot be in the future."
    ]
    assert application_create(call=call, company=company, by=staff).applied_on == date(2022, 3, 10)


def test_a_company_applies_once_per_call(company, staff):
    call = CallFactory()
    application_create(call=call, company=company, by=staff, applied_on=date(2022, 3, 10))
    with pytest.raises(ValidationError) as error:
        application_create(call=call, company=company, by=staff, applied_on=date(2022, 3, 11))
    assert messages(error) == ["This company has already applied to this call."]
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(call=call, company=company)


# --- evaluation ------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [-1, 101, 1000])
def test_scores_outside_0_to_100_are_refused(staff, score):
    application = ApplicationFactory()
    with pytest.raises(ValidationError) as error:
        evaluation_record(application=application, evaluator=staff, score=score)
    assert error.value.message_dict["score"] == ["Scores run from 0 to 100."]
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("score", [0, 100])
def test_scores_at_the_limits_are_accepted(staff, score):
    application = ApplicationFactory()
    assert evaluation_record(application=application, evaluator=staff, score=score).score == score


def test_the_database_refuses_a_score_above_100():
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationFactory(score=101)


def test_one_score_per_evaluator(staff):
    application = ApplicationFactory()
    evaluation_record(application=application, evaluator=staff, score=80)
    with pytest.raises(ValidationError) as error:
        evaluation_record(application=application, evaluator=staff, score=90)
    assert messages(error) == ["You have already scored this application."]
    assert list(application.evaluations.values_list("score", flat=True)) == [80]
    evaluation_record(application=application, evaluator=UserFactory(role=Role.STAFF), score=60)
    assert application.evaluations.count() == 2


def test_only_staff_score(executive):
    with pytest.raises(ValidationError) as error:
        evaluation_record(application=ApplicationFactory(), evaluator=executive, score=80)
    assert messages(error) == ["Only programme staff can score applications."]


def test_no_scores_after_the_decision(staff):
    application = SelectedApplicationFactory()
    with pytest.raises(ValidationError) as error:
        evaluation_record(application=application, evaluator=staff, score=80)
    assert messages(error) == ["The selection has been decided; scores can no longer be added."]


# --- selection ------------------------------------------------------------------------------


def test_not_selected_needs_a_reason(staff):
    application = ApplicationFactory()
    with pytest.raises(ValidationError) as error:
        application_decide(
            application=application, decision=Decision.NOT_SELECTED, by=staff, decision_reason=" "
        )
    assert error.value.message_dict["decision_reason"] == [
        "Give a reason when an application is not selected."
    ]
    application.refresh_from_db()
    assert application.decision == Decision.PENDING


@time_machine.travel("2022-04-01 10:00 +09:00", tick=False)
def test_decision_records_who_and_when(staff):
    application = ApplicationFactory()
    decided = application_decide(
        application=application,
        decision=Decision.NOT_SELECTED,
        by=staff,
        decision_reason="평가 점수 미달",
    )
    decided.refresh_from_db()
    assert (decided.decision, decided.decision_reason, decided.decided_by) == (
        Decision.NOT_SELECTED,
        "평가 점수 미달",
        staff,
    )
    assert decided.decided_at.astimezone(SEOUL).isoformat() == "2022-04-01T10:00:00+09:00"


def test_selected_needs_no_reason_and_a_decision_is_final(staff):
    application = ApplicationFactory()
    application_decide(application=application, decision=Decision.SELECTED, by=staff)
    with pytest.raises(ValidationError) as error:
        application_decide(
            application=application,
            decision=Decision.NOT_SELECTED,
            by=staff,
            decision_reason="재검토",
        )
    assert messages(error)[0].startswith("This application was already decided on ")
    application.refresh_from_db()
    assert application.decision == Decision.SELECTED


def test_pending_is_not_a_decision(staff):
    with pytest.raises(ValidationError) as error:
        application_decide(application=ApplicationFactory(), decision=Decision.PENDING, by=staff)
    assert error.value.message_dict["decision"] == ["Choose selected or not selected."]


def test_the_database_refuses_a_rejection_without_reason(staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectedApplicationFactory(decision=Decision.NOT_SELECTED, decision_reason="")
