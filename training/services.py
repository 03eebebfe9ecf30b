"""Writes of the training records."""

from django.db import transaction

from companies.models import Company
from training.models import Trainee, TrainingCourse
from users.models import User


@transaction.atomic
def training_course_create(
    *, name: str, track: str, year: int, hours: int, by: User
) -> TrainingCourse:
    """Record a course run in a year."""
    course = TrainingCourse(name=name, track=track, year=year, hours=hours, created_by=by)
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def trainee_add(
    *, course: TrainingCourse, name: str, hired_by: Company | None = None, by: User
) -> Trainee:
    """Add a person trained in a course, optionally with the company that hired them."""
    trainee = Trainee(course=course, name=name, hired_by=hired_by)
    trainee.full_clean()
    trainee.save()
    return trainee
