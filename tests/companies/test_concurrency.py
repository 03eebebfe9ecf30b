"""Repeated requests on interactions: the log form sent twice (a double click, a resend after
"back"), with or without htmx, logs one interaction; at the same moment too, on PostgreSQL."""

import uuid

import pytest
from django.urls import reverse

from companies.models import Interaction
from core.submissions import FORM_TOKEN, RESUBMITTED
from tests.concurrency import client_for, messages_of, postgres_only, race
from tests.factories import CompanyFactory, StaffFactory

pytestmark = pytest.mark.usefixtures("english_pages")


def interaction_data(token):
    return {
        "kind": "visit",
        "occurred_at": "2024-03-05T14:30",
        "summary": "실증센터 장비 수요 조사",
        "other_participants": "",
        "follow_up_on": "2024-03-19",
        FORM_TOKEN: str(token),
    }


def test_the_company_page_form_carries_a_token(client, staff, company):
    client.force_login(staff)
    page = client.get(company.get_absolute_url())
    token = page.context["interaction_form"][FORM_TOKEN].value()
    assert f'name="form_token" value="{token}"' in page.content.decode()


def test_an_interaction_sent_twice_is_logged_once(client, staff, company):
    client.force_login(staff)
    url = reverse("companies:interaction_create", args=[company.pk])
    data = interaction_data(uuid.uuid4())
    first = client.post(url, data)
    again = client.post(url, data)
    assert [first.url, again.url] == [company.get_absolute_url()] * 2
    assert messages_of(again) == [("info", str(RESUBMITTED))]
    assert Interaction.objects.filter(company=company).count() == 1


def test_an_interaction_sent_twice_with_htmx_shows_the_timeline_with_a_new_form(
    client, staff, company
):
    client.force_login(staff)
    url = reverse("companies:interaction_create", args=[company.pk])
    token = uuid.uuid4()
    htmx = {"HX-Request": "true"}
    first = client.post(url, interaction_data(token), headers=htmx)
    again = client.post(url, interaction_data(token), headers=htmx)
    assert (first.status_code, again.status_code) == (200, 200)
    content = again.content.decode()
    assert content.lstrip().startswith('<section id="interaction-panel"')
    assert str(RESUBMITTED) in content
    assert again.context["interaction_form"][FORM_TOKEN].value() != str(token)
    assert Interaction.objects.filter(company=company).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_interaction_is_logged_once():
    company = CompanyFactory()
    staff = StaffFactory()
    url = reverse("companies:interaction_create", args=[company.pk])
    data = interaction_data(uuid.uuid4())
    clients = [client_for(staff), client_for(staff)]
    responses = race(*(lambda c=c: c.post(url, data) for c in clients))
    assert [r.status_code for r in responses] == [302, 302]
    assert Interaction.objects.filter(company=company).count() == 1
