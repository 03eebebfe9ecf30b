"""Staff request changes on a firm's outcome report; the firm user sees it in the header count
and the notice list, opens it, and the task worker has put the e-mail in the mailbox."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from notices.models import DeliveryStatus, Notice, NoticeDelivery
from outcomes.models import OutcomeStatus
from tests.factories import CompanyFactory, FirmUserFactory, UserFactory
from tests.outcomes.factories import OutcomeReportFactory, ReportingPeriodFactory
from users.models import Role

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "journey-Harbor-2291-lantern"
FIRM_PASSWORD = "journey-Meadow-6604-copper"
REASON = "매출액 증빙 서류(부가세 신고서)를 첨부해 주세요"


def log_in(page, live_server, email, password, landing):
    page.goto(live_server.url + "/")
    form = page.locator(f"form[action='{reverse('account_login')}']")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse(landing))


def run_worker():
    """The task worker, as `manage.py db_worker` runs it, until the queue is empty."""
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )


def test_a_change_request_reaches_the_firm_in_the_crm_and_by_email(
    live_server, browser, page, results_dir, mailoutbox
):
    staff = UserFactory(
        role=Role.STAFF, email="notice-staff@example.kr", name="김담당", password=STAFF_PASSWORD
    )
    company = CompanyFactory(name="빛고을헬스케어", assigned_staff=staff)
    firm_user = FirmUserFactory(
        company=company, email="ceo@bitgoeul.example.kr", name="박대표", password=FIRM_PASSWORD
    )
    other_firm = FirmUserFactory(company=CompanyFactory(name="무등에너지"))
    period = ReportingPeriodFactory(year=2024, opens_on=date(2024, 12, 1))
    report = OutcomeReportFactory(company=company, period=period, submitted=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Staff send the report back, asking for the revenue evidence.
    log_in(page, live_server, staff.email, STAFF_PASSWORD, "companies:staff_home")
    page.goto(live_server.url + reverse("outcomes:review", args=[report.pk]))
    decision = page.locator("main form[method=post]").filter(has=page.locator("[name=action]"))
    for choice in (
        "input[name=action][value=request_changes]",
        "input[name=fields][value=revenue_krw]",
    ):
        # The design system draws the box on the label, which takes the click.
        box = decision.locator(choice)
        decision.locator(f"label[for='{box.get_attribute('id')}']").click()
        expect(box).to_be_checked()
    decision.locator("textarea[name=reason]").fill(REASON)
    decision.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("outcomes:review", args=[report.pk]))
    expect(page.locator("#messages")).to_be_visible()
    report.refresh_from_db()
    assert report.status == OutcomeStatus.CHANGES_REQUESTED

    # The e-mail left after commit, through the task worker, and is recorded.
    assert mailoutbox == []
    run_worker()
    (mail,) = mailoutbox
    assert mail.to == [firm_user.email]
    assert REASON in mail.body
    notice = Notice.objects.get(recipient=firm_user)
    assert f"/notices/{notice.pk}/open/" in mail.body
    delivery = NoticeDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert not Notice.objects.filter(recipient=other_firm).exists()

    # The firm user sees the count in the header, on a phone too.
    firm = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1366, "height": 900}
    )
    firm_page = firm.new_page()
    firm_page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(firm_page, live_server, firm_user.email, FIRM_PASSWORD, "portal:home")
    badge = firm_page.locator("header [data-unread-count]")
    expect(badge).to_have_text("1")
    actions = firm_page.locator("[data-portal-actions]")
    expect(actions).to_contain_text(REASON[:10])
    firm_page.screenshot(path=results_dir / "notice-portal-home-1366.png", full_page=True)

    firm_page.locator("header a[data-notice-link]").click()
    firm_page.wait_for_url(live_server.url + reverse("notices:list"))
    item = firm_page.locator(f"[data-notice='{notice.pk}']")
    expect(item).to_have_attribute("data-unread", "")
    expect(item).to_contain_text(REASON)
    expect(item).to_contain_text("2024")
    firm_page.screenshot(path=results_dir / "notice-list-1366.png", full_page=True)
    firm_page.set_viewport_size({"width": 390, "height": 844})
    expect(badge).to_be_visible()  # outside the folded menu
    width = firm_page.evaluate("document.documentElement.scrollWidth")
    assert width == 390
    firm_page.screenshot(path=results_dir / "notice-list-390.png", full_page=True)

    # Opening it marks it read and leads to the report.
    item.locator("a").first.click()
    firm_page.wait_for_url(live_server.url + reverse("portal:outcome_detail", args=[report.pk]))
    expect(firm_page.locator("header [data-unread-count]")).to_have_count(0)
    notice.refresh_from_db()
    assert notice.read_at is not None
    firm.close()
    assert errors == []
