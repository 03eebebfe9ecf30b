"""Correcting a course after it was made: its dates (which decide when its trainees count as
trained), name, track and hours, and its year only while it has no trainees; each change in its
history."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.selectors import history_for
from reports.indicators import REGISTRY, Scope
from reports.selectors.sources import trainees
from tests.pages import messages_of, page
from tests.training.factories import TraineeFactory, TrainingCourseFactory
from training.models import TrainingCourse
from training.services import training_course_update

pytestmark = pytest.mark.usefixtures("english_pages")

YEAR_FIXED = "The year cannot change: trainees are recorded on this course."


def course_post(course, **changes) -> dict:
    data = {
        "name": course.name,
        "track": course.track,
        "year": str(course.year),
        "starts_on": course.starts_on.isoformat() if course.starts_on else "",
        "ends_on": course.ends_on.isoformat() if course.ends_on else "",
        "hours": str(course.hours),
    }
    return {**data, **changes}


def edit(client, course, **changes):
    return client.post(
        reverse("training:course_update", args=[course.pk]), course_post(course, **changes)
    )


def trained_as_of(day: date) -> int | None:
    """People trained from 1 January of `day`'s year to `day`, as the KPI reports count them."""
    return REGISTRY["people_trained"].compute(Scope(date(day.year, 1, 1), day))


# --- the page ------------------------------------------------------------------------------


def test_dating_an_undated_course_moves_its_trainees_into_the_figure_as_of_its_last_day(
    client, staff
):
    """An undated 2022 course counts on 31 December only; dated to end on 31 May it counts
    from then on; moved to end in September it leaves the figure as of 30 June again."""
    course = TrainingCourseFactory(name="AI 전문인력 과정", year=2022)
    TraineeFactory.create_batch(3, course=course)
    assert (trained_as_of(date(2022, 6, 30)), trained_as_of(date(2022, 12, 31))) == (None, 3)

    client.force_login(staff)
    response = edit(client, course, starts_on="2022-03-02", ends_on="2022-05-31")
    assert response.status_code == 302
    assert response.url == course.get_absolute_url()
    course.refresh_from_db()
    assert (course.starts_on, course.ends_on) == (date(2022, 3, 2), date(2022, 5, 31))
    assert trained_as_of(date(2022, 5, 30)) is None
    assert trained_as_of(date(2022, 5, 31)) == 3
    assert trainees(date(2022, 1, 1), date(2022, 6, 30)).count() == 3
    shown = client.get(response.url)
    assert messages_of(shown) == ["Course AI 전문인력 과정 (2022) was saved."]
    assert "2022-03-02 – 2022-05-31" in page(shown)

    edit(client, course, ends_on="2022-09-30")
    course.refresh_from_db()
    assert course.ends_on == date(2022, 9, 30)
    assert (trained_as_of(date(2022, 6, 30)), trained_as_of(date(2022, 9, 30))) == (None, 3)


def test_staff_correct_the_name_track_hours_and_year_of_a_course_without_trainees(client, staff):
    course = TrainingCourseFactory(name="AI 과정", year=2021, hours=40)
    client.force_login(staff)
    form = client.get(reverse("training:course_update", args=[course.pk])).context["form"]
    assert not form.fields["year"].disabled
    assert form.initial["name"] == "AI 과정"
    edit(
        client,
        course,
        name="AI 융합 학부 트랙",
        track="ai_undergraduate",
        year="2022",
        hours="300",
        ends_on="2022-12-16",
    )
    course.refresh_from_db()
    assert (course.name, course.track, course.year, course.hours, course.ends_on) == (
        "AI 융합 학부 트랙",
        "ai_undergraduate",
        2022,
        300,
        date(2022, 12, 16),
    )


def test_the_course_page_has_an_edit_button_for_staff_only(client, staff, executive):
    course = TrainingCourseFactory()
    url = reverse("training:course_update", args=[course.pk])
    client.force_login(staff)
    assert url in page(client.get(course.get_absolute_url()))
    client.force_login(executive)
    assert url not in page(client.get(course.get_absolute_url()))


def test_the_year_of_a_course_with_trainees_is_shown_fixed_and_kept(client, staff):
    course = TrainingCourseFactory(year=2022)
    TraineeFactory(course=course)
    client.force_login(staff)
    response = client.get(reverse("training:course_update", args=[course.pk]))
    year = response.context["form"]["year"]
    assert year.field.disabled
    assert YEAR_FIXED in page(response)
    # A disabled field's posted value is ignored: the course keeps its year, the rest is saved.
    assert edit(client, course, year="2023", hours="80").status_code == 302
    course.refresh_from_db()
    assert (course.year, course.hours) == (2022, 80)
    # Dates are checked against the year the course keeps.
    response = edit(client, course, year="2023", ends_on="2023-02-28")
    assert response.context["form"].errors == {
        "ends_on": ["Enter a date in 2022, the course's year."]
    }


@pytest.mark.parametrize(
    ("dates", "errors"),
    [
        (
            {"starts_on": "2022-06-30", "ends_on": "2022-03-02"},
            {"ends_on": ["The course cannot end before it starts."]},
        ),
        (
            {"starts_on": "2021-12-20", "ends_on": "2022-01-14"},
            {"starts_on": ["Enter a date in 2022, the course's year."]},
        ),
        ({"ends_on": "2023-01-06"}, {"ends_on": ["Enter a date in 2022, the course's year."]}),
    ],
)
def test_bad_dates_are_refused_with_the_forms_messages_and_nothing_saved(
    client, staff, dates, errors
):
    course = TrainingCourseFactory(name="AI 과정", year=2022)
    client.force_login(staff)
    response = edit(client, course, name="바뀐 이름", **dates)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    # The page names the course as saved, and keeps what was typed in the form.
    assert response.context["course"].name == "AI 과정"
    assert 'value="바뀐 이름"' in page(response)
    course.refresh_from_db()
    assert (course.name, course.starts_on, course.ends_on) == ("AI 과정", None, None)


def test_another_courses_name_in_the_same_year_is_refused(client, staff):
    TrainingCourseFactory(name="AI 전문 과정", year=2022)
    course = TrainingCourseFactory(name="AI 기초 과정", year=2022)
    client.force_login(staff)
    response = edit(client, course, name="AI 전문 과정")
    assert response.context["form"].errors == {
        "__all__": ["A course with this name exists for this year."]
    }


def test_an_edit_is_in_the_history_with_who_and_what_and_on_the_course_page(client, staff):
    course = TrainingCourseFactory(year=2022, hours=40)
    client.force_login(staff)
    edit(client, course, ends_on="2022-05-31", hours="60")
    entry = LogEntry.objects.get_for_object(course).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == staff
    latest = history_for(course)[0]
    assert sorted((c.label, c.before, c.after) for c in latest.changes) == [
        ("ends on", "-", "2022-05-31"),
        ("hours", "40", "60"),
    ]
    assert "2022-05-31" in page(client.get(course.get_absolute_url()))


# --- the service ---------------------------------------------------------------------------


def test_the_service_refuses_a_new_year_once_the_course_has_trainees(staff):
    """The form fixes the year when it is shown; a trainee added before the save is still
    caught by the service."""
    course = TrainingCourseFactory(year=2022)
    TraineeFactory(course=course)
    with pytest.raises(ValidationError) as error:
        training_course_update(course=course, by=staff, year=2023)
    assert error.value.message_dict == {"year": [YEAR_FIXED]}
    assert TrainingCourse.objects.get(pk=course.pk).year == 2022


def test_the_service_checks_the_models_rules_and_saves_nothing_unchanged(staff):
    course = TrainingCourseFactory(year=2022, hours=40)
    with pytest.raises(ValidationError) as error:
        training_course_update(course=course, by=staff, ends_on=date(2023, 1, 6))
    assert error.value.message_dict == {"__all__": ["The course's dates must lie in its year."]}
    before = LogEntry.objects.get_for_object(course).count()
    training_course_update(course=course, by=staff, hours=40, year=2022)
    assert LogEntry.objects.get_for_object(course).count() == before


def test_the_service_takes_only_the_editable_fields(staff):
    with pytest.raises(TypeError):
        training_course_update(course=TrainingCourseFactory(), by=staff, created_by=staff)
