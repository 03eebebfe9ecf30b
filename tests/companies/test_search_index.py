"""On PostgreSQL a Hangul substring search is answered through the trigram indexes
(companies migration 0003), not by reading the whole table."""

import pytest
from django.db import connection

from companies.models import Company
from tests.factories import CompanyFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm indexes exist on PostgreSQL only"
)


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        # A few rows would be read faster by a sequential scan; the question is whether the
        # index can answer the query at all, as it must when the table is large.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.mark.parametrize("query", ["빛고을", "모빌리티", "gwangju"])
def test_a_name_search_uses_the_trigram_index(query):
    CompanyFactory.create_batch(5)
    text = plan(Company.objects.search(query))
    assert "companies_company_name_trgm" in text
    assert "Seq Scan on companies_company" not in text


def test_a_registration_number_search_uses_its_trigram_index():
    CompanyFactory.create_batch(5)
    text = plan(Company.objects.search("408-"))
    assert "companies_company_number_trgm" in text
    assert "Seq Scan on companies_company" not in text


def test_the_capped_count_of_a_search_uses_the_index_too():
    CompanyFactory.create_batch(5)
    text = plan(Company.objects.search("빛고을").order_by().values("pk")[:1001])
    assert "companies_company_name_trgm" in text
