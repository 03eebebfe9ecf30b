"""The dashboard opens on the last complete year, with the running year one click away and
marked as partial, and offers no year to come; submitting a report says what it locks."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from reports.models import ReportSnapshot
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")
SEOUL = ZoneInfo("Asia/Seoul")


@time_machine.travel(datetime(2026, 1, 1, 0, 30, tzinfo=SEOUL), tick=False)
def test_the_dashboard_opens_on_the_last_complete_year_in_seoul(client, executive):
    """Half past midnight on 1 January in Seoul (still 2025 in UTC): 2025 is complete."""
    client.force_login(executive)

    response = client.get(reverse("reports:dashboard"))

    assert response.context["year"] == 2025
    assert response.context["is_partial"] is False
    html = page(response)
    assert 'href="?year=2026"' in html
    assert "2026 so far" in html


@time_machine.travel(datetime(2026, 5, 20, 10, 0, tzinfo=SEOUL), tick=False)
def test_the_running_year_is_offered_and_marked_partial(client, executive):
    client.force_login(executive)

    response = client.get(reverse("reports:dashboard"), {"year": 2026})

    assert response.context["is_partial"] is True
    html = page(response)
    assert "2026 is not over yet: its figures are partial" in html
    assert '<option value="2026" selected>2026 (in progress)</option>' in html


@time_machine.travel(datetime(2026, 5, 20, 10, 0, tzinfo=SEOUL), tick=False)
@pytest.mark.parametrize("asked", ["2027", "2100", "2019", "x"])
def test_no_year_to_come_is_offered_or_shown(client, executive, asked):
    client.force_login(executive)

    response = client.get(reverse("reports:dashboard"), {"year": asked})

    assert response.context["year"] == 2025
    assert response.context["years"][0] == 2026
    assert 'value="2027"' not in page(response)


@time_machine.travel(datetime(2026, 5, 20, 10, 0, tzinfo=SEOUL), tick=False)
def test_the_drilldown_and_the_submission_form_default_to_the_last_complete_year(client, executive):
    client.force_login(executive)

    drilldown = client.get(reverse("reports:drilldown", args=["firms_supported"]))
    submission = client.get(reverse("reports:snapshot_create"))

    assert drilldown.context["year"] == 2025
    assert submission.context["year"] == 2025


def test_the_submission_form_states_what_submitting_locks(client, executive):
    client.force_login(executive)

    html = page(client.get(reverse("reports:snapshot_create"), {"year": 2022}))

    assert 'name="approve"' in html
    assert "a submitted version cannot be changed or withdrawn" in html


def test_a_submission_without_the_approval_is_refused_with_its_message(client, executive):
    client.force_login(executive)

    response = client.post(reverse("reports:snapshot_create"), {"year": 2022, "note": "x"})

    assert response.context["form"].errors["approve"] == ["Tick the approval to submit the report."]
    assert not ReportSnapshot.objects.exists()
