"""A staff member records an award and picks its company by typing part of the name: the
matches come from the company autocomplete as they type, a click (or the keyboard) chooses."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programs.models import SupportAward
from tests.factories import CompanyFactory, UserFactory
from tests.programs.factories import ProgramFactory
from users.models import Role

pytestmark = pytest.mark.browser

PASSWORD = "picker-Lantern-5831-quartz"


def _log_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    form = page.locator(f"form[action='{reverse('account_login')}']")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("companies:staff_home"))


def test_staff_pick_the_company_of_an_award_by_typing(live_server, page, results_dir):
    staff = UserFactory(role=Role.STAFF, email="picker@example.kr", password=PASSWORD)
    program = ProgramFactory(name="시제품 제작 지원")
    wanted = CompanyFactory(name="빛고을헬스케어")
    CompanyFactory(name="빛고을에너지")
    for n in range(30):
        CompanyFactory(name=f"광주인공지능 {n:02d}")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _log_in(page, live_server, staff)

    page.goto(live_server.url + reverse("programs:award_create"))
    page.locator("select[name=program]").select_option(str(program.pk))
    search = page.locator("input[name=company_search]")
    expect(page.locator("select[name=company]")).to_have_count(0)
    with page.expect_response(lambda r: reverse("companies:autocomplete") in r.url):
        search.press_sequentially("빛고을", delay=40)
    options = page.locator(".app-autocomplete-option")
    expect(options).to_have_count(2)
    expect(search).to_have_attribute("aria-expanded", "true")

    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=results_dir / f"autocomplete-{width}.png", full_page=False)
        document_width = page.evaluate("document.documentElement.scrollWidth")
        assert document_width <= width, (width, document_width)
    page.set_viewport_size({"width": 1366, "height": 900})

    # The keyboard reaches the matches; Escape closes them, typing opens them again.
    search.press("ArrowDown")
    expect(options.first).to_be_focused()
    options.first.press("Escape")
    expect(options).to_have_count(0)
    with page.expect_response(lambda r: reverse("companies:autocomplete") in r.url):
        search.press_sequentially("헬스", delay=40)
    expect(options).to_have_count(1)
    page.wait_for_load_state("networkidle")
    options.first.click()

    expect(search).to_have_value(f"빛고을헬스케어 ({wanted.business_number_display})")
    expect(page.locator("input[name=company]")).to_have_value(str(wanted.pk))
    expect(options).to_have_count(0)
    page.locator("input[name=amount_krw]").fill("15,000,000")
    page.locator("form.app-form button[type=submit]").click()
    page.wait_for_url("**/programs/awards/*/")

    award = SupportAward.objects.get()
    assert (award.company, award.program, award.amount_krw) == (wanted, program, 15_000_000)
    assert errors == []


def test_without_javascript_the_typed_text_is_resolved_on_the_server(
    browser, live_server, results_dir
):
    """Scripts off: the name typed is sent; several matches come back as choices to pick."""
    staff = UserFactory(role=Role.STAFF, email="noscript@example.kr", password=PASSWORD)
    program = ProgramFactory(name="시제품 제작 지원")
    wanted = CompanyFactory(name="무등로보틱스")
    CompanyFactory(name="무등에너지")
    context = browser.new_context(
        java_script_enabled=False,
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        viewport={"width": 1366, "height": 900},
    )
    page = context.new_page()
    try:
        _log_in(page, live_server, staff)
        page.goto(live_server.url + reverse("programs:award_create"))
        page.locator("select[name=program]").select_option(str(program.pk))
        page.locator("input[name=company_search]").fill("무등")
        page.locator("input[name=amount_krw]").fill("5000000")
        page.locator("form.app-form button[type=submit]").click()

        choices = page.locator("input[name=company_pick]")
        expect(choices).to_have_count(2)
        page.screenshot(path=results_dir / "autocomplete-noscript.png", full_page=True)
        # KRDS draws the radio in its label, which takes the click.
        page.locator("label", has_text=f"무등로보틱스 ({wanted.business_number_display})").click()
        expect(page.locator(f"input[name=company_pick][value='{wanted.pk}']")).to_be_checked()
        page.locator("form.app-form button[type=submit]").click()
        page.wait_for_url("**/programs/awards/*/")
    finally:
        context.close()

    assert SupportAward.objects.get().company == wanted
