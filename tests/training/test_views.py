"""Training screens: a course and its trainees, and the pages' query counts."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from tests.factories import CompanyFactory
from tests.training.factories import TraineeFactory, TrainingCourseFactory
from training.models import Trainee, TrainingCourse

pytestmark = pytest.mark.usefixtures("english_pages")


def test_training_course_and_trainee(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("training:create"),
        {"name": "AI 융합 학부 트랙", "track": "ai_undergraduate", "year": "2022", "hours": "300"},
    )
    course = TrainingCourse.objects.get()
    assert response.url == course.get_absolute_url()
    client.post(
        reverse("training:trainee_add", args=[course.pk]),
        {"name": "김하은", "hired_by": company.pk},
    )
    trainee = Trainee.objects.get()
    assert (trainee.course, trainee.hired_by) == (course, company)
    listed = client.get(reverse("training:list"), {"year": "2022"}).context["courses"]
    assert [(c.trainee_count, c.hired_count) for c in listed] == [(1, 1)]


def test_training_pages_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    course = TrainingCourseFactory()
    TraineeFactory(course=course)
    # Expect 13 queries: session, user, first-request bookkeeping (9), course count, courses with
    # their trainee and hired counts.
    pages = assert_flat_queries(
        client,
        reverse("training:list"),
        lambda: TraineeFactory.create_batch(5, course=TrainingCourseFactory()),
    )
    assert [page.status_code for page in pages] == [200, 200]
    # Expect 17 queries: session, user, course, its history entries and the users they name,
    # trainee count, trainees with their employers, the access record (10 with savepoints: the
    # chain's first row is made now).
    pages = assert_flat_queries(
        client,
        reverse("training:detail", args=[course.pk]),
        lambda: TraineeFactory.create_batch(5, course=course, hired_by=CompanyFactory()),
    )
    assert [page.status_code for page in pages] == [200, 200]


def test_a_course_with_dates_shows_its_period(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("training:create"),
        {
            "name": "AI 전문인력 과정",
            "track": "professional",
            "year": "2022",
            "starts_on": "2022-03-02",
            "ends_on": "2022-06-30",
            "hours": "60",
        },
    )
    course = TrainingCourse.objects.get()
    assert (course.starts_on, course.ends_on) == (date(2022, 3, 2), date(2022, 6, 30))
    for url in (response.url, reverse("training:list")):
        assert "2022-03-02 – 2022-06-30" in strip_tags(client.get(url).content.decode())
