"""Simultaneous and repeated requests on applications and awards: one decision, score or status
change per change, the other user told it changed meanwhile; an instalment form sent twice
plans once."""

import uuid
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.concurrency import ChangedMeanwhile
from core.submissions import FORM_TOKEN, RESUBMITTED
from programs.models import (
    Application,
    AwardInstalment,
    AwardStatus,
    Decision,
    Disbursement,
    Evaluation,
    SupportAward,
)
from programs.services import (
    application_decide,
    award_change_status,
    award_disburse,
    award_plan_instalment,
    evaluation_record,
)
from tests.concurrency import CHANGED, client_for, first_then, messages_of, postgres_only, race
from tests.factories import StaffFactory
from tests.programs.factories import ApplicationFactory, SupportAwardFactory

pytestmark = pytest.mark.usefixtures("english_pages")


def changed_meanwhile(result) -> bool:
    return isinstance(result, ChangedMeanwhile) and result.messages == [CHANGED]


def status_changes(award) -> list:
    """The award's history entries that changed its status."""
    return [
        entry
        for entry in LogEntry.objects.get_for_object(award)
        if entry.action == LogEntry.Action.UPDATE and "status" in entry.changes_dict
    ]


def application_copy(application):
    return Application.objects.get(pk=application.pk)


def award_copy(award):
    return SupportAward.objects.get(pk=award.pk)


# --- two requests at the same moment (PostgreSQL) --------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_decide_once():
    application = ApplicationFactory()
    anna, ben = StaffFactory(), StaffFactory()
    first, second = application_copy(application), application_copy(application)
    results = race(
        lambda: application_decide(application=first, decision=Decision.SELECTED, by=anna),
        lambda: application_decide(
            application=second, decision=Decision.NOT_SELECTED, by=ben, decision_reason="점수 미달"
        ),
    )
    assert sum(isinstance(r, Application) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    application.refresh_from_db()
    winner, decision = (
        (anna, Decision.SELECTED) if isinstance(results[0], Application) else (ben, "not_selected")
    )
    assert (application.decided_by, application.decision) == (winner, decision)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_score_sent_while_the_selection_is_decided_is_refused():
    application = ApplicationFactory()
    anna, ben = StaffFactory(), StaffFactory()
    results = first_then(
        lambda: application_decide(
            application=application_copy(application), decision=Decision.SELECTED, by=anna
        ),
        lambda: evaluation_record(
            application=application_copy(application), evaluator=ben, score=85
        ),
    )
    assert isinstance(results[0], Application) and changed_meanwhile(results[1])
    assert not Evaluation.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_evaluator_scoring_twice_at_once_scores_once():
    application = ApplicationFactory()
    evaluator = StaffFactory()
    copies = [application_copy(application), application_copy(application)]
    results = race(
        *(
            lambda a=a, s=s: evaluation_record(application=a, evaluator=evaluator, score=s)
            for a, s in zip(copies, (70, 90), strict=True)
        )
    )
    assert sum(isinstance(r, Evaluation) for r in results) == 1
    refused = next(r for r in results if isinstance(r, ValidationError))
    assert refused.messages == ["You have already scored this application."]
    assert Evaluation.objects.filter(application=application).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_status_changes_at_once_change_the_award_once():
    award = SupportAwardFactory()
    first, second = award_copy(award), award_copy(award)
    results = race(
        lambda: award_change_status(award=first, status=AwardStatus.COMPLETED),
        lambda: award_change_status(award=second, status=AwardStatus.CANCELLED),
    )
    assert sum(isinstance(r, SupportAward) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    winner = next(r for r in results if isinstance(r, SupportAward))
    assert award_copy(award).status == winner.status
    assert len(status_changes(award)) == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_disbursement_waiting_on_a_cancellation_is_refused():
    award = SupportAwardFactory(amount_krw=10_000_000)
    results = first_then(
        lambda: award_change_status(award=award_copy(award), status=AwardStatus.CANCELLED),
        lambda: award_disburse(
            award=award_copy(award), paid_on=date(2022, 5, 2), amount_krw=1, by=award.recorded_by
        ),
    )
    assert isinstance(results[0], SupportAward) and changed_meanwhile(results[1])
    assert not Disbursement.objects.exists()
    assert award_copy(award).disbursed_krw == 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_instalment_waiting_on_a_cancellation_is_refused():
    award = SupportAwardFactory()
    results = first_then(
        lambda: award_change_status(award=award_copy(award), status=AwardStatus.CANCELLED),
        lambda: award_plan_instalment(
            award=award_copy(award), due_on=date(2022, 6, 1), amount_krw=1, by=award.recorded_by
        ),
    )
    assert isinstance(results[0], SupportAward) and changed_meanwhile(results[1])
    assert not AwardInstalment.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_second_status_form_is_told_and_shown_afresh():
    award = SupportAwardFactory()
    url = reverse("programs:award_status", args=[award.pk])
    results = first_then(
        lambda: award_change_status(award=award_copy(award), status=AwardStatus.COMPLETED),
        lambda: client_for(StaffFactory()).post(
            url, {"status": AwardStatus.CANCELLED, "confirm_cancel": "on"}
        ),
    )
    response = results[1]
    assert (response.status_code, response.url) == (302, url)
    assert messages_of(response) == [("error", CHANGED)]
    assert award_copy(award).status == AwardStatus.COMPLETED
    assert len(status_changes(award)) == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_second_decision_form_is_told_and_shown_afresh():
    application = ApplicationFactory()
    url = reverse("programs:application_decide", args=[application.pk])
    results = first_then(
        lambda: application_decide(
            application=application_copy(application),
            decision=Decision.SELECTED,
            by=application.registered_by,
        ),
        lambda: client_for(StaffFactory()).post(
            url, {"decision": "not_selected", "decision_reason": "점수 미달"}
        ),
    )
    response = results[1]
    assert (response.status_code, response.url) == (302, url)
    assert messages_of(response) == [("error", CHANGED)]
    assert application_copy(application).decision == Decision.SELECTED


# --- a page read before someone else's change (both databases) -----------------------------


def test_a_status_form_read_before_another_change_changes_nothing():
    award = SupportAwardFactory()
    stale = award_copy(award)
    award_change_status(award=award, status=AwardStatus.COMPLETED)
    with pytest.raises(ChangedMeanwhile) as error:
        award_change_status(award=stale, status=AwardStatus.CANCELLED)
    assert error.value.messages == [CHANGED]
    assert award_copy(award).status == AwardStatus.COMPLETED
    assert len(status_changes(award)) == 1


def test_a_decision_read_before_another_is_changed_meanwhile_and_after_it_the_rule(staff):
    application = ApplicationFactory()
    stale = application_copy(application)
    application_decide(application=application, decision=Decision.SELECTED, by=staff)
    with pytest.raises(ChangedMeanwhile):
        application_decide(application=stale, decision=Decision.SELECTED, by=staff)
    with pytest.raises(ValidationError) as error:
        application_decide(
            application=application_copy(application), decision=Decision.SELECTED, by=staff
        )
    assert error.value.messages[0].startswith("This application was already decided on ")


# --- a form sent twice (both databases) -----------------------------------------------------


def test_an_instalment_form_sent_twice_plans_one_instalment(client, staff):
    award = SupportAwardFactory()
    client.force_login(staff)
    url = reverse("programs:award_instalment_add", args=[award.pk])
    data = {"due_on": "2022-06-01", "amount_krw": "2000000", FORM_TOKEN: str(uuid.uuid4())}
    first = client.post(url, data)
    again = client.post(url, data)
    assert [first.url, again.url] == [award.get_absolute_url()] * 2
    assert messages_of(again) == [("info", str(RESUBMITTED))]
    assert AwardInstalment.objects.filter(award=award).count() == 1
