"""Calls (공고), applications to them and their evaluations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import GrowthStage
from core.models import BaseModel
from core.validators import dates_in_window, validate_date_window
from programs.models.programs import Program, validate_stage_list
from users.permissions import company_scoped, reads_everything


class CallQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Calls `user` may see: staff and executives all, everybody else none."""
        return self if reads_everything(user) else self.none()

    def with_list_relations(self):
        """What the call list shows, in a fixed number of queries."""
        # An aggregate makes a GROUP BY query, which ignores Meta.ordering: order explicitly.
        return (
            self.select_related("program")
            .annotate(
                application_count=Count("applications", distinct=True),
                selected_count=Count(
                    "applications",
                    filter=Q(applications__decision=Decision.SELECTED),
                    distinct=True,
                ),
            )
            .order_by(*Call._meta.ordering)
        )


class Call(BaseModel):
    """A call for applications (공고) of a programme, open to some growth stages."""

    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"), validators=[validate_date_window])
    closes_on = models.DateField(_("closes on"), validators=[validate_date_window])
    eligible_stages = models.JSONField(
        _("eligible growth stages"), default=list, validators=[validate_stage_list]
    )
    description = models.TextField(
        pgettext_lazy("programme", "description"), max_length=5000, blank=True
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("programme", "call")
        verbose_name_plural = pgettext_lazy("programme", "calls")
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["opens_on"])]
        constraints = [
            models.CheckConstraint(
                name="call_closes_on_or_after_opening",
                condition=Q(closes_on__gte=F("opens_on")),
                violation_error_message=_("A call cannot close before it opens."),
            ),
            dates_in_window(dates=("opens_on", "closes_on")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:call_detail", args=[self.pk])

    def accepts(self, stage: str) -> bool:
        """Whether a company at `stage` may apply to this call."""
        return bool(stage) and stage in self.eligible_stages

    @property
    def eligible_stage_labels(self) -> list[str]:
        """The eligible stages' labels, in the stages' natural order."""
        return [label for value, label in GrowthStage.choices if value in self.eligible_stages]

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Decision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("application decision", "Pending")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applications `user` may see: staff and executives all, a firm its own, others none."""
        return company_scoped(self, user)

    def with_scores(self):
        """Each application with its average score and number of evaluations."""
        return self.annotate(
            average_score=Avg("evaluations__score"), evaluation_count=Count("evaluations")
        )


class Application(BaseModel):
    """A company's application to a call; scored by staff, then selected or not."""

    call = models.ForeignKey(
        Call,
        verbose_name=pgettext_lazy("programme", "call"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="support_applications",
    )
    applied_on = models.DateField(_("applied on"), validators=[validate_date_window])
    stage = models.CharField(
        _("growth stage when applying"), max_length=16, choices=GrowthStage.choices
    )
    duplicate_reason = models.TextField(
        _("reason for duplicate support"), max_length=2000, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(
        _("selection decision"),
        max_length=16,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, validators=[validate_date_window]
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-applied_on", "-pk"]
        indexes = [models.Index(fields=["decision"])]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "call"],
                name="one_application_per_company_call",
                violation_error_message=_("This company has already applied to this call."),
            ),
            models.CheckConstraint(
                name="application_decision_has_who_and_when",
                condition=Q(decision=Decision.PENDING)
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                violation_error_message=_("A decision records who made it and when."),
            ),
            models.CheckConstraint(
                name="application_rejection_has_reason",
                condition=~Q(decision=Decision.NOT_SELECTED) | ~Q(decision_reason=""),
                violation_error_message=_("Give a reason when an application is not selected."),
            ),
            dates_in_window(dates=("applied_on",), moments=("decided_at",)),
        ]

    def __str__(self):
        return f"{self.company} / {self.call}"

    def get_absolute_url(self):
        return reverse("programs:application_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.decision != Decision.PENDING


class Evaluation(BaseModel):
    """One staff member's score (0-100) for an application; never overwritten."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"],
                name="one_score_per_evaluator",
                violation_error_message=_("You have already scored this application."),
            ),
            models.CheckConstraint(
                name="evaluation_score_0_to_100",
                condition=Q(score__gte=0, score__lte=100),
                violation_error_message=_("Scores run from 0 to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.score}"
