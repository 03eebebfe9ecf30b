"""The counting rules of issue 14, each with a small example checked by hand."""

from datetime import date

from programs.models import AwardStatus
from reports.indicators import REGISTRY
from reports.models import CumulativeRule
from reports.selectors.figures import kpi_figures, kpi_report
from tests.mous.factories import MouFactory
from tests.outcomes.factories import PatentFactory, ReportingPeriodFactory
from tests.programs.factories import ProgramFactory, SupportAwardFactory
from tests.reports.factories import supported_company, supported_report


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
