"""Programmes (세부사업) with yearly budgets, calls (공고), applications, evaluations, awards."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import GrowthStage
from core.models import BaseModel
from users.models import Role

__all__ = [
    "Application",
    "AwardInstalment",
    "AwardStatus",
    "Call",
    "Decision",
    "Disbursement",
    "Evaluation",
    "Program",
    "ProgramBudget",
    "SupportAward",
    "SupportType",
    "validate_stage_list",
]

INTERNAL_READERS = (Role.STAFF, Role.EXECUTIVE)


def _reads_everything(user) -> bool:
    return user.is_authenticated and user.role in INTERNAL_READERS


def _own_company(user) -> bool:
    return user.is_authenticated and user.role == Role.FIRM and bool(user.company_id)


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
        return self if _reads_everything(user) else self.none()

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


class CallQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Calls `user` may see: staff and executives all, everybody else none."""
        return self if _reads_everything(user) else self.none()

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
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
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
    PENDING = "pending", _("Pending")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applications `user` may see: staff and executives all, a firm its own, others none."""
        if _reads_everything(user):
            return self
        if _own_company(user):
            return self.filter(company_id=user.company_id)
        return self.none()

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
    applied_on = models.DateField(_("applied on"))
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
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

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


class AwardStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class SupportAwardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Awards `user` may see: staff and executives all, a firm its own, others none."""
        if _reads_everything(user):
            return self
        if _own_company(user):
            return self.filter(company_id=user.company_id)
        return self.none()

    def with_list_relations(self):
        """What award lists show (programme, company), in one query."""
        return self.select_related("program", "company")

    def for_year(self, year: int):
        """Awards made in calendar year `year`."""
        return self.filter(awarded_on__year=year)

    def counting(self):
        """Awards that count as support given (cancelled ones do not)."""
        return self.exclude(status=AwardStatus.CANCELLED)


class SupportAward(BaseModel):
    """Support a company received from a programme (amount in won), paid out in instalments."""

    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="awards"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="award",
        null=True,
        blank=True,
    )
    awarded_on = models.DateField(_("awarded on"))
    amount_krw = models.PositiveBigIntegerField(_("amount (won)"))
    starts_on = models.DateField(_("support starts on"))
    ends_on = models.DateField(_("support ends on"))
    status = models.CharField(
        _("status"), max_length=16, choices=AwardStatus.choices, default=AwardStatus.PLANNED
    )
    # Kept in step with the disbursement rows by award_disburse(), with an atomic UPDATE,
    # so the database's check constraint below is the ceiling even under concurrent writes.
    disbursed_krw = models.PositiveBigIntegerField(_("disbursed (won)"), default=0)
    duplicate_reason = models.TextField(
        _("reason for duplicate support"), max_length=2000, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = SupportAwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("support award")
        verbose_name_plural = _("support awards")
        ordering = ["-awarded_on", "-pk"]
        indexes = [
            models.Index(fields=["awarded_on"]),
            models.Index(fields=["status"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="award_amount_positive",
                condition=Q(amount_krw__gt=0),
                violation_error_message=_("The award amount must be more than 0 won."),
            ),
            models.CheckConstraint(
                name="award_disbursed_within_amount",
                condition=Q(disbursed_krw__lte=F("amount_krw")),
                violation_error_message=_("Disbursements cannot exceed the award."),
            ),
            models.CheckConstraint(
                name="award_ends_on_or_after_start",
                condition=Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("The support period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.company} / {self.program}"

    def get_absolute_url(self):
        return reverse("programs:award_detail", args=[self.pk])

    @property
    def remaining_krw(self) -> int:
        """What is still to be disbursed."""
        return self.amount_krw - self.disbursed_krw

    @property
    def is_open_for_payment(self) -> bool:
        return self.status != AwardStatus.CANCELLED


class AwardInstalment(BaseModel):
    """A planned instalment of an award: when, and how much."""

    award = models.ForeignKey(
        SupportAward,
        verbose_name=_("support award"),
        on_delete=models.PROTECT,
        related_name="instalments",
    )
    due_on = models.DateField(_("due on"))
    amount_krw = models.PositiveBigIntegerField(_("amount (won)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("planned instalment")
        verbose_name_plural = _("planned instalments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="instalment_amount_positive",
                condition=Q(amount_krw__gt=0),
                violation_error_message=_("The amount must be more than 0 won."),
            ),
        ]

    def __str__(self):
        return f"{self.award} {self.due_on}"


class Disbursement(models.Model):
    """Money actually paid out on an award; a history row, never overwritten."""

    award = models.ForeignKey(
        SupportAward,
        verbose_name=_("support award"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    paid_on = models.DateField(_("paid on"))
    amount_krw = models.PositiveBigIntegerField(_("amount (won)"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="disbursement_amount_positive",
                condition=Q(amount_krw__gt=0),
                violation_error_message=_("The amount must be more than 0 won."),
            ),
        ]

    def __str__(self):
        return f"{self.award} {self.paid_on}"
