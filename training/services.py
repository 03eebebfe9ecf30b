"""Writes of the training records."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.models import SubjectType
from audit.services.consent import consent_record
from companies.models import Company
from training.models import Trainee, TrainingCourse
from users.models import User

# What staff may correct on a course; the year only while it has no trainees.
COURSE_EDITABLE_FIELDS = ("name", "track", "year", "starts_on", "ends_on", "hours")
YEAR_FIXED = _("The year cannot change: trainees are recorded on this course.")


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
def training_course_update(*, course: TrainingCourse, by: User, **fields) -> TrainingCourse:
    """Correct a course's name, track, year, dates or hours (the year only while it has no
    trainees); the changed fields are saved, and recorded in its history (audit.history)."""
    unknown = set(fields) - set(COURSE_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"training_course_update() got unexpected fields: {sorted(unknown)}")
    # Locked: a trainee being added meanwhile (its key check waits for this lock, or this lock
    # for its commit) is seen by the check on the year.
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    changed = [name for name, value in fields.items() if getattr(course, name) != value]
    if "year" in changed and course.trainees.exists():
        raise ValidationError({"year": YEAR_FIXED}, code="has_trainees")
    if not changed:
        return course
    for name in changed:
        setattr(course, name, fields[name])
    course.full_clean()
    course.save(update_fields=[*changed, "updated_at"])
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
