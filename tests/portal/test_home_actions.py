"""The firm's home starts with what waits for it: reports sent back for changes first, then
the open periods it has not submitted for, each with a link to act; and its unread notices."""

from datetime import date

import pytest
from django.urls import reverse

from outcomes.models import OutcomeStatus
from outcomes.selectors import firm_outcome_actions
from tests.notices.factories import NoticeFactory
from tests.outcomes.factories import OutcomeReportFactory, ReportingPeriodFactory
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")


@pytest.fixture
def today(time_machine):
    time_machine.move_to("2025-04-20 09:00 +09:00")
    return date(2025, 4, 20)


def test_sent_back_reports_come_first_then_open_periods_by_due_date(company, other_company, today):
    q1 = ReportingPeriodFactory(
        year=2025, quarter=1, opens_on=date(2025, 4, 1), due_on=date(2025, 4, 30)
    )
    yearly = ReportingPeriodFactory(
        year=2024, opens_on=date(2025, 1, 2), due_on=date(2025, 3, 31)
    )  # overdue, in its grace
    old = ReportingPeriodFactory(year=2023, opens_on=date(2024, 1, 2), due_on=date(2024, 1, 31))
    sent_back = OutcomeReportFactory(
        company=company,
        period=old,
        status=OutcomeStatus.CHANGES_REQUESTED,
        review_note="수출액 증빙 누락",
    )
    draft = OutcomeReportFactory(company=company, period=q1)
    OutcomeReportFactory(company=other_company, period=yearly, submitted=True)

    actions = firm_outcome_actions(company=company, today=today)

    assert [(a.period, a.status, a.overdue) for a in actions] == [
        (old, OutcomeStatus.CHANGES_REQUESTED, True),
        (yearly, "", True),
        (q1, OutcomeStatus.DRAFT, False),
    ]
    assert [a.url for a in actions] == [
        reverse("portal:outcome_detail", args=[sent_back.pk]),
        reverse("portal:outcome_edit", args=[yearly.pk]),
        reverse("portal:outcome_detail", args=[draft.pk]),
    ]
    assert actions[0].review_note == "수출액 증빙 누락"


def test_submitted_and_accepted_reports_wait_for_nothing(company, today):
    period = ReportingPeriodFactory(
        year=2025, quarter=1, opens_on=date(2025, 4, 1), due_on=date(2025, 4, 30)
    )
    OutcomeReportFactory(company=company, period=period, submitted=True)
    assert firm_outcome_actions(company=company, today=today) == []


def test_the_home_shows_the_actions_with_links_and_the_unread_notices(
    client, company, firm_user, today
):
    period = ReportingPeriodFactory(
        year=2025, quarter=1, opens_on=date(2025, 4, 1), due_on=date(2025, 4, 30)
    )
    NoticeFactory.create_batch(2, recipient=firm_user)
    client.force_login(firm_user)
    text = page(client.get(reverse("portal:home")))
    actions = text.split("data-portal-actions", 1)[1].split("</section>", 1)[0]
    assert "Enter your 2025 Q1 outcome report" in actions
    assert reverse("portal:outcome_edit", args=[period.pk]) in actions
    assert "due 2025-04-30" in actions
    assert "You have 2 unread notices." in actions
    # First on the page, before the profile.
    assert text.index("data-portal-actions") < text.index(">Profile<")


def test_nothing_waiting_says_so(client, firm_user, today):
    client.force_login(firm_user)
    assert "Nothing waits for you now." in page(client.get(reverse("portal:home")))
