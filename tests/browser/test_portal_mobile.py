"""A firm user on a phone (390 × 844): every portal page fits the screen's width, its content
starts on the first screen, and the menu folds behind a button that opens and closes it. Staff
pages need not be made for phones, but their lists do not widen the page either: wide tables
scroll in their own box.

The pages are the permission table's: every GET row under `portal:` the firm user gets as a
200 (and every staff list page), so a new page is covered without touching this test.
"""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from outcomes.models import OutcomeReport
from tests.factories import TEST_PASSWORD, InteractionFactory
from tests.mous.factories import RelocationFactory
from tests.outcomes.factories import ReportingPeriodFactory
from tests.programs.factories import SupportAwardFactory
from tests.test_permissions import ROWS, _url

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

PORTAL_PAGES = sorted(
    name
    for name, (method, _, allowed) in ROWS.items()
    if name.startswith("portal:") and method == "get" and allowed.get("firm_user") == 200
)


# Staff pages that take no object: the lists, the dashboard and the forms.
STAFF_PAGES = sorted(
    name
    for name, (method, kind, allowed) in ROWS.items()
    if not name.startswith("portal:")
    and method == "get"
    and kind is None
    and allowed.get("staff") == 200
)


def test_the_table_lists_the_portal_pages():
    assert {"portal:home", "portal:outcome_list", "portal:outcome_edit"} <= set(PORTAL_PAGES)
    assert "portal:outcome_submit" not in PORTAL_PAGES  # a POST


def _row_url(name, request, company) -> str:
    """The row's URL; the objects it makes stay for the browser to see."""
    _, kind, _ = ROWS[name]
    try:
        with transaction.atomic():
            return _url(name, kind, company, request)
    except IntegrityError:
        # Each outcome row makes a report for the factory's default period, and a company has
        # one report per period: move the earlier reports to periods of their own first.
        # Years counted from 1950, not from the report's id: PostgreSQL's ids keep growing
        # through a run, and a year past 2100 is outside the date window.
        for offset, report in enumerate(
            OutcomeReport.objects.filter(company=company).order_by("pk")
        ):
            report.period = ReportingPeriodFactory(year=1950 + offset)
            report.save(update_fields=["period"])
        return _url(name, kind, company, request)


def _html_pages(request, company, firm_user) -> dict[str, str]:
    """name → URL of each portal page that is a page (not a file download)."""
    client = Client()
    client.force_login(firm_user)
    pages = {}
    for name in PORTAL_PAGES:
        url = _row_url(name, request, company)
        response = client.get(url)
        assert response.status_code == 200, name
        if response["Content-Type"].startswith("text/html"):
            pages[name] = url
    return pages


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport=PHONE, device_scale_factor=1
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _width(page) -> tuple[int, int]:
    return tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))


# Each run of Hangul syllables in the page's visible text, with the lines it is laid out on: a
# run on two lines is a Korean word broken mid-word.
BROKEN_WORDS = """() => {
  const broken = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || !parent.checkVisibility()) continue;
    for (const match of node.textContent.matchAll(/[\uac00-\ud7a3]{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
      const lines = new Set(rects.map((r) => Math.round(r.bottom)));
      if (lines.size > 1) broken.add(match[0]);
    }
  }
  return Array.from(broken);
}"""


def _broken_words(page) -> list[str]:
    return page.evaluate(BROKEN_WORDS)


def test_every_portal_page_fits_a_phone(
    live_server, phone, results_dir, request, company, firm_user
):
    # An award in the tables, so the stacked cards are there to be measured (the rows that
    # need a report, a patent or a booking make their own, which the lists then show).
    SupportAwardFactory(company=company)
    pages = _html_pages(request, company, firm_user)
    assert "portal:home" in pages and "portal:outcome_pdf" not in pages
    failed = []
    phone.on(
        "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )

    phone.goto(live_server.url + reverse("account_login"))
    assert _width(phone) == (390, 390)
    login = phone.locator(f"form[action='{reverse('account_login')}']")
    login.locator("input[name=login]").fill(firm_user.email)
    login.locator("input[name=password]").fill(TEST_PASSWORD)
    login.locator("button[type=submit]").click()
    phone.wait_for_url(live_server.url + reverse("portal:home"))

    too_wide, too_low, broken = {}, {}, {}
    for name, url in pages.items():
        phone.goto(live_server.url + url)
        scroll_width, inner_width = _width(phone)
        if scroll_width > inner_width:
            too_wide[name] = scroll_width
        if words := _broken_words(phone):
            broken[name] = words
        # The page's title is on the first screen, not below a long menu.
        top = phone.locator("main h1").first.bounding_box()["y"]
        if top > PHONE["height"] / 2:
            too_low[name] = top
        phone.screenshot(path=results_dir / f"portal-390-{name.split(':')[1]}.png", full_page=True)

    assert too_wide == {}
    assert too_low == {}
    assert broken == {}
    assert failed == []


def test_the_menu_button_opens_and_closes_the_menu_on_a_phone(
    live_server, phone, client, firm_user
):
    client.force_login(firm_user)
    phone.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    phone.goto(live_server.url + reverse("portal:home"))
    toggle = phone.locator("[data-menu-toggle]")
    nav = phone.locator("#app-nav")

    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(phone.locator("#app-header-tools")).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(phone.locator("#app-header-tools button", has_text="로그아웃")).to_be_visible()
    assert _width(phone) == (390, 390)

    phone.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()

    toggle.click()
    nav.locator(f"a[href='{reverse('portal:outcome_list')}']").click()
    phone.wait_for_url(live_server.url + reverse("portal:outcome_list"))
    # A new page starts with the menu closed.
    expect(phone.locator("#app-nav")).to_be_hidden()


def test_on_a_wide_screen_the_menu_is_open_and_the_button_hidden(live_server, page, client, staff):
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("companies:list"))
    expect(page.locator("[data-menu-toggle]")).to_be_hidden()
    expect(page.locator("#app-nav")).to_be_visible()
    assert _width(page) == (1366, 1366)


def test_staff_pages_do_not_scroll_sideways_on_a_phone(live_server, phone, client, company, staff):
    # Rows in the lists, so their tables (and the hidden labels of their last columns) are there.
    SupportAwardFactory(company=company)
    RelocationFactory(company=company)
    InteractionFactory(company=company, staff=staff)
    client.force_login(staff)
    phone.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    too_wide, broken = {}, {}
    for name in STAFF_PAGES:
        if not client.get(reverse(name))["Content-Type"].startswith("text/html"):
            continue  # a file to download
        phone.goto(live_server.url + reverse(name))
        scroll_width, inner_width = _width(phone)
        if scroll_width > inner_width:
            too_wide[name] = scroll_width
        if words := _broken_words(phone):
            broken[name] = words
    assert "companies:list" in STAFF_PAGES and "reports:dashboard" in STAFF_PAGES
    assert too_wide == {}
    assert broken == {}
