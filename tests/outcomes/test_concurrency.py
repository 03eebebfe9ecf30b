"""Simultaneous and repeated requests on outcome reports: one transition and one event per
change, the other user told it changed meanwhile; a patent or evidence form sent twice
records once."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.concurrency import ChangedMeanwhile
from core.submissions import FORM_TOKEN, RESUBMITTED
from outcomes.models import EvidenceFile, OutcomeReport, OutcomeReportEvent, OutcomeStatus, Patent
from outcomes.services import (
    outcome_report_accept,
    outcome_report_reopen,
    outcome_report_request_changes,
    outcome_report_save,
    outcome_report_submit,
    patent_add,
)
from tests.concurrency import CHANGED, client_for, first_then, messages_of, postgres_only, race
from tests.factories import CompanyFactory, FirmUserFactory, StaffFactory
from tests.outcomes.factories import (
    PDF_BYTES,
    OutcomeReportFactory,
    ReportingPeriodFactory,
    evidence_for_every_figure,
)

pytestmark = pytest.mark.usefixtures("english_pages")

FIGURES = {"employees_at_end": 14, "new_hires": 2, "revenue_krw": 600_000_000}


def fresh(report):
    """The report as another request would read it: its own copy from the database."""
    return OutcomeReport.objects.get(pk=report.pk)


def changed_meanwhile(result) -> bool:
    return isinstance(result, ChangedMeanwhile) and result.messages == [CHANGED]


def events(report, **filters):
    return OutcomeReportEvent.objects.filter(report=report, **filters)


# --- two requests at the same moment (PostgreSQL) --------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_first_saves_create_one_report_and_one_event():
    """No row to lock yet: the second insert waits on the unique index, then is refused."""
    company = CompanyFactory()
    period = ReportingPeriodFactory()
    users = FirmUserFactory.create_batch(2, company=company)
    results = first_then(
        lambda: outcome_report_save(company=company, period=period, by=users[0], figures=FIGURES),
        lambda: outcome_report_save(
            company=company, period=period, by=users[1], figures={**FIGURES, "new_hires": 9}
        ),
    )
    assert isinstance(results[0], OutcomeReport) and changed_meanwhile(results[1])
    report = OutcomeReport.objects.get(company=company, period=period)
    assert report.new_hires == 2
    assert list(events(report).values_list("from_status", "to_status", "recorded_by")) == [
        ("", OutcomeStatus.DRAFT, users[0].pk)
    ]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_submit_submits_once():
    report = OutcomeReportFactory()
    firm_user = FirmUserFactory(company=report.company)
    copies = [fresh(report), fresh(report)]
    results = race(*(lambda r=r: outcome_report_submit(report=r, by=firm_user) for r in copies))
    assert sorted(isinstance(r, OutcomeReport) for r in results) == [False, True]
    assert sum(changed_meanwhile(r) for r in results) == 1
    assert fresh(report).status == OutcomeStatus.SUBMITTED
    assert events(report, to_status=OutcomeStatus.SUBMITTED).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_accept_and_request_changes_at_once_make_one_decision():
    report = OutcomeReportFactory(submitted=True)
    evidence_for_every_figure(report)
    anna, ben = StaffFactory(), StaffFactory()
    first, second = fresh(report), fresh(report)
    results = race(
        lambda: outcome_report_accept(report=first, by=anna),
        lambda: outcome_report_request_changes(
            report=second, by=ben, fields=["revenue_krw"], reason="증빙 누락"
        ),
    )
    assert sum(isinstance(r, OutcomeReport) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    decision = events(report).get()
    winner = anna if isinstance(results[0], OutcomeReport) else ben
    assert decision.recorded_by == winner
    assert fresh(report).status == decision.to_status


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_reopenings_at_once_reopen_once():
    report = OutcomeReportFactory(accepted=True)
    staff = StaffFactory()
    copies = [fresh(report), fresh(report)]
    results = race(
        *(
            lambda r=r: outcome_report_reopen(
                report=r, by=staff, fields=["new_hires"], reason="정정 요청"
            )
            for r in copies
        )
    )
    assert sum(isinstance(r, OutcomeReport) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    assert events(report, from_status=OutcomeStatus.ACCEPTED).count() == 1
    assert fresh(report).status == OutcomeStatus.CHANGES_REQUESTED


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_patent_added_while_the_report_is_being_submitted_is_refused():
    """The patent waits for the submission's lock, then finds the report closed."""
    report = OutcomeReportFactory()
    firm_user = FirmUserFactory(company=report.company)
    first, second = fresh(report), fresh(report)
    results = first_then(
        lambda: outcome_report_submit(report=first, by=firm_user),
        lambda: patent_add(
            report=second,
            by=firm_user,
            application_number="10-2021-0000001",
            applied_on="2021-04-01",
            title="배터리 진단 장치",
        ),
    )
    assert isinstance(results[0], OutcomeReport) and changed_meanwhile(results[1])
    assert not Patent.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_staff_member_second_to_decide_is_told_and_sees_the_report_afresh():
    report = OutcomeReportFactory(submitted=True)
    evidence_for_every_figure(report)
    anna, ben = StaffFactory(), StaffFactory()
    url = reverse("outcomes:review", args=[report.pk])
    results = first_then(
        lambda: outcome_report_accept(report=fresh(report), by=anna),
        lambda: client_for(ben).post(
            url, {"action": "request_changes", "fields": ["revenue_krw"], "reason": "증빙 누락"}
        ),
    )
    response = results[1]
    assert (response.status_code, response.url) == (302, url)
    assert messages_of(response) == [("error", CHANGED)]
    assert fresh(report).status == OutcomeStatus.ACCEPTED
    assert events(report).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_firm_submitting_a_report_submitted_meanwhile_is_told():
    report = OutcomeReportFactory()
    users = FirmUserFactory.create_batch(2, company=report.company)
    results = first_then(
        lambda: outcome_report_submit(report=fresh(report), by=users[0]),
        lambda: client_for(users[1]).post(
            reverse("portal:outcome_submit", args=[report.pk]), {"confirm": "on"}
        ),
    )
    response = results[1]
    assert response.status_code == 302
    assert response.url == reverse("portal:outcome_detail", args=[report.pk])
    assert messages_of(response) == [("error", CHANGED)]
    assert events(report).count() == 1


# --- a page read before someone else's change (both databases) -----------------------------


def test_a_decision_on_a_stale_report_is_changed_meanwhile_and_on_a_fresh_one_the_rule(staff):
    report = OutcomeReportFactory(submitted=True)
    evidence_for_every_figure(report)
    stale = fresh(report)
    outcome_report_accept(report=report, by=staff)
    with pytest.raises(ChangedMeanwhile) as error:
        outcome_report_request_changes(report=stale, by=staff, fields=["new_hires"], reason="x")
    assert error.value.messages == [CHANGED]
    assert stale.status == OutcomeStatus.ACCEPTED  # read again under the lock
    with pytest.raises(ValidationError) as error:
        outcome_report_accept(report=fresh(report), by=staff)
    assert error.value.messages == ["Only a submitted report can be accepted."]
    assert events(report).count() == 1


# --- a form sent twice (both databases) -----------------------------------------------------


def patent_data(token):
    return {
        "application_number": "10-2021-7654321",
        "applied_on": "2021-04-01",
        "title": "배터리 진단 장치",
        "status": "filed",
        FORM_TOKEN: str(token),
    }


def test_a_patent_form_sent_twice_lists_the_patent_once(client, firm_user, company):
    report = OutcomeReportFactory(company=company)
    client.force_login(firm_user)
    url = reverse("portal:outcome_patent_add", args=[report.pk])
    token = client.get(url).context["form"][FORM_TOKEN].value()
    first = client.post(url, patent_data(token))
    again = client.post(url, patent_data(token))
    detail = reverse("portal:outcome_detail", args=[report.pk])
    assert [(first.status_code, first.url), (again.status_code, again.url)] == [(302, detail)] * 2
    assert messages_of(again) == [("info", str(RESUBMITTED))]
    assert report.patents.count() == 1


def test_an_evidence_form_sent_twice_stores_one_file(client, firm_user, company):
    report = OutcomeReportFactory(company=company)
    client.force_login(firm_user)
    url = reverse("portal:outcome_evidence_add", args=[report.pk])
    token = uuid.uuid4()
    for _attempt in range(2):
        response = client.post(
            url, {"file": SimpleUploadedFile("증빙.pdf", PDF_BYTES), FORM_TOKEN: str(token)}
        )
        assert response.url == reverse("portal:outcome_detail", args=[report.pk])
    assert messages_of(response) == [("info", str(RESUBMITTED))]
    assert EvidenceFile.objects.filter(report=report).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_patent_sent_while_the_report_is_being_submitted_goes_back_to_the_report():
    report = OutcomeReportFactory()
    users = FirmUserFactory.create_batch(2, company=report.company)
    results = first_then(
        lambda: outcome_report_submit(report=fresh(report), by=users[0]),
        lambda: client_for(users[1]).post(
            reverse("portal:outcome_patent_add", args=[report.pk]), patent_data(uuid.uuid4())
        ),
    )
    response = results[1]
    assert response.url == reverse("portal:outcome_detail", args=[report.pk])
    assert messages_of(response) == [("error", CHANGED)]
    assert not Patent.objects.exists()
