"""Submitting an outcome report locks it while the agency reviews it: the firm confirms first,
and a submission without the confirmation changes nothing."""

import pytest
from django.urls import reverse

from outcomes.models import OutcomeStatus
from tests.outcomes.factories import OutcomeReportFactory
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")


def test_the_report_page_states_what_submitting_locks(client, firm_user, company):
    report = OutcomeReportFactory(company=company)
    client.force_login(firm_user)

    html = page(client.get(reverse("portal:outcome_detail", args=[report.pk])))

    assert 'type="checkbox" name="confirm"' in html
    assert "its figures, patents and evidence are locked" in html


def test_a_submission_without_the_confirmation_is_refused_with_a_message(
    client, firm_user, company
):
    report = OutcomeReportFactory(company=company)
    client.force_login(firm_user)

    response = client.post(reverse("portal:outcome_submit", args=[report.pk]), follow=True)

    assert response.redirect_chain == [(reverse("portal:outcome_detail", args=[report.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Tick the box to confirm the submission."
    ]
    report.refresh_from_db()
    assert (report.status, report.submitted_at) == (OutcomeStatus.DRAFT, None)
    assert not report.events.exists()


def test_a_confirmed_submission_goes_to_review(client, firm_user, company):
    report = OutcomeReportFactory(company=company)
    client.force_login(firm_user)

    client.post(reverse("portal:outcome_submit", args=[report.pk]), {"confirm": "on"})

    report.refresh_from_db()
    assert report.status == OutcomeStatus.SUBMITTED


def test_another_firms_report_is_a_404_confirmed_or_not(client, other_firm_user, company):
    report = OutcomeReportFactory(company=company)
    client.force_login(other_firm_user)

    url = reverse("portal:outcome_submit", args=[report.pk])
    assert client.post(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
