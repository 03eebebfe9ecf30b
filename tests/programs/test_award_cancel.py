"""Cancelling an award closes it for good: staff confirm it, knowing what it locks, and a
cancelled award offers no status change that could only fail."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from programs.models import AwardStatus
from programs.services import award_change_status
from tests.pages import page
from tests.programs.factories import DisbursementFactory, SupportAwardFactory

pytestmark = pytest.mark.usefixtures("english_pages")


def test_a_cancellation_without_the_confirmation_is_refused_and_changes_nothing(client, staff):
    award = SupportAwardFactory(status=AwardStatus.ACTIVE)
    client.force_login(staff)

    response = client.post(
        reverse("programs:award_status", args=[award.pk]), {"status": "cancelled"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["confirm_cancel"] == [
        "Tick the box to confirm the cancellation of the award."
    ]
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE


def test_a_confirmed_cancellation_cancels(client, staff):
    award = SupportAwardFactory(status=AwardStatus.ACTIVE)
    client.force_login(staff)

    response = client.post(
        reverse("programs:award_status", args=[award.pk]),
        {"status": "cancelled", "confirm_cancel": "on"},
    )

    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.CANCELLED


def test_other_status_changes_need_no_confirmation(client, staff):
    award = SupportAwardFactory(status=AwardStatus.PLANNED)
    client.force_login(staff)

    client.post(reverse("programs:award_status", args=[award.pk]), {"status": "active"})

    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE


def test_the_award_page_states_what_cancelling_locks(client, staff):
    award = SupportAwardFactory(status=AwardStatus.ACTIVE)
    client.force_login(staff)

    html = page(client.get(reverse("programs:award_detail", args=[award.pk])))

    assert 'name="confirm_cancel"' in html
    assert "A cancelled award is closed for good" in html


def test_a_cancelled_award_offers_no_status_change_and_the_service_refuses_one(client, staff):
    award = SupportAwardFactory(status=AwardStatus.CANCELLED)
    client.force_login(staff)

    html = page(client.get(reverse("programs:award_detail", args=[award.pk])))

    assert reverse("programs:award_status", args=[award.pk]) not in html
    with pytest.raises(ValidationError) as info, translation.override("en"):
        award_change_status(award=award, status=AwardStatus.ACTIVE)
    assert info.value.message_dict == {
        "status": ["A cancelled award is closed; its status cannot change any more."]
    }
    award.refresh_from_db()
    assert award.status == AwardStatus.CANCELLED


def test_an_award_with_disbursements_is_not_offered_a_cancellation(client, staff):
    award = DisbursementFactory(amount_krw=1_000_000).award
    client.force_login(staff)

    response = client.get(reverse("programs:award_detail", args=[award.pk]))

    form = response.context["status_form"]
    assert AwardStatus.CANCELLED not in dict(form.fields["status"].choices)
    assert "confirm_cancel" not in form.fields
