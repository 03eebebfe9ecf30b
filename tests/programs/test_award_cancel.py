"""Cancelling an award closes it for good: staff confirm it, knowing what it locks, and a
cancelled award offers no status change that could only fail. A cancellation is dated, so
reports as of earlier days still count the award."""

from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from programs.models import AwardStatus, SupportAward
from programs.services import award_change_status, award_create
from tests.pages import page
from tests.programs.factories import DisbursementFactory, ProgramFactory, SupportAwardFactory

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


# --- the cancellation's date ------------------------------------------------------------------

AWARDED = date(2021, 3, 1)
CANCELLED = date(2021, 9, 1)
# 00:30 in Seoul on 2021-09-01 is still 31 August in UTC: "today" is Seoul's day.
EARLY_ON_CANCEL_DAY = "2021-09-01 00:30 +09:00"


@time_machine.travel(EARLY_ON_CANCEL_DAY)
def test_a_cancellation_is_dated_today_in_seoul_by_default():
    award = SupportAwardFactory(awarded_on=AWARDED, starts_on=AWARDED, status=AwardStatus.ACTIVE)

    award_change_status(award=award, status=AwardStatus.CANCELLED)

    award.refresh_from_db()
    assert (award.status, award.cancelled_on) == (AwardStatus.CANCELLED, CANCELLED)


@time_machine.travel(EARLY_ON_CANCEL_DAY)
@pytest.mark.parametrize("cancelled_on", [AWARDED, date(2021, 6, 30), CANCELLED])
def test_a_cancellation_takes_a_date_from_the_award_day_to_today(cancelled_on):
    award = SupportAwardFactory(awarded_on=AWARDED, starts_on=AWARDED, status=AwardStatus.ACTIVE)

    award_change_status(award=award, status=AwardStatus.CANCELLED, cancelled_on=cancelled_on)

    award.refresh_from_db()
    assert award.cancelled_on == cancelled_on


@time_machine.travel(EARLY_ON_CANCEL_DAY)
@pytest.mark.parametrize(
    ("cancelled_on", "message"),
    [
        (date(2021, 2, 28), "An award cannot be cancelled before it was made (2021-03-01)."),
        (date(2021, 9, 2), "A cancellation cannot be dated in the future."),
    ],
)
def test_a_cancellation_before_the_award_or_in_the_future_is_refused(cancelled_on, message):
    award = SupportAwardFactory(awarded_on=AWARDED, starts_on=AWARDED, status=AwardStatus.ACTIVE)

    with pytest.raises(ValidationError) as info, translation.override("en"):
        award_change_status(award=award, status=AwardStatus.CANCELLED, cancelled_on=cancelled_on)

    assert info.value.message_dict == {"cancelled_on": [message]}
    award.refresh_from_db()
    assert (award.status, award.cancelled_on) == (AwardStatus.ACTIVE, None)


@time_machine.travel(EARLY_ON_CANCEL_DAY)
def test_an_award_dated_after_today_is_cancelled_on_its_own_date_and_never_counts():
    """Recorded on 2021-09-01 for 2021-10-05, cancelled the same day: no day is both on or
    after the award and not after today, so the cancellation takes the award's date."""
    from reports.selectors.sources import counting_awards

    later = date(2021, 10, 5)
    award = SupportAwardFactory(awarded_on=later, starts_on=later, status=AwardStatus.PLANNED)

    award_change_status(award=award, status=AwardStatus.CANCELLED)

    award.refresh_from_db()
    assert award.cancelled_on == later
    assert not counting_awards(date(2021, 1, 1), date(2021, 12, 31)).filter(pk=award.pk).exists()
    with pytest.raises(ValidationError), translation.override("en"):
        award_change_status(
            award=SupportAwardFactory(awarded_on=later, starts_on=later),
            status=AwardStatus.CANCELLED,
            cancelled_on=date(2021, 10, 6),
        )


def test_other_status_changes_leave_the_cancellation_date_empty():
    award = SupportAwardFactory(status=AwardStatus.PLANNED)

    award_change_status(award=award, status=AwardStatus.ACTIVE, cancelled_on=date(2022, 5, 1))

    award.refresh_from_db()
    assert (award.status, award.cancelled_on) == (AwardStatus.ACTIVE, None)


def test_the_change_history_records_the_cancellation_date():
    award = SupportAwardFactory(status=AwardStatus.ACTIVE)

    award_change_status(award=award, status=AwardStatus.CANCELLED, cancelled_on=date(2022, 5, 2))

    entry = LogEntry.objects.get_for_object(award).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["status"] == ["active", "cancelled"]
    assert entry.changes_dict["cancelled_on"] == ["None", "2022-05-02"]


@pytest.mark.parametrize(
    ("status", "cancelled_on"),
    [
        (AwardStatus.CANCELLED, None),  # cancelled without a date
        (AwardStatus.ACTIVE, date(2022, 5, 2)),  # a date on an award not cancelled
        (AwardStatus.CANCELLED, date(2022, 4, 14)),  # cancelled the day before it was made
    ],
)
def test_the_database_refuses_a_cancellation_date_out_of_step(status, cancelled_on):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportAwardFactory(awarded_on=date(2022, 4, 15), status=status, cancelled_on=cancelled_on)
    assert not SupportAward.objects.exists()


def test_a_new_award_cannot_start_cancelled(staff, company):
    with pytest.raises(ValidationError) as info, translation.override("en"):
        award_create(
            program=ProgramFactory(),
            company=company,
            by=staff,
            awarded_on=date(2022, 4, 15),
            amount_krw=10_000_000,
            starts_on=date(2022, 5, 1),
            ends_on=date(2022, 12, 31),
            status=AwardStatus.CANCELLED,
        )
    assert info.value.message_dict == {
        "status": ["A new award cannot be cancelled; record it, then change its status."]
    }
    assert not SupportAward.objects.exists()


@time_machine.travel("2022-06-01 09:00 +09:00")
def test_staff_date_a_cancellation_on_the_status_form_and_the_award_page_shows_it(client, staff):
    award = SupportAwardFactory(status=AwardStatus.ACTIVE)
    client.force_login(staff)

    form = client.get(reverse("programs:award_detail", args=[award.pk])).context["status_form"]
    assert form.initial["cancelled_on"] == date(2022, 6, 1)
    response = client.post(
        reverse("programs:award_status", args=[award.pk]),
        {"status": "cancelled", "confirm_cancel": "on", "cancelled_on": "2022-05-20"},
    )

    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.status, award.cancelled_on) == (AwardStatus.CANCELLED, date(2022, 5, 20))
    html = page(client.get(reverse("programs:award_detail", args=[award.pk])))
    assert "cancelled on" in html
    assert "2022-05-20" in html


@time_machine.travel("2022-06-01 09:00 +09:00")
def test_a_cancellation_date_in_the_future_is_an_error_on_the_date_field(client, staff):
    award = SupportAwardFactory(status=AwardStatus.ACTIVE)
    client.force_login(staff)

    response = client.post(
        reverse("programs:award_status", args=[award.pk]),
        {"status": "cancelled", "confirm_cancel": "on", "cancelled_on": "2022-06-02"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["cancelled_on"] == [
        "A cancellation cannot be dated in the future."
    ]
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE


def test_an_award_with_disbursements_is_not_offered_a_cancellation_date(client, staff):
    award = DisbursementFactory(amount_krw=1_000_000).award
    client.force_login(staff)

    response = client.get(reverse("programs:award_detail", args=[award.pk]))

    assert "cancelled_on" not in response.context["status_form"].fields
