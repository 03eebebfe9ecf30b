"""The daily run (`send_daily_notices`): reporting periods opened, follow-ups falling due, the
outcome-report reminders and the digest, each notice once however often it runs."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from mous.models import MouStage
from notices.models import EmailMode, Notice, NoticeKind, NoticePreference
from tests.factories import SEOUL, CompanyFactory, FirmUserFactory, InteractionFactory, UserFactory
from tests.mous.factories import MouFactory
from tests.notices.worker import run_queued_tasks
from tests.outcomes.factories import ReportingPeriodFactory
from users.models import Role

TODAY = date(2025, 4, 1)


@pytest.fixture
def morning(time_machine):
    time_machine.move_to(datetime(2025, 4, 1, 7, 0, tzinfo=SEOUL))


def run_daily() -> str:
    """The command as cron runs it, then the worker for the e-mails it queued; its summary."""
    out = []

    class Out:
        def write(self, text):
            out.append(text)

    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_daily_notices", stdout=Out())
    run_queued_tasks()
    return "".join(out)


def kinds_of(user) -> list[str]:
    return list(Notice.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.mark.usefixtures("morning")
def test_a_period_opening_today_is_announced_to_every_active_firm_user_once(
    firm_user, other_firm_user, staff, mailoutbox
):
    period = ReportingPeriodFactory(year=2025, quarter=1, opens_on=TODAY, due_on=date(2025, 4, 30))
    closed = CompanyFactory(is_active=False)
    gone = FirmUserFactory(company=closed)
    ReportingPeriodFactory(
        year=2025, quarter=2, opens_on=date(2025, 7, 1), due_on=date(2025, 7, 31)
    )

    run_daily()
    run_daily()

    assert kinds_of(firm_user) == kinds_of(other_firm_user) == [NoticeKind.PERIOD_OPENED]
    assert kinds_of(staff) == kinds_of(gone) == []
    notice = Notice.objects.get(recipient=firm_user)
    assert notice.title == "Outcome reporting for 2025 Q1 is open"
    assert notice.body == "Enter and submit your figures by 2025-04-30."
    assert notice.link == reverse("portal:outcome_edit", args=[period.pk])
    assert sorted(m.to[0] for m in mailoutbox) == sorted([firm_user.email, other_firm_user.email])


@pytest.mark.usefixtures("morning")
def test_a_period_created_open_is_announced_at_once(client, staff, firm_user):
    client.force_login(staff)
    response = client.post(
        reverse("outcomes:period_create"),
        {"year": 2025, "quarter": 1, "opens_on": "2025-03-20", "due_on": "2025-04-30"},
    )
    assert response.status_code == 302
    assert kinds_of(firm_user) == [NoticeKind.PERIOD_OPENED]
    run_daily()  # opened within the week: already announced, not again
    assert kinds_of(firm_user) == [NoticeKind.PERIOD_OPENED]


@pytest.mark.usefixtures("morning")
def test_a_future_period_waits_for_its_opening_day(client, staff, firm_user, time_machine):
    client.force_login(staff)
    client.post(
        reverse("outcomes:period_create"),
        {"year": 2025, "quarter": 2, "opens_on": "2025-07-01", "due_on": "2025-07-31"},
    )
    assert kinds_of(firm_user) == []
    time_machine.move_to(datetime(2025, 7, 1, 7, 0, tzinfo=SEOUL))
    run_daily()
    assert kinds_of(firm_user) == [NoticeKind.PERIOD_OPENED]


@pytest.mark.usefixtures("morning")
def test_an_interaction_follow_up_due_today_goes_to_who_logged_it(company, staff):
    other_staff = UserFactory(role=Role.STAFF)
    InteractionFactory(company=company, staff=other_staff, follow_up_on=TODAY)
    InteractionFactory(company=company, staff=other_staff, follow_up_on=date(2025, 4, 2))

    run_daily()
    run_daily()

    assert kinds_of(other_staff) == [NoticeKind.FOLLOW_UP_DUE]
    assert kinds_of(staff) == []
    notice = Notice.objects.get(recipient=other_staff)
    assert notice.title == f"Follow-up with {company.name} is due"
    assert notice.link == reverse("companies:detail", args=[company.pk])


@pytest.mark.usefixtures("morning")
def test_a_follow_up_missed_by_yesterdays_run_is_still_told(company, staff):
    InteractionFactory(company=company, staff=staff, follow_up_on=date(2025, 3, 29))
    InteractionFactory(company=company, staff=staff, follow_up_on=date(2025, 3, 1))  # too old
    run_daily()
    assert kinds_of(staff) == [NoticeKind.FOLLOW_UP_DUE]


@pytest.mark.usefixtures("morning")
def test_an_open_mous_follow_up_goes_to_the_companys_staff(company, staff):
    assigned = UserFactory(role=Role.STAFF)
    company.assigned_staff = assigned
    company.save(update_fields=["assigned_staff"])
    mou = MouFactory(company=company, next_follow_up_on=TODAY)
    MouFactory(company=company, next_follow_up_on=TODAY, stage=MouStage.LAPSED)

    run_daily()

    (notice,) = Notice.objects.all()
    assert (notice.recipient, notice.kind, notice.link) == (
        assigned,
        NoticeKind.FOLLOW_UP_DUE,
        mou.get_absolute_url(),
    )
    assert notice.title == f"MOU follow-up with {company.name} is due"


@pytest.mark.usefixtures("morning")
def test_the_daily_run_sends_the_digest_of_those_who_chose_it(firm_user, mailoutbox):
    NoticePreference.objects.create(
        user=firm_user, kind=NoticeKind.PERIOD_OPENED, email=EmailMode.DIGEST
    )
    ReportingPeriodFactory(year=2025, quarter=1, opens_on=TODAY, due_on=date(2025, 4, 30))

    summary = run_daily()

    assert "1 digest e-mail(s) queued" in summary
    (mail,) = mailoutbox
    assert mail.to == [firm_user.email]
    assert "2025" in mail.body
    assert Notice.objects.get(recipient=firm_user).digest is not None
