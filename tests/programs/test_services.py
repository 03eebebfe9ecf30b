"""Rules of programmes, calls, applications, selection, awards and disbursements."""

import threading
import time
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from companies.models import GrowthStage
from programs.models import (
    Application,
    AwardStatus,
    Call,
    Decision,
    Disbursement,
    Evaluation,
    ProgramBudget,
    SupportAward,
    SupportType,
)
from programs.services import (
    application_create,
    application_decide,
    award_change_status,
    award_create,
    award_disburse,
    award_plan_instalment,
    evaluation_record,
    program_create,
    program_set_budget,
)
from tests.factories import SEOUL, CompanyFactory, StageChangeFactory, UserFactory
from tests.programs.factories import (
    ApplicationFactory,
    AwardInstalmentFactory,
    CallFactory,
    DisbursementFactory,
    EvaluationFactory,
    ProgramFactory,
    SelectedApplicationFactory,
    SupportAwardFactory,
)
from users.models import Role


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


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


# --- awards -----------------------------------------------------------------------------------


def award_kwargs(**overrides):
    data = {
        "awarded_on": date(2022, 4, 15),
        "amount_krw": 10_000_000,
        "starts_on": date(2022, 5, 1),
        "ends_on": date(2022, 12, 31),
    }
    data.update(overrides)
    return data


def test_award_from_a_selected_application(staff):
    application = SelectedApplicationFactory()
    award = award_create(
        program=application.call.program,
        company=application.company,
        application=application,
        by=staff,
        **award_kwargs(),
    )
    assert (award.application, award.status, award.disbursed_krw) == (
        application,
        AwardStatus.PLANNED,
        0,
    )


@pytest.mark.parametrize(
    ("decision", "label"), [(Decision.NOT_SELECTED, "Not selected"), (Decision.PENDING, "Pending")]
)
def test_award_for_an_application_not_selected_is_refused(staff, decision, label):
    application = SelectedApplicationFactory(decision=decision, decision_reason="점수 미달")
    with pytest.raises(ValidationError) as error:
        award_create(
            program=application.call.program,
            company=application.company,
            application=application,
            by=staff,
            **award_kwargs(),
        )
    assert messages(error) == [
        f"Only a selected application can receive an award; this one is {label}."
    ]
    assert not SupportAward.objects.exists()


def test_one_award_per_application(staff):
    application = SelectedApplicationFactory()
    target = {"program": application.call.program, "company": application.company}
    award_create(application=application, by=staff, **target, **award_kwargs())
    with pytest.raises(ValidationError) as error:
        award_create(
            application=application,
            by=staff,
            duplicate_reason="두 번째",
            **target,
            **award_kwargs(),
        )
    assert messages(error) == ["This application already has an award."]


def test_award_must_match_the_applications_company(staff, other_company):
    application = SelectedApplicationFactory()
    with pytest.raises(ValidationError) as error:
        award_create(
            program=application.call.program,
            company=other_company,
            application=application,
            by=staff,
            **award_kwargs(),
        )
    assert messages(error) == ["The application belongs to another company or programme."]


def test_award_period_cannot_end_before_it_starts(staff, company):
    with pytest.raises(ValidationError) as error:
        award_create(
            program=ProgramFactory(),
            company=company,
            by=staff,
            **award_kwargs(starts_on=date(2022, 5, 1), ends_on=date(2022, 4, 30)),
        )
    assert error.value.message_dict["ends_on"] == [
        "The support period cannot end before it starts."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportAwardFactory(starts_on=date(2022, 5, 1), ends_on=date(2022, 4, 30))


# --- duplicate-support check (중복지원 확인) ---------------------------------------------------


def test_duplicate_support_in_the_same_year_needs_a_reason_across_programs(staff, company):
    SupportAwardFactory(
        company=company,
        program=ProgramFactory(name="청년 창업 멘토링", support_type=SupportType.MENTORING),
        awarded_on=date(2022, 2, 1),
    )
    call = CallFactory(program=ProgramFactory(support_type=SupportType.MENTORING))
    with pytest.raises(ValidationError) as error:
        application_create(call=call, company=company, by=staff, applied_on=date(2022, 3, 10))
    assert error.value.message_dict["duplicate_reason"] == [
        "This company already has 1 award of this support type in 2022; give a reason to go ahead."
    ]
    application = application_create(
        call=call,
        company=company,
        by=staff,
        applied_on=date(2022, 3, 10),
        duplicate_reason="하반기 후속 멘토링: 해외 진출 준비",
    )
    assert application.duplicate_reason == "하반기 후속 멘토링: 해외 진출 준비"


def test_award_duplicating_support_needs_a_reason(staff, company):
    program = ProgramFactory(support_type=SupportType.PROTOTYPE)
    SupportAwardFactory(company=company, program=program, awarded_on=date(2022, 2, 1))
    with pytest.raises(ValidationError) as error:
        award_create(program=program, company=company, by=staff, **award_kwargs())
    assert "give a reason to go ahead" in error.value.message_dict["duplicate_reason"][0]
    award = award_create(
        program=program, company=company, by=staff, duplicate_reason="2차 시제품", **award_kwargs()
    )
    assert award.duplicate_reason == "2차 시제품"


@pytest.mark.parametrize(
    "other",
    [
        {"awarded_on": date(2021, 12, 31)},  # another year
        {"program__support_type": SupportType.OVERSEAS},  # another support type
        {"status": AwardStatus.CANCELLED},  # cancelled support is no support
    ],
)
def test_no_reason_needed_without_a_duplicate(staff, company, other):
    SupportAwardFactory(company=company, **{"awarded_on": date(2022, 2, 1), **other})
    SupportAwardFactory(awarded_on=date(2022, 2, 1))  # another company's
    call = CallFactory(program=ProgramFactory(support_type=SupportType.MENTORING))
    application = application_create(
        call=call, company=company, by=staff, applied_on=date(2022, 3, 10)
    )
    assert application.duplicate_reason == ""


# --- schedule and disbursements ---------------------------------------------------------------


def test_schedule_cannot_exceed_the_award(staff):
    award = SupportAwardFactory(amount_krw=10_000_000)
    award_plan_instalment(award=award, due_on=date(2022, 5, 1), amount_krw=6_000_000, by=staff)
    with pytest.raises(ValidationError) as error:
        award_plan_instalment(award=award, due_on=date(2022, 9, 1), amount_krw=5_000_000, by=staff)
    assert error.value.message_dict["amount_krw"] == [
        "The schedule would exceed the award: 4,000,000 won left to schedule."
    ]
    award_plan_instalment(award=award, due_on=date(2022, 9, 1), amount_krw=4_000_000, by=staff)
    assert sum(award.instalments.values_list("amount_krw", flat=True)) == 10_000_000


def test_disbursements_up_to_the_award_and_not_beyond(staff):
    award = SupportAwardFactory(amount_krw=10_000_000)
    award_disburse(award=award, paid_on=date(2022, 5, 2), amount_krw=6_000_000, by=staff)
    assert award.disbursed_krw == 6_000_000
    with pytest.raises(ValidationError) as error:
        award_disburse(award=award, paid_on=date(2022, 9, 1), amount_krw=5_000_000, by=staff)
    assert error.value.message_dict["amount_krw"] == [
        "This disbursement would exceed the award: 4,000,000 won left"
    ]
    award.refresh_from_db()
    assert award.disbursed_krw == 6_000_000
    assert Disbursement.objects.count() == 1
    last = award_disburse(award=award, paid_on=date(2022, 9, 1), amount_krw=4_000_000, by=staff)
    award.refresh_from_db()
    assert (award.disbursed_krw, award.remaining_krw, last.recorded_by) == (10_000_000, 0, staff)


def test_a_stale_award_object_cannot_overpay(staff):
    """The ceiling is checked on the row in the database, not on the object in memory."""
    award = SupportAwardFactory(amount_krw=10_000_000)
    stale = SupportAward.objects.get(pk=award.pk)
    award_disburse(award=award, paid_on=date(2022, 5, 2), amount_krw=7_000_000, by=staff)
    with pytest.raises(ValidationError) as error:
        award_disburse(award=stale, paid_on=date(2022, 5, 3), amount_krw=7_000_000, by=staff)
    assert error.value.message_dict["amount_krw"] == [
        "This disbursement would exceed the award: 3,000,000 won left"
    ]


def test_the_database_refuses_disbursed_above_the_amount():
    award = SupportAwardFactory(amount_krw=10_000_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportAward.objects.filter(pk=award.pk).update(disbursed_krw=10_000_001)


@time_machine.travel("2022-05-02 09:00 +09:00", tick=False)
def test_disbursement_in_the_future_is_refused(staff):
    award = SupportAwardFactory()
    with pytest.raises(ValidationError) as error:
        award_disburse(award=award, paid_on=date(2022, 5, 3), amount_krw=1, by=staff)
    assert error.value.message_dict["paid_on"] == ["A disbursement cannot be dated in the future."]


def test_a_cancelled_award_is_neither_scheduled_nor_paid(staff):
    award = SupportAwardFactory(status=AwardStatus.CANCELLED)
    for service, kwargs in (
        (award_disburse, {"paid_on": date(2022, 5, 2)}),
        (award_plan_instalment, {"due_on": date(2022, 5, 2)}),
    ):
        with pytest.raises(ValidationError) as error:
            service(award=award, amount_krw=1_000_000, by=staff, **kwargs)
        assert messages(error) == ["A cancelled award cannot be scheduled or paid."]
    award.refresh_from_db()
    assert award.disbursed_krw == 0


def test_an_award_with_disbursements_cannot_be_cancelled(staff):
    award = DisbursementFactory(amount_krw=2_500_000).award
    with pytest.raises(ValidationError) as error:
        award_change_status(award=award, status=AwardStatus.CANCELLED)
    assert error.value.message_dict["status"] == [
        "2,500,000 won has already been disbursed; an award with disbursements cannot be cancelled."
    ]
    assert award_change_status(award=award, status=AwardStatus.COMPLETED).status == "completed"
    unpaid = SupportAwardFactory()
    AwardInstalmentFactory(award=unpaid)
    assert award_change_status(award=unpaid, status=AwardStatus.CANCELLED).status == "cancelled"


# --- concurrency (PostgreSQL) --------------------------------------------------------------


def _in_thread(target, results, key):
    def run():
        try:
            with translation.override("en"):
                results[key] = target()
        except ValidationError as error:
            results[key] = error.message_dict["amount_krw"][0]
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_a_disbursement_waiting_on_another_cannot_exceed_the_award():
    """The first transaction holds the row; the second waits, then fails the check."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent write transactions and row locks")
    award = SupportAwardFactory(amount_krw=10_000_000)
    staff = award.recorded_by
    first_has_updated = threading.Event()
    results: dict = {}

    def first():
        with transaction.atomic():
            award_disburse(award=award, paid_on=date(2022, 5, 2), amount_krw=6_000_000, by=staff)
            first_has_updated.set()
            time.sleep(0.5)  # still holding the row when the second one tries
        return "paid"

    def second():
        first_has_updated.wait(10)
        award_disburse(award=award, paid_on=date(2022, 5, 2), amount_krw=6_000_000, by=staff)
        return "paid"

    threads = [_in_thread(first, results, "first"), _in_thread(second, results, "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == {
        "first": "paid",
        "second": "This disbursement would exceed the award: 4,000,000 won left",
    }
    award.refresh_from_db()
    assert award.disbursed_krw == 6_000_000
    assert Disbursement.objects.filter(award=award).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_disbursements_at_once_pay_out_no_more_than_the_award():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent write transactions and row locks")
    award = SupportAwardFactory(amount_krw=10_000_000)
    staff = award.recorded_by
    start = threading.Barrier(2)
    results: dict = {}

    def pay():
        start.wait(10)
        award_disburse(award=award, paid_on=date(2022, 5, 2), amount_krw=7_000_000, by=staff)
        return "paid"

    threads = [_in_thread(pay, results, n) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results.values()) == [
        "This disbursement would exceed the award: 3,000,000 won left",
        "paid",
    ]
    award.refresh_from_db()
    assert award.disbursed_krw == 7_000_000
    assert Disbursement.objects.filter(award=award).count() == 1


def test_disbursement_ceiling_holds_on_sqlite_too(staff):
    """SQLite serialises writers, so the concurrent case cannot arise there; the check
    constraint still refuses the same overpayment."""
    award = SupportAwardFactory(amount_krw=1_000)
    award_disburse(award=award, paid_on=date(2022, 5, 2), amount_krw=1_000, by=staff)
    with pytest.raises(ValidationError):
        award_disburse(award=award, paid_on=date(2022, 5, 2), amount_krw=1, by=staff)


def test_call_model_accepts_only_its_stages():
    call = Call(eligible_stages=[GrowthStage.GROWTH, GrowthStage.EARLY])
    assert call.accepts(GrowthStage.EARLY)
    assert not call.accepts(GrowthStage.SCALE_UP)
    assert not call.accepts("")
    assert [str(label) for label in call.eligible_stage_labels] == ["Early", "Growth"]
