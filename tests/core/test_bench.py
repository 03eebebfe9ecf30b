"""The benchmark command measures what it says, on whatever data the database holds."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.reports.factories import supported_company


def test_bench_prints_timings_and_query_counts_as_json(staff, executive, firm_user):
    supported_company(name="빛고을모빌리티")
    out = io.StringIO()
    call_command(
        "bench",
        runs=2,
        file_runs=1,
        only=["company_search", "dashboard", "kpi_xlsx"],
        as_json=True,
        stdout=out,
    )
    payload = json.loads(out.getvalue())
    results = {row["name"]: row for row in payload["results"]}
    assert list(results) == ["company_search", "dashboard", "kpi_xlsx"]
    assert payload["companies"] == 2
    for row in results.values():
        assert row["runs"] == (1 if row["name"] == "kpi_xlsx" else 2)
        assert 0 < row["median_ms"] <= row["p95_ms"] <= row["max_ms"]
        assert row["queries"] > 0
    assert results["dashboard"]["status"] == 200
    if Path("/proc/self/clear_refs").exists():  # Linux: the high-water mark can be reset
        assert results["kpi_xlsx"]["peak_rss_mb"] > 50  # a Django process building a workbook
    else:
        assert results["kpi_xlsx"]["peak_rss_mb"] is None
    assert results["dashboard"]["peak_rss_mb"] is None


def test_bench_table_has_one_line_per_measurement(staff, executive, firm_user):
    out = io.StringIO()
    call_command("bench", runs=1, only=["company_list", "portal_home"], stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("database:")
    assert [line.split()[0] for line in lines[3:]] == ["company_list", "portal_home"]


def test_bench_without_data_says_what_to_do():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("bench", runs=1, stdout=io.StringIO())


def test_bench_session_prints_a_cookie_that_signs_the_staff_user_in(client, staff):
    out = io.StringIO()
    call_command("bench_session", stdout=out)
    name, value = out.getvalue().strip().split("=", 1)
    client.cookies[name] = value
    assert client.get("/companies/").status_code == 200
    client.cookies.clear()
    assert client.get("/companies/").status_code == 302  # signed out without it
