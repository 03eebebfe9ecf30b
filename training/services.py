"""Writes of the training records."""

from datetime import date

from django.db import transaction

from audit.models import SubjectType
from audit.services.consent import consent_record
from companies.models import Company
from training.models import Trainee, TrainingCourse
from users.models import User


@transaction.atomic
def training_course_create(
    *,
    name: str,
    track: str,
    year: int,
    hours: int,
    starts_on: date | None = None,
    ends_on: date | None = None,
    by: User,
) -> TrainingCourse:
    """Record a course run in a year, with its dates when known."""
    course = TrainingCourse(
        name=name,
        track=track,
        year=year,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def trainee_add(
    *,
    course: TrainingCourse,
    name: str,
    hired_by: Company | None = None,
    consent_basis: str = "",
    third_party_consent: bool = False,
    by: User,
) -> Trainee:
    """Add a person trained in a course, optionally with the company that hired them, and
    record the basis of their data (audit.services.consent.consent_record)."""
    trainee = Trainee(course=course, name=name, hired_by=hired_by)
    trainee.full_clean()
    trainee.save()
    consent_record(
        subject_type=SubjectType.TRAINEE,
        subject_id=trainee.pk,
        basis=consent_basis,
        third_party=third_party_consent,
        by=by,
    )
    return trainee
