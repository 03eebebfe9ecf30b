from datetime import date

import pytest
from django.core.management import call_command
from django.test import TestCase

from notices.models import Notice, NoticeKind
from outcomes.models import ReminderLog
from tests.factories import FirmUserFactory
from tests.notices.worker import run_queued_tasks
from tests.outcomes.factories import OutcomeReportFactory, ReportingPeriodFactory


@pytest.fixture
def period():
    """Due 2022-01-31 (Seoul)."""
    return ReportingPeriodFactory(year=2021, opens_on=date(2021, 12, 1), due_on=date(2022, 1, 31))


def run(time_machine, moment):
    """The daily command at `moment`, then the task worker that sends the e-mails it queued
    after commit (reminders are notices, e-mailed as each firm user chose)."""
    time_machine.move_to(moment)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_outcome_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_queued_tasks()


@pytest.mark.parametrize(
    ("moment", "kind"),
    [
        ("2022-01-17 07:00 +09:00", "d14"),
        ("2022-01-24 07:00 +09:00", "d7"),
        ("2022-01-30 07:00 +09:00", "d1"),
        ("2022-02-01 07:00 +09:00", "overdue"),
        # 00:30 in Seoul is still the previous day in UTC: Seoul's date decides.
        ("2022-02-01 00:30 +09:00", "overdue"),
    ],
)
def test_each_reminder_on_its_day_once(
    time_machine, mailoutbox, period, firm_user, company, moment, kind
):
    run(time_machine, moment)
    run(time_machine, moment)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [firm_user.email]
    assert "2021" in mailoutbox[0].subject
    assert list(ReminderLog.objects.values_list("company", "kind")) == [(company.pk, kind)]
    (notice,) = Notice.objects.filter(recipient=firm_user)
    assert (notice.kind, notice.key) == (NoticeKind.REPORT_DUE, f"{period.pk}:{kind}")


@pytest.mark.parametrize(
    "moment",
    [
        "2022-01-16 07:00 +09:00",
        "2022-01-31 07:00 +09:00",  # the due date itself
        "2022-02-02 07:00 +09:00",
    ],
)
def test_no_reminder_on_other_days(time_machine, mailoutbox, period, firm_user, moment):
    run(time_machine, moment)
    assert mailoutbox == []


def test_utc_evening_is_seoul_next_morning(time_machine, mailoutbox, period, firm_user):
    """31 January 16:00 UTC is 1 February 01:00 in Seoul: the day-after reminder goes out."""
    run(time_machine, "2022-01-31 16:00 +00:00")
    assert [log.kind for log in ReminderLog.objects.all()] == ["overdue"]


def test_year_boundary(time_machine, mailoutbox, firm_user):
    """Due 2022-01-06: the 7-day reminder goes out on 2021-12-30, the 14-day one not before
    the period opens."""
    ReportingPeriodFactory(year=2021, opens_on=date(2021, 12, 25), due_on=date(2022, 1, 6))
    run(time_machine, "2021-12-23 09:00 +09:00")
    assert mailoutbox == []
    run(time_machine, "2021-12-30 09:00 +09:00")
    assert [log.kind for log in ReminderLog.objects.all()] == ["d7"]


def test_submitted_firms_and_other_roles_get_nothing(
    time_machine, mailoutbox, period, firm_user, company, other_firm_user, staff
):
    OutcomeReportFactory(company=company, period=period, submitted=True)
    run(time_machine, "2022-01-24 07:00 +09:00")
    assert [m.to for m in mailoutbox] == [[other_firm_user.email]]


def test_draft_still_gets_reminded_and_all_firm_users_receive_it(
    time_machine, mailoutbox, period, firm_user, company
):
    colleague = FirmUserFactory(company=company)
    OutcomeReportFactory(company=company, period=period)
    run(time_machine, "2022-01-30 07:00 +09:00")
    # Each in a mail of their own, in the agency's language.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([firm_user.email, colleague.email])
    assert Notice.objects.get(recipient=colleague).title == (
        "Your 2021 (year) outcome report is due in 1 day"
    )
