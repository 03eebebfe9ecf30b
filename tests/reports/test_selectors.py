from datetime import date
from decimal import Decimal

import time_machine
from django.urls import reverse
from django.utils import translation

from companies.models import GrowthStage, Industry
from core.templatetags.formatting import krw_million
from programs.models import AwardStatus
from reports.selectors.drilldown import drilldown_companies
from reports.selectors.figures import kpi_figures, kpi_report
from reports.selectors.sources import report_date
from tests.compute.factories import ComputeAllocationFactory, ComputeCapacityFactory
from tests.factories import CompanyFactory, StageChangeFactory
from tests.mous.factories import MouFactory, RelocationFactory
from tests.programs.factories import ProgramFactory, SupportAwardFactory
from tests.reports.factories import supported_company


def year(y):
    return kpi_figures(start=date(y, 1, 1), end=date(y, 12, 31))


def test_new_year_award_counts_in_the_new_year():
    """An award made on 1 January 2025 counts in 2025, not in 2024."""
    supported_company(awarded_on=date(2025, 1, 1))
    assert year(2025)["firms_supported"] == 1
    assert year(2024)["firms_supported"] == 0


@time_machine.travel("2025-01-01 00:30 +09:00", tick=False)
def test_dashboard_years_are_seoul_years(client, executive):
    """At 00:30 KST on 1 January 2025 (still 2024 in UTC) the last complete year is 2024 and
    2025 is the running one, where the award of that day counts."""
    supported_company(awarded_on=date(2025, 1, 1))
    client.force_login(executive)
    response = client.get(reverse("reports:dashboard"))
    assert (response.context["year"], response.context["running_year"]) == (2024, 2025)
    response = client.get(reverse("reports:dashboard"), {"year": 2025})
    assert response.context["report"].figures["firms_supported"] == 1
    assert response.context["report"].as_of == date(2025, 1, 1)


def test_stage_is_the_one_at_the_report_date_not_today():
    firm = supported_company(stage=GrowthStage.EARLY, stage_on=date(2021, 1, 1))
    StageChangeFactory(company=firm, stage=GrowthStage.SCALE_UP, effective_on=date(2023, 3, 1))
    firm.stage = GrowthStage.SCALE_UP
    firm.save()
    stages = {row.key: row.firms for row in kpi_report(year=2022).by_stage}
    assert stages[GrowthStage.EARLY] == 1
    assert stages[GrowthStage.SCALE_UP] == 0
    assert report_date(2022) == date(2022, 12, 31)


def test_three_awards_of_1_4_million_show_4_2_million_won():
    firm = CompanyFactory()
    for _ in range(3):
        SupportAwardFactory(company=firm, amount_krw=1_400_000, awarded_on=date(2022, 5, 1))
    figures = year(2022)
    assert figures["support_krw"] == 4_200_000
    assert figures["firms_supported"] == 1
    with translation.override("ko"):
        assert krw_million(figures["support_krw"]) == "4.2백만원"


def test_deactivated_company_still_counts_and_cancelled_award_does_not():
    supported_company(is_active=False)
    cancelled = CompanyFactory()
    SupportAwardFactory(company=cancelled, status=AwardStatus.CANCELLED)
    assert year(2022)["firms_supported"] == 1


def test_mous_exclude_drafts_and_count_companies_once():
    firm = CompanyFactory()
    MouFactory(company=firm, signed_on=date(2021, 3, 2))
    MouFactory(company=firm, signed_on=date(2021, 6, 2))
    MouFactory(draft=True)
    RelocationFactory(moved_on=date(2021, 9, 1))
    RelocationFactory(moved_on=date(2022, 1, 1))
    assert year(2021)["mous_signed"] == 1
    assert year(2021)["firms_attracted"] == 1
    report = kpi_report(year=2022)
    assert report.cumulative["firms_attracted"] == 2
    assert [(row.year, row.firms_attracted) for row in report.by_year] == [
        (2020, 0),
        (2021, 1),
        (2022, 1),
    ]


def test_cumulative_counts_each_company_once():
    firm = supported_company(awarded_on=date(2021, 4, 1))
    SupportAwardFactory(company=firm, awarded_on=date(2022, 4, 1))
    supported_company(awarded_on=date(2023, 4, 1))
    report = kpi_report(year=2022)
    assert report.figures["firms_supported"] == 1
    assert report.cumulative["firms_supported"] == 1


def test_compute_is_effective_pf_by_capacity_year():
    capacity = ComputeCapacityFactory(label="2021", starts_on=date(2021, 1, 1))
    ComputeAllocationFactory(
        capacity=capacity,
        pf_allocated=Decimal("1.00"),
        pf_reclaimed=Decimal("0.25"),
        models_trained=5,
        commercial_models=1,
    )
    ComputeAllocationFactory(capacity=capacity, pf_allocated=Decimal("0.50"), models_trained=2)
    figures = year(2021)
    assert figures["compute_projects"] == 2
    assert figures["compute_pf"] == Decimal("1.25")
    assert figures["ai_models_trained"] == 7
    assert figures["commercial_models"] == 1
    assert year(2022)["compute_projects"] == 0


def test_breakdowns_by_industry_and_program():
    program = ProgramFactory(name="시제품 제작 지원")
    supported_company(industry=Industry.ENERGY, award={"program": program})
    supported_company(industry=Industry.ENERGY, awarded_on=date(2021, 3, 1))
    report = kpi_report(year=2022)
    energy = next(row for row in report.by_industry if row.key == Industry.ENERGY)
    assert (energy.firms, energy.cumulative_firms) == (1, 2)
    assert [row.key for row in report.by_industry][:4] == list(Industry.values)
    programs = {row.label: row.firms for row in report.by_program}
    assert programs["시제품 제작 지원"] == 1


def test_outcome_figures_are_no_data_without_accepted_reports_or_courses():
    """A year with awards but no accepted outcome report or course reads "no data", not 0."""
    supported_company(awarded_on=date(2022, 3, 1))
    figures = year(2022)
    assert figures["firms_supported"] == 1
    assert figures["people_trained"] is None
    assert figures["patents"] is None
    assert figures["new_jobs"] is None
    assert figures["survey_revenue_krw"] is None


def test_drilldown_lists_the_companies_behind_a_number(staff):
    firm = supported_company(industry=Industry.HEALTHCARE)
    supported_company(industry=Industry.ENERGY)
    supported_company(awarded_on=date(2021, 1, 1))
    companies = drilldown_companies(
        user=staff, code="firms_supported", year=2022, industry=Industry.HEALTHCARE
    )
    assert list(companies) == [firm]
    assert drilldown_companies(user=staff, code="firms_supported", year=2022).count() == 2
    cumulative = drilldown_companies(user=staff, code="firms_supported", year=2022, cumulative=True)
    assert cumulative.count() == 3
