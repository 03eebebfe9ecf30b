"""Targets (목표) and baselines per indicator and year: entered by staff with their history,
shown as target · result · achievement on the dashboard, the PDF and Excel, frozen with a
snapshot, and read in one query whatever the number of indicators."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reports import services
from reports.exporters.excel import kpi_workbook
from reports.exporters.pdf import summary_table
from reports.models import KpiIndicator, KpiTarget
from reports.selectors.figures import IndicatorFigure, indicator_figures, kpi_report
from reports.selectors.snapshots import snapshot_diff
from tests.reports.factories import supported_company

URL = reverse("reports:target_edit")


def set_target(code: str, year: int, target, baseline=None, *, by):
    services.kpi_targets_save(year=year, values={code: (target, baseline)}, by=by)


def figure(report, code: str) -> IndicatorFigure:
    return next(f for f in report.indicators if f.code == code)


def test_staff_set_a_years_targets_and_each_change_is_in_the_history(client, staff):
    client.force_login(staff)
    page = client.get(URL, {"year": 2022})
    assert page.status_code == 200
    assert len(page.context["form"].rows) == KpiIndicator.objects.count()
    data = {"target_firms_supported": "100", "baseline_firms_supported": "80"}
    data["target_support_krw"] = "7,000,000,000"
    data["target_compute_pf"] = "10.74"
    response = client.post(f"{URL}?year=2022", data)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2022"
    saved = {t.indicator.code: t for t in KpiTarget.objects.filter(year=2022)}
    assert sorted(saved) == ["compute_pf", "firms_supported", "support_krw"]
    assert (saved["firms_supported"].target, saved["firms_supported"].baseline) == (100, 80)
    assert saved["support_krw"].target == 7_000_000_000
    assert saved["compute_pf"].target == Decimal("10.74")
    assert saved["firms_supported"].recorded_by == staff

    # The same values again change nothing; one changed value is one history entry.
    before = LogEntry.objects.count()
    client.post(f"{URL}?year=2022", data)
    assert LogEntry.objects.count() == before
    client.post(f"{URL}?year=2022", {**data, "target_firms_supported": "110"})
    assert LogEntry.objects.count() == before + 1
    history = client.get(URL, {"year": 2022}).context["history"]
    changes = [(c.before, c.after) for c in history[0].changes]
    assert changes == [("100.00", "110.00")]  # the unchanged baseline is not listed


@pytest.mark.usefixtures("english_pages")
def test_a_bad_target_keeps_what_was_typed_and_says_why(client, staff):
    client.force_login(staff)
    response = client.post(
        f"{URL}?year=2022",
        {"target_firms_supported": "-3", "target_compute_pf": "1.234", "target_patents": "12"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "greater than or equal to 0" in str(form.errors["target_firms_supported"])
    assert "2 decimal places" in str(form.errors["target_compute_pf"])
    html = response.content.decode()
    assert 'value="12"' in html and 'value="-3"' in html
    assert not KpiTarget.objects.exists()


@pytest.mark.parametrize("who", ["executive", "mentor", "firm_user"])
def test_only_staff_set_targets(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"target_patents": "1"}).status_code == 403
    assert not KpiTarget.objects.exists()


def test_the_target_page_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    set_target("patents", 2022, 10, by=staff)

    def grow():
        for code in KpiIndicator.objects.values_list("code", flat=True):
            set_target(code, 2022, 5, 3, by=staff)

    # Expect the session, user and sign-in bookkeeping, the year's indicators, their targets,
    # the history entries with their users, the unread notices.
    assert_flat_queries(client, URL, grow, data={"year": 2022})


def test_achievement_is_the_result_as_a_percentage_of_the_target(staff):
    for _ in range(3):
        supported_company()
    set_target("firms_supported", 2022, 4, 2, by=staff)
    set_target("mous_signed", 2022, 0, by=staff)
    report = kpi_report(year=2022)
    firms = figure(report, "firms_supported")
    assert (firms.baseline, firms.target, firms.value) == (2, 4, 3)
    assert firms.achievement_percent == Decimal("75.0")
    assert figure(report, "mous_signed").achievement_percent is None  # a zero target
    assert figure(report, "patents").achievement_percent is None  # no data, no target
    assert figure(kpi_report(year=2021), "firms_supported").target is None  # another year


def test_targets_add_no_query_per_indicator(staff):
    with CaptureQueriesContext(connection) as without_targets:
        indicator_figures(2022)
    for code in KpiIndicator.objects.values_list("code", flat=True):
        set_target(code, 2022, 10, by=staff)
    with CaptureQueriesContext(connection) as with_targets:
        figures = indicator_figures(2022)
    assert len(with_targets) == len(without_targets)
    assert all(f.target == 10 for f in figures)


def test_the_pdf_and_excel_summaries_show_target_result_and_achievement(staff):
    supported_company(amount_krw=3_000_000)
    set_target("firms_supported", 2022, 2, 1, by=staff)
    set_target("support_krw", 2022, 6_000_000, by=staff)
    report = kpi_report(year=2022)
    rows = {row[0]: row for row in summary_table(report).rows}
    assert rows["Firms supported"][2:6] == ["1", "2", "1", "50.0"]
    assert rows["Support awarded"][2:6] == ["-", "6.0", "3.0", "50.0"]
    with translation.override("en"):
        book = openpyxl.load_workbook(io.BytesIO(kpi_workbook(report)))
    summary = {row[0].value: row for row in book["Summary"].iter_rows(min_row=2)}
    firms = summary["Firms supported"]
    assert [cell.value for cell in firms[2:6]] == [1, 2, 1, 50.0]
    assert firms[5].number_format == "0.0"
    assert summary["Support awarded"][3].value == 6_000_000


def test_the_dashboard_card_shows_target_and_achievement(client, executive, staff):
    supported_company()
    set_target("firms_supported", 2022, 4, by=staff)
    client.force_login(executive)
    response = client.get(reverse("reports:dashboard"), {"year": 2022})
    assert figure(response.context["report"], "firms_supported").achievement_percent == 25
    assert "25.0%" in response.content.decode()
    # Only staff are offered the targets screen.
    assert URL not in response.content.decode()
    client.force_login(staff)
    assert (
        f"{URL}?year=2022"
        in client.get(reverse("reports:dashboard"), {"year": 2022}).content.decode()
    )


def test_a_snapshot_freezes_the_targets_and_the_next_version_shows_their_change(staff, executive):
    supported_company()
    set_target("firms_supported", 2022, 4, by=staff)
    first = services.snapshot_submit(year=2022, by=executive, today=date(2023, 3, 2))
    set_target("firms_supported", 2022, 6, by=staff)
    first.refresh_from_db()
    assert figure(first.report, "firms_supported").target == 4
    assert figure(kpi_report(year=2022), "firms_supported").target == 6
    second = services.snapshot_submit(year=2022, by=executive, today=date(2023, 3, 2))
    diff = snapshot_diff(second.figures, first.figures)
    assert [(c.label, c.before, c.after) for c in diff.figures] == [
        ("Firms supported (target)", 4, 6)
    ]
