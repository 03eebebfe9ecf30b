"""Indicators defined without code: a count or sum over one source of records with filters
from a fixed vocabulary, computed with one query per source, shown and frozen like the others."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from companies.models import GrowthStage, Industry
from reports.exporters.excel import _summary_frame
from reports.exporters.pdf import summary_table
from reports.models import CumulativeRule, KpiIndicator, KpiUnit
from reports.selectors.figures import indicator_figures, kpi_report
from tests.programs.factories import ProgramFactory, SupportAwardFactory
from tests.reports.factories import supported_company, supported_report
from tests.training.factories import TraineeFactory, TrainingCourseFactory


def define(code: str, **fields) -> KpiIndicator:
    """An indicator defined without code, reported from 2021."""
    defaults = {
        "name_ko": code,
        "name_en": code,
        "unit": KpiUnit.FIRMS,
        "counting_rule": "-",
        "program": "-",
        "first_year": 2021,
        "position": 900,
        "cumulative_rule": CumulativeRule.SUM,
    }
    return KpiIndicator.objects.create(code=code, **{**defaults, **fields})


def figures(year: int) -> dict:
    return {f.code: (f.value, f.cumulative) for f in indicator_figures(year)}


@pytest.fixture
def records():
    """Hand-checked records.

    Programme A: firm 1 (healthcare, early on 2022-12-31, Gwangju) awarded 2022 twice, 10 and
    20 million; firm 2 (energy) awarded 2022, 5 million, and 2021, 7 million.
    Programme B: firm 3 (healthcare, growth) awarded 2022, 40 million.
    Accepted 2022 reports: firm 1 hires 4, revenue 100 million; firm 3 hires 6, revenue 300.
    Trainees 2022: two hired by firm 1, one by firm 2, one not hired."""
    a, b = ProgramFactory(name="A"), ProgramFactory(name="B")
    one = supported_company(
        awarded_on=date(2022, 3, 1),
        amount_krw=10_000_000,
        award={"program": a},
        industry=Industry.HEALTHCARE,
        stage=GrowthStage.EARLY,
        is_in_gwangju=True,
    )
    SupportAwardFactory(company=one, program=a, awarded_on=date(2022, 6, 1), amount_krw=20_000_000)
    two = supported_company(
        awarded_on=date(2022, 5, 1),
        amount_krw=5_000_000,
        award={"program": a},
        industry=Industry.ENERGY,
        is_in_gwangju=False,
    )
    SupportAwardFactory(company=two, program=a, awarded_on=date(2021, 5, 1), amount_krw=7_000_000)
    three = supported_company(
        awarded_on=date(2022, 2, 1),
        amount_krw=40_000_000,
        award={"program": b},
        industry=Industry.HEALTHCARE,
        stage=GrowthStage.GROWTH,
        is_in_gwangju=False,
    )
    supported_report(year=2022, company=one, accepted=True, new_hires=4, revenue_krw=100_000_000)
    supported_report(year=2022, company=three, accepted=True, new_hires=6, revenue_krw=300_000_000)
    course = TrainingCourseFactory(year=2022)
    TraineeFactory.create_batch(2, course=course, hired_by=one)
    TraineeFactory(course=course, hired_by=two)
    TraineeFactory(course=course, hired_by=None)
    return {"a": a, "b": b, "one": one, "two": two, "three": three}


def test_counts_and_sums_with_filters_by_hand(records):
    a = records["a"]
    define(
        "a_firms",
        source="awards",
        measure="firms",
        filters={"program": a.pk},
        cumulative_rule=CumulativeRule.DISTINCT_FIRMS,
    )
    define("a_awards", source="awards", measure="records", filters={"program": a.pk})
    define(
        "a_won",
        source="awards",
        measure="sum",
        measure_field="amount_krw",
        filters={"program": a.pk},
        unit=KpiUnit.WON,
    )
    define(
        "health_hires",
        source="outcomes",
        measure="sum",
        measure_field="new_hires",
        filters={"industry": Industry.HEALTHCARE},
        unit=KpiUnit.PEOPLE,
    )
    define(
        "a_revenue",
        source="outcomes",
        measure="sum",
        measure_field="revenue_krw",
        filters={"program": a.pk},
        unit=KpiUnit.WON,
        cumulative_rule=CumulativeRule.NONE,
    )
    define("early_firms", source="awards", measure="firms", filters={"stage": "early"})
    define("gwangju_firms", source="awards", measure="firms", filters={"in_gwangju": True})
    define("hiring_firms", source="trainees", measure="firms")
    define(
        "health_trainees",
        source="trainees",
        measure="records",
        filters={"industry": Industry.HEALTHCARE},
        unit=KpiUnit.PEOPLE,
    )
    got = figures(2022)
    assert got["a_firms"] == (2, 2)  # firms 1 and 2; cumulative: the same two, each once
    assert got["a_awards"] == (3, 4)  # 2022: 1, 1, 2; with 2021: 4
    assert got["a_won"] == (35_000_000, 42_000_000)
    assert got["health_hires"] == (10, 10)  # firms 1 and 3
    assert got["a_revenue"] == (100_000_000, None)  # firm 1 only; no cumulative column
    assert got["early_firms"] == (1, 1)
    assert got["gwangju_firms"] == (1, 1)
    assert got["hiring_firms"] == (2, 2)
    assert got["health_trainees"] == (2, 2)


def test_a_definition_reported_from_a_later_year_is_not_in_earlier_reports(records):
    define("later", source="awards", measure="firms", first_year=2023)
    assert "later" not in figures(2022)


def test_one_query_per_source_however_many_definitions(records, assert_flat_queries):
    define("d0", source="awards", measure="firms")
    define("o0", source="outcomes", measure="records")
    define("t0", source="trainees", measure="records")
    count = [0]

    def more():
        for source, measure in [
            ("awards", "firms"),
            ("outcomes", "records"),
            ("trainees", "firms"),
        ]:
            for _ in range(3):
                count[0] += 1
                define(
                    f"more{count[0]}",
                    source=source,
                    measure=measure,
                    filters={"industry": Industry.ENERGY},
                )

    first, last = assert_flat_queries(None, lambda: indicator_figures(2022), more)
    assert len(last) == len(first) + 9


def test_the_dashboard_pdf_excel_and_snapshot_show_a_defined_indicator(records, client, staff):
    define(
        "a_firms",
        source="awards",
        measure="firms",
        filters={"program": records["a"].pk},
        name_ko="A사업 지원기업",
        name_en="Firms of programme A",
    )
    report = kpi_report(year=2022)
    figure = next(f for f in report.indicators if f.code == "a_firms")
    assert (figure.name_en, figure.value) == ("Firms of programme A", 2)
    # Frozen: the definition retired later, the snapshot keeps it.
    frozen = report.to_json()
    KpiIndicator.objects.filter(code="a_firms").update(is_retired=True)
    assert "a_firms" not in {f.code for f in kpi_report(year=2022).indicators}
    assert "a_firms" in type(report).from_json(frozen).figures
    KpiIndicator.objects.filter(code="a_firms").update(is_retired=False)
    client.force_login(staff)
    page = client.get(reverse("reports:dashboard"), {"year": 2022})
    assert "A사업 지원기업" in page.content.decode()
    # The PDF's summary table and the Excel summary sheet carry it like the others.
    with translation.override("en"):
        rows = {row[0]: row for row in summary_table(report).rows}
        frame, _formats = _summary_frame(report)
    assert "Firms of programme A" in rows
    assert "Firms of programme A" in frame.iloc[:, 0].astype(str).tolist()


def test_staff_define_an_indicator_on_the_screen(client, staff, records):
    client.force_login(staff)
    url = reverse("reports:indicator_create")
    data = {
        "code": "health_firms",
        "name_ko": "헬스케어 지원기업",
        "name_en": "Healthcare firms supported",
        "source": "awards",
        "measure": "firms",
        "cumulative_rule": "distinct_firms",
        "counting_rule": "헬스케어 업종 지원기업을 기업 기준으로 센다.",
        "program": "AI 산업융합",
        "position": "50",
        "first_year": "2022",
        "filter_industry": "healthcare",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    row = KpiIndicator.objects.get(code="health_firms")
    assert (row.filters, row.unit, row.is_defined) == ({"industry": "healthcare"}, "firms", True)
    assert figures(2022)["health_firms"] == (2, 2)
    # Its edit screen keeps the definition editable, the code fixed.
    edit = client.get(reverse("reports:indicator_update", args=[row.pk]))
    assert edit.context["form"].fields["code"].disabled
    assert edit.context["form"].initial["filter_industry"] == "healthcare"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"measure": "sum", "measure_field": "new_hires"},
            "measure_field",
            "Choose a figure of the chosen records to sum: Support awarded (won).",
        ),
        (
            {"measure": "records", "measure_field": "amount_krw"},
            "measure_field",
            "Only a sum names a figure; leave it empty for a count.",
        ),
        (
            {"measure": "records", "cumulative_rule": "distinct_firms"},
            "cumulative_rule",
            "Distinct firms is the cumulative column of a firm count.",
        ),
        (
            {"code": "firms_supported"},
            "code",
            "firms_supported is the code of an indicator computed in code; choose another.",
        ),
        (
            {"code": "new"},
            "code",
            "new is the code of an indicator computed in code; choose another.",
        ),
        ({"filter_industry": "mining"}, "filter_industry", None),
    ],
)
def test_a_definition_outside_the_vocabulary_is_refused(
    client, english_pages, staff, change, field, message
):
    client.force_login(staff)
    data = {
        "code": "x_firms",
        "name_ko": "x",
        "name_en": "x",
        "source": "awards",
        "measure": "firms",
        "cumulative_rule": "sum",
        "counting_rule": "x",
        "program": "x",
        "position": "1",
        **change,
    }
    with translation.override("en"):
        response = client.post(reverse("reports:indicator_create"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors and (message is None or errors == [message])
    assert not KpiIndicator.objects.filter(code="x_firms").exists()


def test_an_outcome_sum_definition_with_evidence_asks_for_it_at_acceptance(staff):
    from outcomes.services import evidence_missing

    define(
        "exports",
        source="outcomes",
        measure="sum",
        measure_field="exports_krw",
        unit=KpiUnit.WON,
        required_evidence="수출실적증명서",
    )
    report = supported_report(year=2022, submitted=True, exports_krw=9_000_000)
    missing = evidence_missing(report)
    assert [r.evidence for r in missing["exports_krw"]] == ["수출실적증명서"]


def test_the_indicator_page_states_the_definition(client, english_pages, staff, records):
    define(
        "a_firms",
        source="awards",
        measure="firms",
        filters={"program": records["a"].pk, "industry": Industry.HEALTHCARE},
    )
    client.force_login(staff)
    with translation.override("en"):
        page = client.get(
            reverse("reports:indicator_detail", args=["a_firms"]),
            {"year": 2022},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert page.status_code == 200
    assert page.context["figure"].value == 1  # firm 1: programme A and healthcare
    assert ("supporting programme", "A") in page.context["definition"]
