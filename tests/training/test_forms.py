"""The course form: optional dates, within the course's year, the end not before the start."""

from datetime import date

import pytest
from django.utils import translation

from training.forms import TrainingCourseForm


def course_form(**dates) -> TrainingCourseForm:
    data = {"name": "AI 전문인력 과정", "track": "professional", "year": "2022", "hours": "60"}
    return TrainingCourseForm(data={**data, **dates})


def test_dates_are_optional_and_read_as_dates():
    assert course_form().is_valid()
    form = course_form(starts_on="2022-03-02", ends_on="2022-06-30")
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]) == (
        date(2022, 3, 2),
        date(2022, 6, 30),
    )
    assert 'type="date"' in str(form["ends_on"])


def test_an_end_before_the_start_is_refused_on_the_end():
    with translation.override("en"):
        form = course_form(starts_on="2022-06-30", ends_on="2022-03-02")
        assert not form.is_valid()
        assert form.errors == {"ends_on": ["The course cannot end before it starts."]}


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"starts_on": "2021-12-20", "ends_on": "2022-01-14"}, "starts_on"),
        ({"ends_on": "2023-01-06"}, "ends_on"),
    ],
)
def test_a_date_outside_the_course_year_is_refused(dates, field):
    with translation.override("en"):
        form = course_form(**dates)
        assert not form.is_valid()
        assert form.errors == {field: ["Enter a date in 2022, the course's year."]}
