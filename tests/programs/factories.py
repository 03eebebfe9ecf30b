"""Factories for programmes, calls, applications and awards (valid data by default)."""

from datetime import date, datetime

import factory

from companies.models import GrowthStage
from programs.models import (
    Application,
    AwardInstalment,
    AwardStatus,
    Call,
    Decision,
    Disbursement,
    Evaluation,
    Program,
    ProgramBudget,
    SupportAward,
    SupportType,
)
from tests.factories import SEOUL, CompanyFactory, StaffFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"창업 멘토링 {n}")
    support_type = SupportType.MENTORING


class ProgramBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramBudget

    program = factory.SubFactory(ProgramFactory)
    year = 2022
    amount_krw = 800_000_000


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"2022년 창업 멘토링 참여기업 모집 공고 {n}")
    opens_on = date(2022, 3, 2)
    closes_on = date(2022, 3, 31)
    eligible_stages = factory.LazyFunction(lambda: [GrowthStage.PRE_STARTUP, GrowthStage.EARLY])


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    company = factory.SubFactory(CompanyFactory)
    applied_on = date(2022, 3, 10)
    stage = GrowthStage.EARLY
    registered_by = factory.SubFactory(StaffFactory)


class SelectedApplicationFactory(ApplicationFactory):
    decision = Decision.SELECTED
    decided_by = factory.SelfAttribute("registered_by")
    decided_at = datetime(2022, 4, 1, 10, tzinfo=SEOUL)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    application = factory.SubFactory(ApplicationFactory)
    evaluator = factory.SubFactory(StaffFactory)
    score = 80


class SupportAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportAward

    program = factory.SubFactory(ProgramFactory)
    company = factory.SubFactory(CompanyFactory)
    awarded_on = date(2022, 4, 15)
    amount_krw = 10_000_000
    starts_on = date(2022, 5, 1)
    ends_on = date(2022, 12, 31)
    status = AwardStatus.ACTIVE
    # A cancelled award is dated (the database insists); by default cancelled the day it was
    # made, so it counts in no report.
    cancelled_on = factory.LazyAttribute(
        lambda award: award.awarded_on if award.status == AwardStatus.CANCELLED else None
    )
    recorded_by = factory.SubFactory(StaffFactory)


class AwardInstalmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardInstalment

    award = factory.SubFactory(SupportAwardFactory)
    due_on = date(2022, 5, 1)
    amount_krw = 5_000_000
    recorded_by = factory.SubFactory(StaffFactory)


class DisbursementFactory(factory.django.DjangoModelFactory):
    """A disbursement row; keep the award's disbursed_krw in step when creating it directly."""

    class Meta:
        model = Disbursement
        skip_postgeneration_save = True

    award = factory.SubFactory(SupportAwardFactory)
    paid_on = date(2022, 5, 2)
    amount_krw = 1_000_000
    recorded_by = factory.SubFactory(StaffFactory)

    @factory.post_generation
    def keep_award_in_step(obj, create, extracted, **kwargs):
        if create:
            award = obj.award
            award.disbursed_krw += obj.amount_krw
            award.save(update_fields=["disbursed_krw"])
