"""The list filters' shared pieces: options of a model choice filter read in one plain query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import FirmUserFactory, UserFactory
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")


def test_the_staff_filter_lists_staff_by_name_in_one_plain_query(client, staff):
    UserFactory(role="staff", name="나담당")
    UserFactory(role="staff", name="가담당")
    FirmUserFactory(name="다기업")
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("companies:list"), {"assigned_staff": ""})
    field = response.context["filter"].form["assigned_staff"]
    labels = [label for _value, label in field.field.choices]
    assert labels == ["All", *sorted(["나담당", "가담당", str(staff)])]
    select = page(response).split('name="assigned_staff"', 1)[1].split("</select>", 1)[0]
    assert select.count("<option") == 4 and "다기업" not in select
    # No server-side cursor (on PostgreSQL a DECLARE … WITH HOLD, a FETCH and a CLOSE).
    assert not [q for q in queries.captured_queries if "DECLARE" in q["sql"]]
