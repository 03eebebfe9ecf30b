"""The benchmark's pages stay within 15 queries (on PostgreSQL), and their query counts do not
grow with data."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CompanyContactFactory, CompanyFactory, InteractionFactory
from tests.mous.factories import MouFactory
from tests.outcomes.factories import OutcomeReportFactory
from tests.reports.factories import supported_company

BUDGET = 15
# Pages that show people's contacts append a PIPA access record: one statement on PostgreSQL
# (the production database, and the benchmark's); SQLite takes a transaction of five.
RECORDS_ACCESS = {"company page", "portal home"}
SQLITE_ACCESS_EXTRA = 4


def pages(company):
    return {
        "company list": ("staff", reverse("companies:list"), {}),
        "company search": ("staff", reverse("companies:list"), {"q": "빛고을"}),
        "company page": ("staff", reverse("companies:detail", args=[company.pk]), {}),
        "portal home": ("firm_user", reverse("portal:home"), {}),
        "MOU list": ("staff", reverse("mous:list"), {}),
        "dashboard": ("executive", reverse("reports:dashboard"), {"year": 2022}),
    }


def add_data(company, n):
    for i in range(n):
        other = supported_company(name=f"빛고을기업{company.pk}-{i}", awarded_on=date(2022, 3, 1))
        CompanyContactFactory(company=other)
        MouFactory(company=other)
        OutcomeReportFactory(company=other, accepted=True)
        InteractionFactory(company=company)
        CompanyContactFactory(company=company)
    MouFactory(company=company)


@pytest.mark.parametrize("page", list(pages(CompanyFactory.build(pk=1))))
def test_a_benchmark_page_stays_within_its_query_budget(client, request, company, page):
    who, url, params = pages(company)[page]
    budget = BUDGET
    if page in RECORDS_ACCESS and connection.vendor == "sqlite":
        budget += SQLITE_ACCESS_EXTRA
    user = request.getfixturevalue(who)
    client.force_login(user)
    add_data(company, 2)
    client.get(url, params)  # warm: the dashboard caches its figures, sessions get refreshed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, params).status_code == 200
    assert len(few) <= budget, "\n".join(q["sql"][:60] for q in few.captured_queries)
    add_data(company, 12)
    client.get(url, params)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, params).status_code == 200
    assert len(many) <= len(few)
