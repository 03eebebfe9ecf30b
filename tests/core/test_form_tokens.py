"""One-time form tokens (core/submissions.py): a create form sent twice records one thing, on
SQLite and PostgreSQL; at the same moment too, on PostgreSQL. The disbursement form is the
example; each app's test_concurrency.py checks its own create forms."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import FormSubmission
from core.submissions import FORM_TOKEN, RESUBMITTED, form_submission_claim
from programs.forms import DisbursementForm
from programs.models import Disbursement
from tests.concurrency import client_for, messages_of, postgres_only, race
from tests.factories import StaffFactory
from tests.programs.factories import SupportAwardFactory

pytestmark = pytest.mark.usefixtures("english_pages")

# The English source text: the pages under test are English, whatever language is active here.
with translation.override("en"):
    ALREADY = str(RESUBMITTED)


def disbursement(token, amount="1000000"):
    data = {"paid_on": "2022-05-02", "amount_krw": amount, "note": "1차 지급"}
    if token is not None:
        data[FORM_TOKEN] = str(token)
    return data


@pytest.fixture
def award():
    return SupportAwardFactory(amount_krw=10_000_000)


def test_each_form_shown_has_its_own_hidden_token():
    first, second = DisbursementForm(), DisbursementForm()
    token = first[FORM_TOKEN].value()
    assert uuid.UUID(token).version == 4 and token != second[FORM_TOKEN].value()
    assert f'type="hidden" name="form_token" value="{token}"' in str(first)


def test_the_award_page_and_the_disbursement_page_carry_a_token(client, staff, award):
    client.force_login(staff)
    page = client.get(award.get_absolute_url())
    token = page.context["disbursement_form"][FORM_TOKEN].value()
    assert f'value="{token}"' in page.content.decode()
    form = client.get(reverse("programs:award_disburse", args=[award.pk])).context["form"]
    assert form[FORM_TOKEN].value() not in (None, token)


def test_a_form_sent_twice_records_one_disbursement(client, staff, award):
    client.force_login(staff)
    url = reverse("programs:award_disburse", args=[award.pk])
    token = client.get(url).context["form"][FORM_TOKEN].value()
    first = client.post(url, disbursement(token))
    again = client.post(url, disbursement(token))
    assert (first.status_code, first.url) == (302, award.get_absolute_url())
    assert messages_of(first) == [("success", "The disbursement was recorded.")]
    assert (again.status_code, again.url) == (302, award.get_absolute_url())
    assert messages_of(again) == [("info", ALREADY)]
    paid = Disbursement.objects.get(award=award)
    award.refresh_from_db()
    assert award.disbursed_krw == 1_000_000
    submission = FormSubmission.objects.get(token=token)
    assert (submission.user, submission.target) == (staff, paid)


def test_a_refused_form_can_be_corrected_and_sent_with_its_token(client, staff, award):
    """Nothing is claimed when the service refuses: the same token goes through once fixed."""
    client.force_login(staff)
    url = reverse("programs:award_disburse", args=[award.pk])
    token = uuid.uuid4()
    refused = client.post(url, disbursement(token, amount="20000000"))
    assert refused.status_code == 200
    assert refused.context["form"].errors["amount_krw"] == [
        "This disbursement would exceed the award: 10,000,000 won left"
    ]
    assert f'value="{token}"' in refused.content.decode()
    assert not FormSubmission.objects.filter(token=token).exists()
    fixed = client.post(url, disbursement(token))
    assert fixed.status_code == 302
    assert Disbursement.objects.filter(award=award).count() == 1


def test_a_form_without_a_token_is_served_as_before(client, staff, award):
    """An old page or a script sends no token: each request is its own disbursement."""
    client.force_login(staff)
    url = reverse("programs:award_disburse", args=[award.pk])
    assert client.post(url, disbursement(None)).status_code == 302
    assert client.post(url, disbursement(None)).status_code == 302
    assert Disbursement.objects.filter(award=award).count() == 2
    assert not FormSubmission.objects.exists()


def test_another_users_token_is_refused(client, staff, award):
    token = uuid.uuid4()
    form_submission_claim(token=token, user=StaffFactory())
    client.force_login(staff)
    response = client.post(reverse("programs:award_disburse", args=[award.pk]), disbursement(token))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This form can no longer be submitted; reload the page and try again."
    ]
    assert not Disbursement.objects.exists()


def test_claiming_a_token_twice_returns_the_first_claim(staff):
    token = uuid.uuid4()
    claimed, first = form_submission_claim(token=token, user=staff)
    again, second = form_submission_claim(token=token, user=staff)
    assert (first, second) == (True, False)
    assert again == claimed
    assert FormSubmission.objects.count() == 1


def test_a_resubmission_whose_record_was_deleted_still_lands_on_the_page(client, staff, award):
    client.force_login(staff)
    url = reverse("programs:award_disburse", args=[award.pk])
    token = uuid.uuid4()
    client.post(url, disbursement(token))
    FormSubmission.objects.filter(token=token).update(target_id=None, target_type=None)
    again = client.post(url, disbursement(token))
    assert (again.status_code, again.url) == (302, award.get_absolute_url())
    assert Disbursement.objects.filter(award=award).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_double_click_records_one_disbursement():
    """Two requests with one token at the same moment: the second waits on the token's unique
    index until the first commits, then is sent to the award page."""
    award = SupportAwardFactory(amount_krw=10_000_000)
    staff = award.recorded_by
    url = reverse("programs:award_disburse", args=[award.pk])
    token = uuid.uuid4()
    clients = [client_for(staff), client_for(staff)]
    responses = race(*(lambda c=c: c.post(url, disbursement(token)) for c in clients))
    assert [r.status_code for r in responses] == [302, 302]
    assert sorted(m for r in responses for m in messages_of(r)) == [
        ("info", ALREADY),
        ("success", "The disbursement was recorded."),
    ]
    assert Disbursement.objects.filter(award=award).count() == 1
    award.refresh_from_db()
    assert award.disbursed_krw == 1_000_000
