"""Changing an allocation's dates after it was made (an extension, an early end): inside its
period, within the capacity in force every day, around the usage recorded, with a reason kept;
two changes at once that together would overbook a day (PostgreSQL): exactly one succeeds."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.selectors import history_for
from compute.models import ComputeAllocation, ComputeDateChange
from compute.services import allocation_change_dates
from notices.models import Notice
from tests.compute.factories import (
    ComputeAllocationFactory,
    ComputeCapacityFactory,
    ComputeUsageFactory,
)
from tests.concurrency import postgres_only, race
from tests.factories import StaffFactory
from tests.pages import messages_of, page

pytestmark = pytest.mark.usefixtures("english_pages")
D = Decimal


@pytest.fixture
def period():
    return ComputeCapacityFactory(label="2021", capacity_pf=D("1.00"))


def held(period, start, end, pf="0.60", **extra):
    return ComputeAllocationFactory(
        capacity=period, starts_on=start, ends_on=end, pf_allocated=D(pf), **extra
    )


def change(allocation, start, end, by, reason="과제 기간 연장 협약 변경"):
    return allocation_change_dates(
        allocation=allocation, starts_on=start, ends_on=end, reason=reason, by=by
    )


# --- the service -------------------------------------------------------------------------


def test_an_extension_within_capacity_moves_the_end_and_is_in_the_history(period, staff):
    allocation = held(period, date(2021, 1, 1), date(2021, 6, 30))
    held(period, date(2021, 10, 1), date(2021, 12, 31))
    recorded = change(allocation, date(2021, 1, 1), date(2021, 9, 30), staff)
    allocation.refresh_from_db()
    assert (allocation.starts_on, allocation.ends_on) == (date(2021, 1, 1), date(2021, 9, 30))
    assert (
        recorded.previous_starts_on,
        recorded.previous_ends_on,
        recorded.starts_on,
        recorded.ends_on,
        recorded.reason,
        recorded.changed_by,
    ) == (
        date(2021, 1, 1),
        date(2021, 6, 30),
        date(2021, 1, 1),
        date(2021, 9, 30),
        "과제 기간 연장 협약 변경",
        staff,
    )
    latest = history_for(allocation)[0]
    assert [(c.label, c.before, c.after) for c in latest.changes] == [
        ("compute until", "2021-06-30", "2021-09-30")
    ]


def test_an_extension_into_an_overbooked_day_is_refused_with_what_is_free(period, staff):
    """0.60 PF held January-June; another 0.60 PF from September: July and August fit, the
    1st of September does not."""
    allocation = held(period, date(2021, 1, 1), date(2021, 6, 30))
    held(period, date(2021, 9, 1), date(2021, 12, 31))
    with pytest.raises(ValidationError) as error:
        change(allocation, date(2021, 1, 1), date(2021, 9, 30), staff)
    assert error.value.message_dict == {
        "ends_on": [
            "On 2021-09-01 only 0.40 PF is free (1.00 PF capacity in force, 0.60 PF allocated "
            "to projects active that day)."
        ]
    }
    allocation.refresh_from_db()
    assert allocation.ends_on == date(2021, 6, 30)
    assert not ComputeDateChange.objects.exists()


def test_an_earlier_start_into_an_overbooked_day_is_blamed_on_the_start(period, staff):
    allocation = held(period, date(2021, 7, 1), date(2021, 12, 31))
    held(period, date(2021, 1, 1), date(2021, 5, 31))
    with pytest.raises(ValidationError) as error:
        change(allocation, date(2021, 5, 1), date(2021, 12, 31), staff)
    assert list(error.value.message_dict) == ["starts_on"]
    assert "On 2021-05-01 only 0.40 PF is free" in error.value.message_dict["starts_on"][0]


def test_reclaimed_pf_is_not_counted_when_the_dates_change(period, staff):
    """0.60 PF of which 0.30 was reclaimed fits beside another 0.60 PF."""
    allocation = held(period, date(2021, 1, 1), date(2021, 6, 30), pf_reclaimed=D("0.30"))
    held(period, date(2021, 7, 1), date(2021, 12, 31))
    change(allocation, date(2021, 1, 1), date(2021, 12, 31), staff)
    allocation.refresh_from_db()
    assert allocation.ends_on == date(2021, 12, 31)


def test_an_end_before_the_last_usage_day_is_refused(period, staff):
    allocation = held(period, date(2021, 1, 1), date(2021, 12, 31))
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 3, 2))
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 8, 16))
    with pytest.raises(ValidationError) as error:
        change(allocation, date(2021, 1, 1), date(2021, 8, 15), staff, reason="조기 종료")
    assert error.value.message_dict == {
        "ends_on": ["Usage is recorded up to 2021-08-16; the compute cannot end before that day."]
    }
    change(allocation, date(2021, 1, 1), date(2021, 8, 16), staff, reason="조기 종료")
    allocation.refresh_from_db()
    assert allocation.ends_on == date(2021, 8, 16)


def test_a_start_after_the_first_usage_day_is_refused(period, staff):
    allocation = held(period, date(2021, 1, 1), date(2021, 12, 31))
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 3, 2))
    with pytest.raises(ValidationError) as error:
        change(allocation, date(2021, 3, 3), date(2021, 12, 31), staff)
    assert error.value.message_dict == {
        "starts_on": ["Usage is recorded from 2021-03-02; the compute cannot start after that day."]
    }


def test_dates_outside_the_period_or_out_of_order_are_refused(period, staff):
    allocation = held(period, date(2021, 1, 1), date(2021, 6, 30))
    with pytest.raises(ValidationError) as error:
        change(allocation, date(2021, 1, 1), date(2022, 1, 31), staff)
    assert error.value.message_dict == {
        "ends_on": ["The compute must be held within 2021 (2021-01-01 to 2021-12-31)."]
    }
    with pytest.raises(ValidationError) as error:
        change(allocation, date(2021, 5, 1), date(2021, 4, 30), staff)
    assert error.value.message_dict == {"ends_on": ["The compute cannot end before it starts."]}


def test_a_change_needs_a_reason_and_a_different_date(period, staff):
    allocation = held(period, date(2021, 1, 1), date(2021, 6, 30))
    with pytest.raises(ValidationError) as error:
        change(allocation, date(2021, 1, 1), date(2021, 7, 31), staff, reason="  ")
    assert error.value.message_dict == {"reason": ["Say why the dates change."]}
    with pytest.raises(ValidationError) as error:
        change(allocation, date(2021, 1, 1), date(2021, 6, 30), staff)
    assert error.value.messages == [
        "These are already the project's dates; change the first or the last day."
    ]


def test_a_date_change_notifies_nobody(period, staff, firm_user, company):
    allocation = held(period, date(2021, 1, 1), date(2021, 6, 30), company=company)
    change(allocation, date(2021, 1, 1), date(2021, 3, 31), staff, reason="조기 종료")
    assert not Notice.objects.exists()


# --- the page ------------------------------------------------------------------------------


def test_staff_extend_an_allocation_and_see_it_on_its_page(client, staff, period, company):
    allocation = held(period, date(2021, 1, 1), date(2021, 6, 30), company=company)
    client.force_login(staff)
    url = reverse("compute:allocation_dates", args=[allocation.pk])
    form = client.get(url)
    assert form.context["form"].initial == {
        "starts_on": date(2021, 1, 1),
        "ends_on": date(2021, 6, 30),
    }
    response = client.post(
        url,
        {"starts_on": "2021-01-01", "ends_on": "2021-09-30", "reason": "연장 협약 체결"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == allocation.get_absolute_url()
    assert messages_of(response) == [
        f"The compute of {allocation.project_code} is now held from 2021-01-01 to 2021-09-30."
    ]
    assert [c.reason for c in response.context["date_changes"]] == ["연장 협약 체결"]
    assert "연장 협약 체결" in page(response)


def test_an_overbooking_extension_is_shown_again_with_input_kept(client, staff, period, company):
    allocation = held(period, date(2021, 1, 1), date(2021, 6, 30), company=company)
    held(period, date(2021, 9, 1), date(2021, 12, 31))
    client.force_login(staff)
    response = client.post(
        reverse("compute:allocation_dates", args=[allocation.pk]),
        {"starts_on": "2021-01-01", "ends_on": "2021-09-30", "reason": "연장"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ends_on"] == [
        "On 2021-09-01 only 0.40 PF is free (1.00 PF capacity in force, 0.60 PF allocated to "
        "projects active that day)."
    ]
    assert (form["ends_on"].value(), form["reason"].value()) == ("2021-09-30", "연장")
    allocation.refresh_from_db()
    assert allocation.ends_on == date(2021, 6, 30)


def test_the_dates_link_is_for_staff_only(client, staff, executive, company):
    allocation = ComputeAllocationFactory(company=company)
    link = reverse("compute:allocation_dates", args=[allocation.pk])
    detail = reverse("compute:allocation_detail", args=[allocation.pk])
    client.force_login(staff)
    assert link in page(client.get(detail))
    client.force_login(executive)
    assert link not in page(client.get(detail))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("executive", 403),
        ("mentor", 403),
        ("firm_user", 403),
        ("staff", 200),
    ],
)
def test_only_staff_change_dates(client, request, company, who, status):
    allocation = ComputeAllocationFactory(company=company)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse("compute:allocation_dates", args=[allocation.pk])
    assert client.get(url).status_code == status
    data = {"starts_on": "2021-01-01", "ends_on": "2021-06-30", "reason": "변경"}
    assert client.post(url, data).status_code == (302 if who in ("anonymous", "staff") else 403)
    allocation.refresh_from_db()
    assert allocation.ends_on == (date(2021, 6, 30) if who == "staff" else date(2021, 12, 31))


def test_an_unknown_allocation_is_a_404_for_staff(client, staff):
    client.force_login(staff)
    assert client.get(reverse("compute:allocation_dates", args=[999999])).status_code == 404


# --- two changes at once (PostgreSQL) ----------------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_date_changes_that_together_overbook_a_day_leave_exactly_one():
    """0.60 PF held January-March and 0.60 PF held October-December, of 1.00 PF: the first
    extended to June fits, the second brought forward to June fits, both do not."""
    period = ComputeCapacityFactory(label="2021", capacity_pf=D("1.00"))
    early = held(period, date(2021, 1, 1), date(2021, 3, 31))
    late = held(period, date(2021, 10, 1), date(2021, 12, 31))
    anna, ben = StaffFactory(), StaffFactory()
    outcomes = race(
        lambda: change(early, date(2021, 1, 1), date(2021, 6, 30), anna),
        lambda: change(late, date(2021, 6, 1), date(2021, 12, 31), ben),
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "ComputeDateChange",
        "ValidationError",
    ]
    refused = next(o for o in outcomes if isinstance(o, ValidationError))
    assert "On 2021-06-01 only 0.40 PF is free" in refused.messages[0]
    assert ComputeDateChange.objects.count() == 1
    dates = dict(ComputeAllocation.objects.values_list("pk", "ends_on"))
    moved_early = dates[early.pk] == date(2021, 6, 30)
    moved_late = ComputeAllocation.objects.get(pk=late.pk).starts_on == date(2021, 6, 1)
    assert moved_early != moved_late
