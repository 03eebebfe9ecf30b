"""Cohort follow-up: survival, employment and revenue growth, and gazelle firms per cohort."""

from datetime import date

import pytest

from companies.services import company_set_active
from reports.selectors.cohorts import cohort_follow_up, gazelle_companies
from tests.factories import CompanyFactory
from tests.outcomes.factories import OutcomeReportFactory, ReportingPeriodFactory
from tests.programs.factories import SupportAwardFactory


def supported(first: date, *more: date, **company):
    firm = CompanyFactory(**company)
    for on in (first, *more):
        SupportAwardFactory(company=firm, awarded_on=on)
    return firm


def report(firm, year: int, *, employees: int, revenue_krw: int = 100_000_000, **extra):
    options = {"accepted": True, **extra}
    return OutcomeReportFactory(
        company=firm,
        period=ReportingPeriodFactory(year=year),
        employees_at_end=employees,
        revenue_krw=revenue_krw,
        **options,
    )


def cohorts(year: int, as_of: date | None = None) -> dict:
    rows = cohort_follow_up(year=year, as_of=as_of or date(year, 12, 31))
    return {row.year: row for row in rows}


def test_a_firm_belongs_to_the_cohort_of_its_first_award():
    supported(date(2020, 5, 1), date(2021, 3, 1), date(2022, 3, 1))
    supported(date(2021, 1, 1))
    rows = cohorts(2022)
    assert {year: row.firms for year, row in rows.items()} == {2020: 1, 2021: 1}


def test_cancelled_award_does_not_make_a_cohort():
    firm = CompanyFactory()
    SupportAwardFactory(company=firm, awarded_on=date(2020, 5, 1), status="cancelled")
    SupportAwardFactory(company=firm, awarded_on=date(2021, 5, 1))
    assert list(cohorts(2022)) == [2021]


def test_survival_after_one_three_and_five_years():
    firms = [supported(date(2020, 4, 1)) for _ in range(4)]
    company_set_active(company=firms[0], is_active=False, on=date(2021, 6, 30))  # < 1 year
    company_set_active(company=firms[1], is_active=False, on=date(2023, 1, 15))  # 1 < t < 3
    company_set_active(company=firms[2], is_active=False, on=date(2026, 2, 1))  # after 5
    row = cohorts(2025)[2020]
    assert row.firms == 4
    assert row.survived == {1: 3, 3: 2, 5: 2}
    assert row.survival_percent(1) == 75.0
    assert row.survival_percent(3) == 50.0


def test_survival_not_yet_observable_is_none_not_zero():
    supported(date(2021, 4, 1))
    rows = cohorts(2022)
    assert rows[2021].survived == {1: 1, 3: None, 5: None}
    # In the running year the end of 2022 has not come: one-year survival is not known yet.
    assert cohorts(2022, as_of=date(2022, 11, 30))[2021].survived[1] is None


def test_a_firm_deactivated_later_survives_the_years_it_was_active():
    firm = supported(date(2020, 4, 1))
    company_set_active(company=firm, is_active=False, on=date(2024, 3, 1))
    row = cohorts(2022)[2020]
    assert row.survived[1] == 1


def test_growth_uses_firms_that_reported_both_years():
    both = supported(date(2020, 4, 1))
    report(both, 2020, employees=10, revenue_krw=1_000_000_000)
    report(both, 2023, employees=15, revenue_krw=1_500_000_000)
    only_base = supported(date(2020, 4, 1))
    report(only_base, 2020, employees=100)
    unaccepted = supported(date(2020, 4, 1))
    report(unaccepted, 2020, employees=5)
    report(unaccepted, 2023, employees=500, accepted=False, status="submitted")
    row = cohorts(2023)[2020]
    assert row.firms == 3
    assert row.panel_firms == 1
    assert (row.employees_base, row.employees_now) == (10, 15)
    assert row.employment_growth_percent == 50.0
    assert row.revenue_growth_percent == 50.0


def test_growth_of_the_report_years_own_cohort_is_none():
    firm = supported(date(2023, 4, 1))
    report(firm, 2023, employees=10)
    row = cohorts(2023)[2023]
    assert row.panel_firms == 0
    assert row.employment_growth_percent is None


@pytest.mark.parametrize(
    ("employees", "revenues", "gazelle"),
    [
        ((10, 12, 15, 18), (100, 100, 100, 100), True),  # jobs +20%, +25%, +20%
        ((10, 12, 14, 17), (100, 100, 100, 100), False),  # +16.7% in the second year
        ((10, 10, 10, 10), (100, 120, 144, 173), True),  # revenue +20% a year
        ((10, 10, 10, 10), (100, 120, 144, 172), False),  # 172 < 144 * 1.2 = 172.8
        ((0, 5, 10, 20), (100, 100, 100, 100), False),  # growth from nothing is not measured
    ],
)
def test_gazelle_grows_20_percent_a_year_for_three_years(employees, revenues, gazelle):
    firm = supported(date(2020, 4, 1))
    for offset, (jobs, krw) in enumerate(zip(employees, revenues, strict=True)):
        report(firm, 2020 + offset, employees=jobs, revenue_krw=krw * 1_000_000)
    assert (firm.pk in gazelle_companies(2023)) is gazelle
    assert cohorts(2023)[2020].gazelles == (1 if gazelle else 0)


def test_a_missing_year_breaks_the_gazelle_series():
    firm = supported(date(2020, 4, 1))
    for year, jobs in [(2020, 10), (2021, 13), (2023, 30)]:
        report(firm, year, employees=jobs)
    assert cohorts(2023)[2020].gazelles == 0


def test_cohort_queries_do_not_grow(django_assert_num_queries):
    for n in range(6):
        firm = supported(date(2020 + n % 3, 4, 1))
        report(firm, 2020 + n % 3, employees=10 + n)
        report(firm, 2023, employees=20 + n)
    with django_assert_num_queries(3):
        rows = cohort_follow_up(year=2023, as_of=date(2023, 12, 31))
    assert sum(row.firms for row in rows) == 6
