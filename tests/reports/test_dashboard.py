from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CompanyFactory


def test_dashboard_counts_companies(client, executive):
    CompanyFactory.create_batch(3, is_in_gwangju=True)
    CompanyFactory(is_in_gwangju=False, is_active=False)
    client.force_login(executive)
    totals = client.get(reverse("reports:dashboard")).context["totals"]
    assert totals == {"companies": 4, "active": 3, "in_gwangju": 3}


def test_dashboard_queries_do_not_grow(client, executive, django_assert_max_num_queries):
    client.force_login(executive)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:dashboard"))
    CompanyFactory.create_batch(20)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("reports:dashboard"))
