"""Money inputs group the digits as they are typed and explain a Korean unit (core.forms)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programs.models import Program, SupportType

pytestmark = pytest.mark.browser


def test_a_money_input_shows_separators_as_typed_and_explains_korean_units(
    live_server, page, client, staff, results_dir
):
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("programs:create"))
    page.locator("input[name=name]").fill("AI 바우처")
    page.locator("select[name=support_type]").select_option(SupportType.PROTOTYPE)
    page.locator("input[name=budget_year]").fill("2022")
    budget = page.locator("input[name=budget_krw]")

    budget.press_sequentially("1234000", delay=20)
    expect(budget).to_have_value("1,234,000")
    # A digit typed in the middle keeps the caret after it.
    budget.press("Home")
    budget.press("ArrowRight")
    budget.press_sequentially("5")
    expect(budget).to_have_value("15,234,000")
    budget.press_sequentially("9")
    expect(budget).to_have_value("159,234,000")
    budget.press("Backspace")
    budget.press("Backspace")
    expect(budget).to_have_value("1,234,000")

    budget.fill("")
    budget.press_sequentially("50억", delay=20)
    expect(budget).to_have_value("50억")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("5,000,000,000")
    expect(page.locator("input[name=budget_krw]")).to_have_value("50억")
    page.screenshot(path=results_dir / "money-input-korean-unit-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("input[name=budget_krw]").scroll_into_view_if_needed()
    page.screenshot(path=results_dir / "money-input-korean-unit-390.png")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.locator("input[name=budget_krw]").fill("")
    page.locator("input[name=budget_krw]").press_sequentially("500000000", delay=10)
    expect(page.locator("input[name=budget_krw]")).to_have_value("500,000,000")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert Program.objects.get().budgets.get().amount_krw == 500_000_000
