"""내 업무 shows every overdue follow-up of the staff member's companies, MOU follow-ups
included, and none that a later contact already answered or that belong to someone else."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from mous.models import MouStage
from tests.factories import SEOUL, CompanyFactory, InteractionFactory, StaffFactory
from tests.mous.factories import MouFactory
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")
TODAY = datetime(2024, 6, 10, 9, 0, tzinfo=SEOUL)


def _at(month, day):
    return datetime(2024, month, day, 10, 0, tzinfo=SEOUL)


@time_machine.travel(TODAY, tick=False)
def test_overdue_interaction_follow_ups_of_my_companies_are_listed(client, staff):
    mine = CompanyFactory(name="빛고을로보틱스", assigned_staff=staff)
    colleague = StaffFactory()
    # Logged by a colleague, about a company assigned to me: mine to follow up.
    due = InteractionFactory(
        company=mine, staff=colleague, occurred_at=_at(5, 1), follow_up_on=date(2024, 6, 1)
    )
    # Logged by me about someone else's company: mine too.
    theirs = CompanyFactory(name="무등데이터", assigned_staff=colleague)
    mine_logged = InteractionFactory(
        company=theirs, staff=staff, occurred_at=_at(5, 2), follow_up_on=date(2024, 5, 20)
    )
    # Neither mine nor logged by me: not listed.
    InteractionFactory(
        company=CompanyFactory(name="남의회사", assigned_staff=colleague),
        staff=colleague,
        occurred_at=_at(5, 3),
        follow_up_on=date(2024, 5, 25),
    )
    client.force_login(staff)

    response = client.get(reverse("companies:staff_home"))

    overdue = response.context["overdue_follow_ups"]
    assert [i.pk for i in overdue["rows"]] == [mine_logged.pk, due.pk]
    assert overdue["total"] == 2
    section = page(response).split('id="overdue-title"')[1].split("</section>")[0]
    assert "빛고을로보틱스" in section and "무등데이터" in section
    assert "남의회사" not in section


@time_machine.travel(TODAY, tick=False)
def test_a_later_contact_answers_a_follow_up_and_today_is_not_overdue(client, staff):
    company = CompanyFactory(assigned_staff=staff)
    InteractionFactory(
        company=company, staff=staff, occurred_at=_at(4, 1), follow_up_on=date(2024, 5, 1)
    )
    InteractionFactory(company=company, staff=staff, occurred_at=_at(5, 2))  # the follow-up
    InteractionFactory(
        company=CompanyFactory(assigned_staff=staff),
        staff=staff,
        occurred_at=_at(6, 1),
        follow_up_on=date(2024, 6, 10),  # due today: not overdue yet
    )
    client.force_login(staff)

    response = client.get(reverse("companies:staff_home"))

    assert response.context["overdue_follow_ups"]["rows"] == []
    assert "No follow-up is overdue." in page(response)


@time_machine.travel(TODAY, tick=False)
def test_overdue_mou_follow_ups_of_my_companies_are_listed(client, staff):
    mine = CompanyFactory(name="첨단에너지", assigned_staff=staff)
    overdue = MouFactory(company=mine, next_follow_up_on=date(2024, 6, 9))
    MouFactory(company=mine, next_follow_up_on=date(2024, 6, 30))  # not due yet
    MouFactory(
        company=mine, next_follow_up_on=date(2024, 1, 1), stage=MouStage.LAPSED
    )  # closed: nothing to follow up
    recorded_by_me = MouFactory(
        company=CompanyFactory(name="광산모빌리티"),
        created_by=staff,
        next_follow_up_on=date(2024, 3, 1),
    )
    MouFactory(company=CompanyFactory(), next_follow_up_on=date(2024, 3, 1))  # someone else's
    client.force_login(staff)

    response = client.get(reverse("companies:staff_home"))

    assert [m.pk for m in response.context["overdue_mous"]["rows"]] == [
        recorded_by_me.pk,
        overdue.pk,
    ]
    html = page(response)
    assert reverse("mous:detail", args=[overdue.pk]) in html
    assert "MOU follow-up" in html


@time_machine.travel(TODAY, tick=False)
def test_the_overdue_lists_take_a_fixed_number_of_queries(client, staff, assert_flat_queries):
    client.force_login(staff)
    MouFactory(company=CompanyFactory(assigned_staff=staff), next_follow_up_on=date(2024, 6, 1))

    def grow():
        for n, company in enumerate(CompanyFactory.create_batch(12, assigned_staff=staff)):
            InteractionFactory(
                company=company, staff=staff, occurred_at=_at(4, 1), follow_up_on=date(2024, 5, 1)
            )
            MouFactory(company=company, next_follow_up_on=date(2024, 5, 1 + n))

    # Expect 17 queries: session, user, sign-in bookkeeping (9), my companies with their
    # interaction counts, upcoming follow-ups, overdue follow-ups, overdue MOUs, recent
    # interactions, their participants.
    _, response = assert_flat_queries(client, reverse("companies:staff_home"), grow)
    assert response.context["overdue_follow_ups"]["total"] == 12
    assert response.context["overdue_mous"]["total"] == 13
