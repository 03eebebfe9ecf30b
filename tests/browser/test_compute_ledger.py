"""The compute screens with dated allocations, in Chromium at 1366 and 390 px: the capacity page
shows the peak in use against the capacity in force, the allocation list each project's dates."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.compute.factories import ComputeAllocationFactory, ComputeCapacityFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_capacity_page_shows_peak_use_against_capacity(
    live_server, page, results_dir, staff, width
):
    period = ComputeCapacityFactory(
        label="2021", capacity_pf=Decimal("8.85"), note="민간 클라우드 임차 8.85 PF"
    )
    halves = [(date(2021, 1, 1), date(2021, 6, 30)), (date(2021, 7, 1), date(2021, 12, 31))]
    for (starts_on, ends_on), pf in zip(halves, ["8.85", "1.89"], strict=True):
        ComputeAllocationFactory(
            capacity=period, pf_allocated=Decimal(pf), starts_on=starts_on, ends_on=ends_on
        )
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("compute:capacity_list"))
    row = page.locator("table.data tbody tr").first
    assert "8.85 / 8.85" in row.inner_text()
    assert "10.74" in row.inner_text()
    page.screenshot(path=str(results_dir / f"compute-capacity-{width}.png"), full_page=True)
    page.goto(live_server.url + reverse("compute:allocation_list"))
    assert "2021-07-01 – 2021-12-31" in page.locator("table.data").inner_text()
    page.screenshot(path=str(results_dir / f"compute-allocations-{width}.png"), full_page=True)
    page.goto(live_server.url + reverse("compute:allocation_create"))
    page.screenshot(path=str(results_dir / f"compute-allocate-{width}.png"), full_page=True)
