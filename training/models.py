"""Training (핵심 인력 교육·양성): courses per year and their trainees."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.models import BaseModel
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
    """A course run in a year; people trained = its trainees."""

    name = models.CharField(_("course name"), max_length=200)
    track = models.CharField(_("track"), max_length=20, choices=TrainingTrack.choices)
    year = models.PositiveSmallIntegerField(_("year"))
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
            )
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
