"""Indicators are the single definition of every figure: each row has one computation, each
computation one row, and the reports show the figures of the rows active in their year."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from reports import services
from reports.exporters.pdf import NOT_CUMULATED, summary_table
from reports.indicators import REGISTRY, Scope, indicator
from reports.models import CumulativeRule, KpiIndicator
from reports.selectors.figures import kpi_report
from tests.outcomes.factories import OutcomeReportFactory, ReportingPeriodFactory
from tests.reports.factories import supported_company


def test_every_indicator_row_has_a_computation_and_every_computation_a_row():
    rows = {row.code: row for row in KpiIndicator.objects.all()}
    assert sorted(rows) == sorted(REGISTRY)
    for code, computation in REGISTRY.items():
        row = rows[code]
        # The row states what the computation does.
        assert (row.unit, row.kind, row.cumulative_rule) == (
            computation.unit,
            computation.kind,
            computation.cumulative,
        ), code
        assert row.formula and row.counting_rule and row.required_evidence, code


def test_a_code_cannot_have_two_computations():
    with pytest.raises(ImproperlyConfigured, match="firms_supported"):
        indicator("firms_supported", unit="firms", cumulative=CumulativeRule.SUM)(lambda s: 0)
    assert REGISTRY["firms_supported"].compute.__name__ == "firms_supported"


def test_the_report_shows_each_active_indicator_once_in_its_order():
    report = kpi_report(year=2022)
    codes = [figure.code for figure in report.indicators]
    assert codes == list(KpiIndicator.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 17


def test_a_retired_indicator_or_one_outside_its_years_is_left_out():
    KpiIndicator.objects.filter(code="commercial_models").update(is_retired=True)
    KpiIndicator.objects.filter(code="compute_projects").update(first_year=2023)
    KpiIndicator.objects.filter(code="compute_pf").update(last_year=2021)
    codes = {figure.code for figure in kpi_report(year=2022).indicators}
    assert {"commercial_models", "compute_projects", "compute_pf"}.isdisjoint(codes)
    assert "compute_projects" in {figure.code for figure in kpi_report(year=2023).indicators}
    assert "compute_pf" in {figure.code for figure in kpi_report(year=2021).indicators}


def test_indicators_of_one_family_share_their_query(django_assert_num_queries):
    supported_company(amount_krw=3_000_000)
    supported_company(amount_krw=4_000_000)
    scope = Scope(date(2022, 1, 1), date(2022, 12, 31))
    with django_assert_num_queries(1):
        firms = REGISTRY["firms_supported"].compute(scope)
        amount = REGISTRY["support_krw"].compute(scope)
    assert (firms, amount) == (2, 7_000_000)


def test_survey_revenue_has_no_cumulative_column_and_investment_sums_the_years():
    """Revenue is a yearly flow: two years' revenues are not added up. Investment attracted
    is: its cumulative column is the sum of the years."""
    firm = supported_company(awarded_on=date(2021, 2, 1))
    for year, revenue, investment in ((2021, 300_000_000, 50_000_000), (2022, 500_000_000, 0)):
        OutcomeReportFactory(
            company=firm,
            period=ReportingPeriodFactory(year=year),
            accepted=True,
            revenue_krw=revenue,
            investment_krw=investment,
        )
    report = kpi_report(year=2022)
    revenue = next(f for f in report.indicators if f.code == "survey_revenue_krw")
    assert (revenue.value, revenue.cumulative) == (500_000_000, None)
    assert not revenue.shows_cumulative
    assert (report.figures["investment_krw"], report.cumulative["investment_krw"]) == (
        0,
        50_000_000,
    )
    rows = {row[0]: row for row in summary_table(report).rows}
    assert rows["Survey revenue"][4:] == ["500.0", "-", NOT_CUMULATED]
    assert rows["Investment attracted"][4:] == ["0.0", "-", "50.0"]


def test_the_dashboard_card_of_an_indicator_opens_its_companies(client, executive):
    supported_company(amount_krw=2_000_000)
    client.force_login(executive)
    html = client.get(reverse("reports:dashboard"), {"year": 2022}).content.decode()
    assert f"{reverse('reports:drilldown', args=['support_krw'])}?year=2022" in html
    assert reverse("reports:drilldown", args=["people_trained"]) not in html  # people, not firms


def detail_url(code: str) -> str:
    return reverse("reports:indicator_detail", args=[code])


def test_a_reviewer_opens_an_indicator_and_sees_its_definition_figures_and_companies(
    client, executive, staff
):
    first = supported_company(name="광주인공지능", awarded_on=date(2022, 3, 1))
    earlier = supported_company(name="첨단모빌리티", awarded_on=date(2021, 3, 1))
    KpiIndicator.objects.filter(code="firms_supported").update(formula="선정 기업 수(중복 제외)")
    services.kpi_targets_save(
        year=2022, values={"firms_supported": (Decimal(2), Decimal(1))}, by=staff
    )
    client.force_login(executive)
    response = client.get(detail_url("firms_supported"), {"year": 2022})
    assert response.status_code == 200
    figure = response.context["figure"]
    assert (figure.value, figure.cumulative, figure.target, figure.baseline) == (1, 2, 2, 1)
    assert figure.achievement_percent == Decimal("50.0")
    assert list(response.context["companies"]) == [first]
    html = response.content.decode()
    indicator = response.context["indicator"]
    for text in ("선정 기업 수(중복 제외)", indicator.counting_rule, indicator.required_evidence):
        assert text in html
    # The companies behind the cumulative figure: both years' firms.
    response = client.get(detail_url("firms_supported"), {"year": 2022, "cumulative": "1"})
    assert list(response.context["companies"]) == [first, earlier]
    # Executives read; only staff are offered the edit and target screens.
    assert reverse("reports:indicator_update", args=[indicator.pk]) not in html
    client.force_login(staff)
    html = client.get(detail_url("firms_supported"), {"year": 2022}).content.decode()
    assert reverse("reports:indicator_update", args=[indicator.pk]) in html


def test_an_indicator_without_cumulative_figure_lists_only_the_years_companies(client, staff):
    firm = supported_company(awarded_on=date(2021, 2, 1))
    for year in (2021, 2022):
        OutcomeReportFactory(company=firm, period=ReportingPeriodFactory(year=year), accepted=True)
    other = OutcomeReportFactory(period=ReportingPeriodFactory(year=2021), accepted=True).company
    client.force_login(staff)
    response = client.get(detail_url("survey_revenue_krw"), {"year": 2022, "cumulative": "1"})
    assert response.context["cumulative"] is False
    assert list(response.context["companies"]) == [firm]
    assert other not in response.context["companies"]


def test_people_trained_lists_no_companies_and_unknown_codes_are_404(client, staff):
    client.force_login(staff)
    response = client.get(detail_url("people_trained"))
    assert response.status_code == 200
    assert response.context["lists_companies"] is False
    assert list(response.context["companies"]) == []
    assert client.get(detail_url("nothing")).status_code == 404


def test_the_indicator_page_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    supported_company()

    def grow():
        for _ in range(15):
            supported_company()

    # Expect the sign-in bookkeeping, the indicator, its target, the year's and the cumulative
    # awards, whether it is reported that year, the count and the page of companies, the
    # definition's history, the unread notices.
    _, response = assert_flat_queries(
        client, detail_url("firms_supported"), grow, data={"year": 2022}
    )
    assert response.context["paginator"].count == 16


def test_saving_a_definition_leads_to_its_page_and_its_history(client, staff):
    indicator = KpiIndicator.objects.get(code="patents")
    client.force_login(staff)
    data = {
        "name_ko": "특허 출원·등록",
        "name_en": "Patents filed or registered",
        "formula": indicator.formula,
        "counting_rule": indicator.counting_rule,
        "required_evidence": indicator.required_evidence,
        "period": "yearly",
        "program": indicator.program,
        "position": indicator.position,
    }
    response = client.post(reverse("reports:indicator_update", args=[indicator.pk]), data)
    assert response["Location"] == detail_url("patents")
    history = client.get(detail_url("patents")).context["history"]
    assert [(c.before, c.after) for c in history[0].changes] == [
        ("특허 등록·출원", "특허 출원·등록")
    ]
