"""Training (핵심 인력 교육·양성): courses per year and their trainees."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.models import BaseModel
from core.validators import dates_in_window, validate_date_window
from users.permissions import reads_everything

__all__ = [
    "Trainee",
    "TraineeQuerySet",
    "TrainingCourse",
    "TrainingCourseQuerySet",
    "TrainingTrack",
]


class TrainingTrack(models.TextChoices):
    AI_UNDERGRADUATE = "ai_undergraduate", _("AI convergence undergraduate track")
    PROFESSIONAL = "professional", _("Professional AI course")
    OTHER = "other", _("Other")


class TrainingCourseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and executives see every course; others none."""
        return self if reads_everything(user) else self.none()

    def for_year(self, year: int):
        """Courses run in `year`."""
        return self.filter(year=year)

    def with_list_relations(self):
        """Trainee counts (all, hired by a supported company) in one query."""
        return self.annotate(
            trainee_count=Count("trainees"),
            hired_count=Count("trainees", filter=Q(trainees__hired_by__isnull=False)),
        ).order_by("-year", "name", "pk")


class TrainingCourse(BaseModel):
    """A course run in a year; people trained = its trainees, counted on the day it ended
    (`ends_on`), or on 31 December of its year when it has no dates (older records, imports)."""

    name = models.CharField(_("course name"), max_length=200)
    track = models.CharField(_("track"), max_length=20, choices=TrainingTrack.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(
        _("starts on"), null=True, blank=True, validators=[validate_date_window]
    )
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        validators=[validate_date_window],
        help_text=_(
            "The course's last day: its trainees count as trained from then on (blank: from "
            "31 December of the course year)."
        ),
    )
    hours = models.PositiveIntegerField(_("hours"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-year", "name", "pk"]
        indexes = [models.Index(fields=["year", "track"])]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "year"],
                name="one_training_course_name_per_year",
                violation_error_message=_("A course with this name exists for this year."),
            ),
            models.CheckConstraint(
                name="training_course_period_order",
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("The course cannot end before it starts."),
            ),
            models.CheckConstraint(
                name="training_course_dates_in_year",
                condition=(Q(starts_on__isnull=True) | Q(starts_on__year=F("year")))
                & (Q(ends_on__isnull=True) | Q(ends_on__year=F("year"))),
                violation_error_message=_("The course's dates must lie in its year."),
            ),
            dates_in_window(dates=("starts_on", "ends_on")),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("training:detail", args=[self.pk])


class TraineeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and executives see every trainee; others none."""
        return self if reads_everything(user) else self.none()

    def for_year(self, year: int):
        """People trained in `year`: the trainees of that year's courses."""
        return self.filter(course__year=year)

    def trained_between(self, start: date, end: date):
        """People trained from `start` to `end` (both included): the trainees of the courses
        that ended then. A course counts on its `ends_on`; one without `ends_on` counts on
        31 December of its `year`, so a calendar year's figure is the same either way, and a
        report as of a day within a year leaves out that year's undated courses."""
        # The last year whose 31 December lies on or before `end`.
        last_undated_year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
        return self.filter(
            Q(course__ends_on__range=(start, end))
            | Q(course__ends_on__isnull=True, course__year__range=(start.year, last_undated_year))
        )


class Trainee(BaseModel):
    """A person trained in a course, optionally hired by a supported company."""

    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("course"), on_delete=models.PROTECT, related_name="trainees"
    )
    name = models.CharField(_("name"), max_length=100)
    hired_by = models.ForeignKey(
        Company,
        verbose_name=_("hired by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainees",
    )

    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name
