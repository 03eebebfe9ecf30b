"""Course dates: when people trained count, and the rules the database keeps."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from tests.training.factories import TraineeFactory, TrainingCourseFactory
from training.models import Trainee


@pytest.fixture
def courses():
    """Hand-counted: 2 trainees of a course ending 2022-03-31, 3 of one ending 2022-03-10,
    4 of an undated 2021 course and 5 of an undated 2022 one."""
    made = {
        "late_march": TrainingCourseFactory(
            year=2022, starts_on=date(2022, 3, 2), ends_on=date(2022, 3, 31)
        ),
        "early_march": TrainingCourseFactory(
            year=2022, starts_on=date(2022, 2, 7), ends_on=date(2022, 3, 10)
        ),
        "undated_2021": TrainingCourseFactory(year=2021),
        "undated_2022": TrainingCourseFactory(year=2022),
    }
    for key, count in zip(made, (2, 3, 4, 5), strict=True):
        TraineeFactory.create_batch(count, course=made[key])
    return made


def trained(start, end) -> int:
    return Trainee.objects.trained_between(start, end).count()


def test_as_of_2022_03_24_only_courses_ended_by_then_count(courses):
    """The course ending 2022-03-10 counts, the one ending 2022-03-31 does not; the undated
    2021 course counts (on 2021-12-31), the undated 2022 one not yet (on 2022-12-31)."""
    as_of = date(2022, 3, 24)
    assert trained(date(2020, 1, 1), as_of) == 3 + 4
    assert trained(date(2022, 1, 1), as_of) == 3
    trainees = Trainee.objects.trained_between(date(2020, 1, 1), as_of)
    assert set(trainees.values_list("course", flat=True)) == {
        courses["early_march"].pk,
        courses["undated_2021"].pk,
    }


def test_both_ends_of_the_range_are_included(courses):
    assert trained(date(2022, 3, 10), date(2022, 3, 10)) == 3
    assert trained(date(2022, 3, 11), date(2022, 3, 31)) == 2
    assert trained(date(2021, 12, 31), date(2021, 12, 31)) == 4
    assert trained(date(2021, 1, 1), date(2021, 12, 30)) == 0


def test_calendar_years_count_as_by_course_year(courses):
    """A calendar year's figure is that year's courses, dated or not, as `for_year`."""
    for year, expected in ((2021, 4), (2022, 2 + 3 + 5)):
        assert trained(date(year, 1, 1), date(year, 12, 31)) == expected
        assert Trainee.objects.for_year(year).count() == expected
    assert trained(date(2020, 1, 1), date(2022, 12, 31)) == 14


def test_a_course_cannot_end_before_it_starts(staff):
    course = TrainingCourseFactory.build(
        year=2022, starts_on=date(2022, 3, 2), ends_on=date(2022, 3, 1), created_by=staff
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        course.full_clean()
    assert error.value.messages == ["The course cannot end before it starts."]
    with pytest.raises(IntegrityError), transaction.atomic():
        course.save()


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [(date(2021, 12, 20), date(2022, 1, 14)), (None, date(2023, 1, 6)), (date(2021, 3, 2), None)],
)
def test_a_courses_dates_lie_in_its_year(staff, starts_on, ends_on):
    course = TrainingCourseFactory.build(
        year=2022, starts_on=starts_on, ends_on=ends_on, created_by=staff
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        course.full_clean()
    assert error.value.messages == ["The course's dates must lie in its year."]
    with pytest.raises(IntegrityError), transaction.atomic():
        course.save()


def test_a_course_may_have_no_dates_or_one(staff):
    dates = ((None, None), (date(2022, 3, 2), None), (None, date(2022, 6, 30)))
    for number, (starts_on, ends_on) in enumerate(dates):
        course = TrainingCourseFactory.build(
            name=f"과정 {number}", year=2022, starts_on=starts_on, ends_on=ends_on, created_by=staff
        )
        course.full_clean()
        course.save()
        assert course.pk
