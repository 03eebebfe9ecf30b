"""The counting rules of issue 14, each with a small example checked by hand."""

from datetime import date

import pytest
import time_machine

from programs.models import AwardStatus, SupportAward
from reports.indicators import REGISTRY
from reports.models import CumulativeRule, KpiIndicator, KpiUnit
from reports.selectors.drilldown import COHORT_FIRMS, drilldown_companies
from reports.selectors.figures import indicator_figures, kpi_figures, kpi_report
from tests.mous.factories import MouFactory
from tests.outcomes.factories import PatentFactory, ReportingPeriodFactory
from tests.programs.factories import ProgramFactory, SupportAwardFactory
from tests.reports.factories import supported_company, supported_report
from tests.training.factories import TraineeFactory, TrainingCourseFactory


def year(y: int) -> dict:
    return kpi_figures(start=date(y, 1, 1), end=date(y, 12, 31))


def test_outcomes_count_from_first_support_through_the_post_support_years():
    """Awarded in March 2021, support ending 31 December 2021, a programme with the default
    five post-support years: its 2021 to 2026 reports count, its 2020 and 2027 ones do not."""
    firm = supported_company(
        awarded_on=date(2021, 3, 2),
        award={"starts_on": date(2021, 4, 1), "ends_on": date(2021, 12, 31)},
    )
    assert firm.awards.get().program.follow_up_years == 5
    for y, hires in ((2020, 1), (2021, 2), (2026, 4), (2027, 8)):
        supported_report(company=firm, year=y, accepted=True, new_hires=hires)
    assert [year(y)["survey_new_hires"] for y in (2020, 2021, 2026, 2027)] == [None, 2, 4, None]
    # Cumulative to 2027: 2 + 4, the reports outside the window left out.
    assert kpi_report(year=2027).cumulative["survey_new_hires"] == 6


def test_the_post_support_years_are_the_programmes():
    """A programme with one post-support year: support ending in 2021 counts through 2022."""
    program = ProgramFactory(follow_up_years=1)
    firm = supported_company(
        awarded_on=date(2021, 3, 2),
        award={"program": program, "starts_on": date(2021, 4, 1), "ends_on": date(2021, 10, 31)},
    )
    for y in (2022, 2023):
        supported_report(company=firm, year=y, accepted=True, new_hires=5)
    assert (year(2022)["survey_new_hires"], year(2023)["survey_new_hires"]) == (5, None)


def test_a_firm_never_supported_or_only_cancelled_does_not_count(company):
    """Two accepted reports of 2021: a firm with no award, a firm whose award was cancelled.
    Neither counts: the year has no data."""
    supported_report(company=company, accepted=True, new_hires=9)
    cancelled = supported_company(award={"status": AwardStatus.CANCELLED})
    supported_report(company=cancelled, accepted=True, new_hires=7)
    assert year(2021)["survey_firms"] is None
    assert year(2021)["survey_new_hires"] is None
    # A later award does not reach back to the 2021 report.
    SupportAwardFactory(company=company, awarded_on=date(2022, 2, 1))
    assert year(2021)["survey_firms"] is None


def test_a_quarter_and_its_year_never_add_up():
    """A firm reports Q1 2022 (3 hires, ₩100M revenue) and the whole of 2022 (10 hires, ₩500M);
    another reports only Q2 2022. The yearly indicators read the yearly reports: 10 hires,
    ₩500M, one firm."""
    firm = supported_company(awarded_on=date(2022, 1, 10))
    quarter = ReportingPeriodFactory(year=2022, quarter=1)
    supported_report(company=firm, period=quarter, accepted=True, new_hires=3, revenue_krw=10**8)
    supported_report(company=firm, year=2022, accepted=True, new_hires=10, revenue_krw=5 * 10**8)
    supported_report(
        year=2022, period=ReportingPeriodFactory(year=2022, quarter=2), accepted=True, new_hires=4
    )
    figures = year(2022)
    assert (figures["survey_firms"], figures["survey_new_hires"]) == (1, 10)
    assert figures["survey_revenue_krw"] == 5 * 10**8


def test_new_jobs_are_the_net_increase_and_gross_hires_a_separate_indicator():
    """Firm A, supported from 2021, reports year ends of 10 (2020), 14 (2021) and 12 (2022)
    employees with 6 and 2 hires in 2021 and 2022; firm B, supported from 2021, reports 5
    employees and 5 hires for 2021, its first report. New jobs: 2021 = 14 − 10 = 4 (B's first
    report is its baseline), 2022 = 12 − 14 = −2, to 2022 = 2. Gross hires: 2021 = 6 + 5 = 11,
    2022 = 2, to 2022 = 13."""
    a = supported_company(awarded_on=date(2021, 2, 1))
    for y, employees, hires in ((2020, 10, 3), (2021, 14, 6), (2022, 12, 2)):
        supported_report(
            company=a, year=y, accepted=True, employees_at_end=employees, new_hires=hires
        )
    supported_report(year=2021, accepted=True, employees_at_end=5, new_hires=5)
    assert (year(2021)["new_jobs"], year(2021)["survey_new_hires"]) == (4, 11)
    assert (year(2022)["new_jobs"], year(2022)["survey_new_hires"]) == (-2, 2)
    report = kpi_report(year=2022)
    assert (report.cumulative["new_jobs"], report.cumulative["survey_new_hires"]) == (2, 13)
    names = {f.code: f.name for f in report.indicators}
    assert names["new_jobs"] != names["survey_new_hires"]


def test_patent_filing_and_registration_count_once_each_in_their_own_year():
    """A firm supported from February 2021 lists in its accepted 2021 report: P1 filed
    2021-05-03 and registered 2022-08-01, P2 filed 2021-07-01, P3 filed 2021-09-01 and
    abandoned, P4 filed 2020-12-01 (before its support) and registered 2022-03-01. Filings:
    2021 = P1, P2. Registrations: 2022 = P1, P4 (P4's filing is not counted). "Filed or
    registered": 2 in 2021, 2 in 2022, 4 to 2022; 2020 has no data."""
    report = supported_report(year=2021, accepted=True)
    registered = {"status": "registered"}
    PatentFactory(
        report=report,
        applied_on=date(2021, 5, 3),
        registered_on=date(2022, 8, 1),
        registration_number="1023456780000",
        **registered,
    )
    PatentFactory(report=report, applied_on=date(2021, 7, 1))
    PatentFactory(report=report, applied_on=date(2021, 9, 1), status="abandoned")
    PatentFactory(
        report=report,
        applied_on=date(2020, 12, 1),
        registered_on=date(2022, 3, 1),
        registration_number="1023456790000",
        **registered,
    )
    # A patent of a report not accepted does not count.
    PatentFactory(report=supported_report(year=2022, submitted=True), applied_on=date(2022, 2, 1))
    counts = {y: year(y) for y in (2020, 2021, 2022)}
    codes = ("patents_filed", "patents_registered", "patents")
    assert [counts[2021][code] for code in codes] == [2, 0, 2]
    assert [counts[2022][code] for code in codes] == [0, 2, 2]
    assert counts[2020]["patents"] is None
    cumulative = kpi_report(year=2022).cumulative
    assert [cumulative[code] for code in codes] == [2, 2, 4]


def test_cumulative_columns_follow_each_indicators_rule():
    """One firm supported, with an MOU and an accepted report, in both 2021 and 2022 (₩10M
    each year, 3 then 4 hires, ₩300M then ₩500M revenue). Distinct firms: 1 to 2022, not 2.
    Sums of periods: the years added up (₩20M, 7 hires). Revenue: no cumulative figure."""
    firm = supported_company(awarded_on=date(2021, 3, 1), amount_krw=10_000_000)
    SupportAwardFactory(company=firm, awarded_on=date(2022, 3, 1), amount_krw=10_000_000)
    for y, hires, revenue in ((2021, 3, 300_000_000), (2022, 4, 500_000_000)):
        MouFactory(company=firm, signed_on=date(y, 5, 1))
        supported_report(company=firm, year=y, accepted=True, new_hires=hires, revenue_krw=revenue)
    report = kpi_report(year=2022)
    total = report.cumulative
    assert [total[c] for c in ("firms_supported", "mous_signed", "survey_firms")] == [1, 1, 1]
    assert (total["support_krw"], total["survey_new_hires"]) == (20_000_000, 7)
    assert total["survey_revenue_krw"] is None
    # Every sum-of-periods indicator's cumulative figure is its years added up.
    years = [year(y) for y in (2020, 2021, 2022)]
    for code, computation in REGISTRY.items():
        if computation.cumulative == CumulativeRule.SUM:
            values = [figures[code] for figures in years if figures[code] is not None]
            assert total[code] == (sum(values) if values else None), code


# --- a cancelled award counts until the day it was cancelled -----------------------------------


def cancelled_firm(cancelled_on: date):
    """Awarded 2021-03-01 (₩10M, support to 2021-12-31), cancelled on `cancelled_on`."""
    return supported_company(
        awarded_on=date(2021, 3, 1),
        amount_krw=10_000_000,
        award={
            "starts_on": date(2021, 3, 1),
            "ends_on": date(2021, 12, 31),
            "status": AwardStatus.CANCELLED,
            "cancelled_on": cancelled_on,
        },
    )


def supported_figures(report) -> tuple:
    """(firms, amount) of the year to the report's date, then cumulative."""
    return (
        report.figures["firms_supported"],
        report.figures["support_krw"],
        report.cumulative["firms_supported"],
        report.cumulative["support_krw"],
    )


@pytest.mark.parametrize(
    ("as_of", "counted"),
    [
        (date(2021, 6, 30), True),  # awarded, not yet cancelled
        (date(2021, 8, 31), True),  # the day before the cancellation
        (date(2021, 9, 1), False),  # the day of the cancellation
        (date(2021, 12, 31), False),
    ],
)
def test_an_as_of_report_counts_a_cancelled_award_until_its_cancellation(executive, as_of, counted):
    """Awarded 2021-03-01 (₩10M), cancelled 2021-09-01. As of 2021-06-30 the firm was
    supported: one firm and ₩10M, in the year and cumulative, in the 2021 row, the programme's
    breakdown, the companies annex, the 2021 cohort and the drill-downs. As of 2021-12-31 (or the
    day of the cancellation) it is in none of them."""
    firm = cancelled_firm(date(2021, 9, 1))

    report = kpi_report(as_of=as_of, with_companies=True)

    if counted:
        assert supported_figures(report) == (1, 10_000_000, 1, 10_000_000)
        assert [(row.year, row.firms_supported) for row in report.by_year] == [(2020, 0), (2021, 1)]
        assert [(row.firms, row.amount_krw) for row in report.by_program] == [(1, 10_000_000)]
        assert [(c.pk, c.awards, c.amount_krw) for c in report.companies] == [
            (firm.pk, 1, 10_000_000)
        ]
        assert [(row.year, row.firms) for row in report.cohorts] == [(2021, 1)]
    else:
        assert supported_figures(report) == (0, 0, 0, 0)
        assert [(row.year, row.firms_supported) for row in report.by_year] == [(2020, 0), (2021, 0)]
        assert report.by_program == []
        assert report.companies == []
        assert report.cohorts == []
    for code in ("firms_supported", COHORT_FIRMS):
        companies = drilldown_companies(user=executive, code=code, year=2021, as_of=as_of)
        assert list(companies.values_list("pk", flat=True)) == ([firm.pk] if counted else [])


@time_machine.travel("2023-01-10 09:00 +09:00")
def test_a_cancellation_in_a_later_year_leaves_the_earlier_years_report_as_it_was():
    """Awarded 2021-03-01 (₩10M), cancelled 2022-02-01: the 2021 report (to 2021-12-31)
    counts it, as it did when it was made; the 2022 report, cumulative to 2022-12-31, does
    not. Cancelled 2021-09-01 instead, neither counts it."""
    cancelled_firm(date(2022, 2, 1))
    assert supported_figures(kpi_report(year=2021)) == (1, 10_000_000, 1, 10_000_000)
    assert supported_figures(kpi_report(year=2022)) == (0, 0, 0, 0)

    SupportAward.objects.update(cancelled_on=date(2021, 9, 1))
    assert supported_figures(kpi_report(year=2021)) == (0, 0, 0, 0)


def test_outcomes_count_while_the_award_counted():
    """Awarded 2021-03-01, cancelled 2022-02-01, an accepted 2021 report with 4 hires: the
    2021 figures count them (the firm was supported at the end of 2021); a report cut at
    2022-01-31 still does, one cut at 2022-02-01 no longer."""
    firm = cancelled_firm(date(2022, 2, 1))
    supported_report(company=firm, year=2021, accepted=True, new_hires=4)

    assert year(2021)["survey_new_hires"] == 4
    assert kpi_figures(start=date(2020, 1, 1), end=date(2022, 1, 31))["survey_new_hires"] == 4
    assert kpi_figures(start=date(2020, 1, 1), end=date(2022, 2, 1))["survey_new_hires"] is None


def test_an_indicator_filtered_by_programme_counts_its_firms_while_their_award_counted():
    """An indicator defined without code, firms hiring 2021 trainees that are firms of
    programme A: the firm (awarded by A 2021-03-01, cancelled 2021-09-01) hired one. As of
    2021-06-30 it is a firm of A (1); as of 2021-12-31 it no longer is (0)."""
    firm = cancelled_firm(date(2021, 9, 1))
    course = TrainingCourseFactory(year=2021, starts_on=date(2021, 3, 2), ends_on=date(2021, 5, 31))
    TraineeFactory(course=course, hired_by=firm)
    KpiIndicator.objects.create(
        code="a_hiring",
        name_ko="A 채용 기업",
        name_en="Hiring firms of A",
        unit=KpiUnit.FIRMS,
        counting_rule="-",
        program="-",
        first_year=2021,
        position=900,
        source="trainees",
        measure="firms",
        filters={"program": firm.awards.get().program_id},
    )

    def figure(as_of: date) -> int:
        by_code = {f.code: f.value for f in indicator_figures(2021, as_of)}
        return by_code["a_hiring"]

    assert (figure(date(2021, 6, 30)), figure(date(2021, 12, 31))) == (1, 0)


def test_patents_of_a_range_inside_a_year_count_only_its_days():
    """Filed 2021-03-01, 2021-05-03 and 2021-07-01 by a firm supported in 2021: the second
    quarter counts one, the year three, the first half two."""
    report = supported_report(year=2021, accepted=True)
    for day in (date(2021, 3, 1), date(2021, 5, 3), date(2021, 7, 1)):
        PatentFactory(report=report, applied_on=day)

    def filed(start, end):
        return kpi_figures(start=start, end=end)["patents_filed"]

    assert filed(date(2021, 4, 1), date(2021, 6, 30)) == 1
    assert filed(date(2021, 1, 1), date(2021, 12, 31)) == 3
    assert filed(date(2021, 1, 1), date(2021, 6, 30)) == 2
    assert filed(date(2020, 3, 1), date(2021, 6, 30)) == 2
