"""Rules of an award's schedule and disbursements, also under concurrency (PostgreSQL)."""

import threading
import time
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from programs.models import AwardStatus, Disbursement, SupportAward
from programs.services import award_change_status, award_disburse, award_plan_instalment
from tests.programs.factories import (
    AwardInstalmentFactory,
    DisbursementFactory,
    SupportAwardFactory,
)
from tests.programs.helpers import messages

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
