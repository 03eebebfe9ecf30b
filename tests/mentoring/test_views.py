from datetime import date

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CompanyFactory, MentorAssignmentFactory


def test_mentor_home_lists_assigned_companies_only(client, mentor, company, other_company):
    client.force_login(mentor)
    content = client.get(reverse("mentoring:home")).content.decode()
    assert company.name in content
    assert other_company.name not in content


@time_machine.travel("2024-07-01 09:00 +0900", tick=False)
def test_ended_assignment_removes_access_at_once(client, mentor, company):
    assignment = mentor.mentor_assignments.get()
    assignment.ended_on = date(2024, 6, 30)
    assignment.save()
    client.force_login(mentor)
    assert client.get(reverse("companies:detail", args=[company.pk])).status_code == 404
    assert company.name not in client.get(reverse("mentoring:home")).content.decode()


def test_mentor_home_queries_do_not_grow(client, mentor, django_assert_max_num_queries):
    client.force_login(mentor)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("mentoring:home"))
    for company in CompanyFactory.create_batch(15):
        MentorAssignmentFactory(mentor=mentor, company=company)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("mentoring:home"))
