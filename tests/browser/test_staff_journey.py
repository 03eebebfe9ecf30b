"""A staff member logs in, finds a company by Hangul search, logs an interaction, sees it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from companies.models import Interaction
from tests.factories import CompanyFactory, UserFactory
from users.models import Role

pytestmark = pytest.mark.browser

PASSWORD = "journey-Orbit-7342-kettle"
SUMMARY = "빛고을헬스케어 대표와 실증 장비 사용 일정 협의"


def test_staff_finds_a_company_by_hangul_search_and_logs_an_interaction(
    live_server, page, results_dir
):
    staff = UserFactory(
        role=Role.STAFF, email="journey@example.kr", name="김담당", password=PASSWORD
    )
    company = CompanyFactory(name="빛고을헬스케어")
    CompanyFactory(name="무등에너지")
    console, failed, styles = [], [], []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text} ({m.location['url']})"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("response", lambda r: styles.append((r.url, r.status)) if ".css" in r.url else None)

    # Anonymous "/" goes to the login page; the real allauth form logs in.
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    login_form = page.locator(f"form[action='{reverse('account_login')}']")
    login_form.locator("input[name=login]").fill(staff.email)
    login_form.locator("input[name=password]").fill(PASSWORD)
    login_form.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("companies:staff_home"))

    # The company list filters with htmx as the user types Hangul.
    page.locator(f"nav.app-nav a[href='{reverse('companies:list')}']").click()
    page.wait_for_url(live_server.url + reverse("companies:list"))
    results = page.locator("#results")
    expect(results).to_contain_text("무등에너지")
    search = page.locator("input[name=q]")
    with page.expect_response(lambda r: "q=" in r.url and r.request.headers.get("hx-request")):
        search.press_sequentially("빛고을", delay=50)
    # The swap replaces #results; it must not nest a second #results inside the first.
    expect(results).to_have_count(1)
    expect(results).to_contain_text("빛고을헬스케어")
    expect(results).not_to_contain_text("무등에너지")
    assert "q=" in page.url

    # Enter submits the same search (htmx, or a plain GET without JavaScript).
    search.fill("헬스케어")
    search.press("Enter")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("빛고을헬스케어")
    expect(results).not_to_contain_text("무등에너지")

    # The earlier search already showed the link: let the last swap land before clicking it, or
    # the click can hit a link the swap is replacing (seen on a busy machine).
    page.wait_for_load_state("networkidle")
    results.get_by_role("link", name="빛고을헬스케어").click()
    page.wait_for_url(live_server.url + company.get_absolute_url())

    # Logging an interaction swaps the panel in place; the new entry tops the timeline.
    panel = page.locator("#interaction-panel")
    panel.locator("select[name=kind]").select_option("visit")
    panel.locator("input[name=occurred_at]").fill("2025-03-05T14:30")
    panel.locator("textarea[name=summary]").fill(SUMMARY)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.request.headers.get("hx-request")
    ) as posted:
        panel.locator("button[type=submit]").click()
    assert posted.value.status == 200, posted.value.headers.get("location")
    timeline = page.locator("#interaction-panel .app-timeline")
    expect(timeline).to_contain_text(SUMMARY)
    expect(timeline.locator("li").first).to_contain_text("2025-03-05 14:30")
    expect(page.locator("#interaction-panel textarea[name=summary]")).to_have_value("")
    assert page.url == live_server.url + company.get_absolute_url()

    interaction = Interaction.objects.get(summary=SUMMARY)
    assert (interaction.company, interaction.staff, interaction.kind) == (company, staff, "visit")

    page.screenshot(path=results_dir / "staff-journey.png", full_page=True)
    csp = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert csp == []
    assert [m for m in console if m.startswith(("error", "pageerror"))] == []
    assert failed == []
    assert any(url.endswith("/static/css/app.css") for url, _status in styles)
    assert any("/static/vendor/krds/" in url for url, _status in styles)
    assert all(status in (200, 304) for _url, status in styles)
