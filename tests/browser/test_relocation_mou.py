"""A staff member records a relocation: the linked-MOU list shows nothing until the company
is chosen in its picker, then that company's signed MOUs only."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mous.models import Relocation
from tests.factories import CompanyFactory, UserFactory
from tests.mous.factories import MouFactory
from users.models import Role

pytestmark = pytest.mark.browser

PASSWORD = "relocate-Harbour-2719-maple"


def _log_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    form = page.locator(f"form[action='{reverse('account_login')}']")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("companies:staff_home"))


def test_choosing_the_company_lists_its_mous_to_link(live_server, page, results_dir):
    staff = UserFactory(role=Role.STAFF, email="relocate@example.kr", password=PASSWORD)
    wanted = CompanyFactory(name="빛고을헬스케어")
    other = CompanyFactory(name="무등에너지")
    mou = MouFactory(company=wanted)
    MouFactory(company=other)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _log_in(page, live_server, staff)

    page.goto(live_server.url + reverse("mous:relocation_create"))
    mou_options = page.locator("select[name=mou] option")
    expect(mou_options).to_have_count(1)  # the empty choice only

    search = page.locator("input[name=company_search]")
    with page.expect_response(lambda r: reverse("companies:autocomplete") in r.url):
        search.press_sequentially("빛고을", delay=40)
    page.wait_for_load_state("networkidle")
    with page.expect_response(lambda r: f"company={wanted.pk}" in r.url):
        page.locator(".app-autocomplete-option").first.click()
    expect(mou_options).to_have_count(2)
    expect(mou_options.nth(1)).to_have_attribute("value", str(mou.pk))

    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=results_dir / f"relocation-mou-{width}.png", full_page=True)
        document_width = page.evaluate("document.documentElement.scrollWidth")
        assert document_width <= width, (width, document_width)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.locator("select[name=mou]").select_option(str(mou.pk))
    page.locator("select[name=from_region]").select_option("seoul")
    page.locator("input[name=moved_on]").fill("2021-09-01")
    page.locator("select[name=relocation_type]").select_option("branch")
    page.locator("input[name=gwangju_address]").fill("광주광역시 북구 첨단과기로 208")
    page.locator("form.app-form button[type=submit]").click()
    page.wait_for_url(live_server.url + mou.get_absolute_url())

    relocation = Relocation.objects.get()
    assert (relocation.company, relocation.mou) == (wanted, mou)
    assert errors == []
