"""Rules of awards: from a selected application, and the duplicate-support check."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programs.models import AwardStatus, Decision, SupportAward, SupportType
from programs.services import application_create, award_create
from tests.programs.factories import (
    CallFactory,
    ProgramFactory,
    SelectedApplicationFactory,
    SupportAwardFactory,
)
from tests.programs.helpers import messages

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
