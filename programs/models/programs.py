"""Programmes (세부사업) and their yearly budgets."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import GrowthStage
from core.models import BaseModel
from users.permissions import reads_everything


def validate_stage_list(value) -> None:
    """A non-empty list of distinct growth-stage values (a call's eligible stages)."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one eligible growth stage."), code="stages")
    unknown = [stage for stage in value if stage not in GrowthStage.values]
    if unknown:
        raise ValidationError(
            _("Unknown growth stage: %(stage)s.") % {"stage": unknown[0]}, code="stages"
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each growth stage may appear only once."), code="stages")


class SupportType(models.TextChoices):
    MENTORING = "mentoring", _("Startup mentoring")
    PROTOTYPE = "prototype", _("Prototype production")
    INVESTMENT_FUND = "investment_fund", _("Investment fund")
    OVERSEAS = "overseas", _("Overseas expansion")
    COMPUTE = "compute", _("AI data-centre compute")
    EQUIPMENT = "equipment", _("Demonstration-centre equipment")
    TRAINING = "training", _("Training")


class ProgramQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programmes `user` may see: staff and executives all, everybody else none."""
        return self if reads_everything(user) else self.none()

    def with_list_relations(self):
        """What the programme list shows (budgets, call and award counts), in fixed queries."""
        # Two independent reverse joins: distinct counts keep each from multiplying the other.
        return (
            self.annotate(
                call_count=Count("calls", distinct=True),
                award_count=Count("awards", distinct=True),
            )
            .prefetch_related(Prefetch("budgets", queryset=ProgramBudget.objects.order_by("-year")))
            .order_by(*Program._meta.ordering)
        )


class Program(BaseModel):
    """A programme line (세부사업) of the agency with its support type."""

    name = models.CharField(_("programme name"), max_length=200, unique=True)
    support_type = models.CharField(_("support type"), max_length=24, choices=SupportType.choices)
    description = models.TextField(
        pgettext_lazy("programme", "description"), max_length=5000, blank=True
    )
    follow_up_years = models.PositiveSmallIntegerField(
        _("post-support years"),
        default=5,
        validators=[MaxValueValidator(20)],
        help_text=_(
            "사후관리 기간: for how many years after an award's support ends the firm's "
            "outcomes still count in the KPI reports."
        ),
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        indexes = [models.Index(fields=["support_type"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:detail", args=[self.pk])


class ProgramBudget(BaseModel):
    """A programme's budget line for one year, in won."""

    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount_krw = models.PositiveBigIntegerField(_("budget (won)"))

    class Meta:
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        ordering = ["program", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"],
                name="one_budget_per_program_year",
                violation_error_message=_("This programme already has a budget for that year."),
            ),
            models.CheckConstraint(
                name="budget_year_in_range",
                condition=Q(year__gte=2000, year__lte=2100),
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.program} {self.year}"
