"""Outcome-based indicators: only accepted figures of supported firms count; each patent and
company once."""

from datetime import date

from companies.services import company_set_active
from reports.selectors.figures import kpi_figures, kpi_report
from tests.outcomes import factories as outcome_factories
from tests.reports.factories import supported_report
from tests.training.factories import TraineeFactory, TrainingCourseFactory


def figures(year):
    return kpi_figures(start=date(year, 1, 1), end=date(year, 12, 31))


def test_only_accepted_reports_count():
    supported_report(accepted=True, new_hires=4, revenue_krw=300_000_000)
    supported_report(submitted=True, new_hires=50)
    supported_report(status="draft", new_hires=60)
    supported_report(status="changes_requested", new_hires=70)
    result = figures(2021)
    assert result["survey_firms"] == 1
    assert result["survey_new_hires"] == 4
    assert result["new_jobs"] == 0  # the firm's first yearly report is its baseline
    assert result["survey_revenue_krw"] == 300_000_000
    # No accepted report in 2022: "no data", not a zero that looks like a result.
    assert figures(2022)["survey_firms"] is None
    assert figures(2022)["new_jobs"] is None


def test_deactivated_company_accepted_figures_still_count():
    report = supported_report(accepted=True, investment_krw=2_000_000_000)
    company_set_active(company=report.company, is_active=False, on=date(2022, 3, 31))
    assert figures(2021)["investment_krw"] == 2_000_000_000


def test_patents_of_accepted_reports_count_once_and_abandoned_ones_not():
    accepted = supported_report(accepted=True)
    outcome_factories.PatentFactory(report=accepted)
    outcome_factories.PatentFactory(report=accepted)
    outcome_factories.PatentFactory(report=accepted, status="abandoned")
    outcome_factories.PatentFactory(report=supported_report(submitted=True))
    assert figures(2021)["patents"] == 2


def test_people_trained_by_course_year():
    course = TrainingCourseFactory(year=2021)
    TraineeFactory.create_batch(3, course=course)
    TraineeFactory(course=TrainingCourseFactory(year=2022))
    assert figures(2021)["people_trained"] == 3
    assert kpi_report(year=2022).cumulative["people_trained"] == 4


def test_drilldown_of_survey_firms_lists_accepted_reporters(staff):
    from reports.selectors.drilldown import drilldown_companies

    accepted = supported_report(accepted=True)
    supported_report(submitted=True)
    outcome_factories.PatentFactory(report=accepted)
    companies = drilldown_companies(user=staff, code="survey_firms", year=2021)
    assert list(companies) == [accepted.company]
    patents = drilldown_companies(user=staff, code="patents", year=2021)
    assert list(patents) == [accepted.company]


def test_supported_companies_carry_their_accepted_figures():
    from reports.selectors.figures import supported_companies
    from tests.programs.factories import SupportAwardFactory

    report = outcome_factories.OutcomeReportFactory(
        accepted=True, new_hires=5, revenue_krw=700_000_000
    )
    outcome_factories.OutcomeReportFactory(
        company=report.company,
        submitted=True,
        new_hires=99,
        period=outcome_factories.ReportingPeriodFactory(year=2021, quarter=1),
    )
    SupportAwardFactory(company=report.company, awarded_on=date(2021, 4, 1))
    SupportAwardFactory(company=report.company, awarded_on=date(2021, 6, 1))
    [row] = supported_companies(year=2021, as_of=date(2021, 12, 31))
    assert (row.awards, row.new_hires, row.revenue_krw) == (2, 5, 700_000_000)
