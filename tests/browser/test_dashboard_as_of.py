"""Staff ask the KPI dashboard for its figures as of a date with the date picker."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.reports.factories import supported_company
from users.models import Role

# The indicator rows come from a data migration: a live server flushes the database after
# each test, so the rows are restored for the next one.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "as-of-Harbor-5521-lantern"


def test_staff_pick_an_as_of_date_on_the_dashboard(live_server, page, results_dir):
    staff = UserFactory(role=Role.STAFF, email="asof@example.kr", name="박담당", password=PASSWORD)
    supported_company(name="빛고을에이아이", awarded_on=date(2022, 3, 2))
    supported_company(name="무등로보틱스", awarded_on=date(2022, 3, 25))
    page.goto(live_server.url + reverse("account_login"))
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("companies:staff_home"))

    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("reports:dashboard"))
        picker = page.locator("#id_as_of")
        # No day still to come: the picker stops at today in Seoul.
        assert picker.get_attribute("max") == timezone.localdate().isoformat()
        picker.fill("2022-03-24")
        page.locator("form.app-filter button[type=submit]").click()
        page.wait_for_url("**as_of=2022-03-24**")
        expect(page.locator(".app-lead").first).to_contain_text("2022-03-24")
        expect(picker).to_have_value("2022-03-24")
        page.screenshot(path=results_dir / f"dashboard-as-of-{width}.png", full_page=False)
        # The firms supported to that day: one in 2022 (the award of 25 March is after it).
        firms = page.locator(".app-kpi", has=page.locator("a[href*='firms_supported']")).first
        expect(firms.locator(".app-kpi-value")).to_have_text("1")
