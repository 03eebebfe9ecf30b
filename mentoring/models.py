"""Mentoring: the mentor pool, assignments with an hours budget and their history, sessions.

An assignment is in force from `started_on` up to, but not including, `ended_on`: ending an
assignment today removes the mentor's access today. A mentor keeps seeing their own past
sessions (their records) but no longer the company page of an ended assignment.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Industry
from core.models import BaseModel
from core.uploads import random_name
from core.validators import dates_in_window, validate_date_window
from users.models import Role
from users.permissions import (
    MENTOR_ONLY,
    company_scoped,
    firm_company_id,
    has_role,
    reads_everything,
)

HOURS = {"max_digits": 6, "decimal_places": 1}
# The budget a new assignment gets unless staff set another (the 2022 programme's usual 20 hours).
DEFAULT_HOURS_BUDGET = Decimal("20.0")
MAX_SESSION_HOURS = Decimal("24.0")


def _current_condition(on, prefix: str = "") -> Q:
    """Assignments in force on `on`: started, and not yet ended (`ended_on` is exclusive)."""
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})
    )


def validate_industries(value) -> None:
    """Focus industries are a list of `companies.models.Industry` values."""
    if not isinstance(value, list) or any(item not in Industry.values for item in value):
        raise ValidationError(_("Choose focus industries from the list."), code="industries")


class MentorProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and executives see the whole pool; a mentor only their own profile."""
        if reads_everything(user):
            return self
        return self.filter(user=user) if has_role(user, MENTOR_ONLY) else self.none()

    def with_list_relations(self):
        """The mentor list: the user and the number of current assignments, in one query."""
        today = timezone.localdate()
        return (
            self.select_related("user")
            .annotate(
                current_assignment_count=Count(
                    "user__mentor_assignments",
                    filter=_current_condition(today, "user__mentor_assignments__"),
                )
            )
            # An aggregate makes a GROUP BY query, which ignores Meta.ordering.
            .order_by("user__name", "pk")
        )


class MentorProfile(BaseModel):
    """A mentor of the pool: what they know and which focus industries they serve."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="mentor_profile",
        limit_choices_to={"role": Role.MENTOR},
    )
    expertise = models.CharField(
        _("expertise"), max_length=200, help_text=_("e.g. investment, AI models, market entry")
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    focus_industries = models.JSONField(
        _("focus industries"), default=list, blank=True, validators=[validate_industries]
    )
    bio = models.TextField(_("biography"), max_length=2000, blank=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        ordering = ["user__name", "pk"]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("mentoring:mentor_detail", args=[self.pk])

    @property
    def focus_industry_labels(self) -> list[str]:
        labels = dict(Industry.choices)
        return [str(labels.get(value, value)) for value in self.focus_industries]


class MentorAssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        """Assignments in force on `on` (default: today in Seoul); `ended_on` is exclusive."""
        return self.filter(_current_condition(on or timezone.localdate()))

    def visible_to(self, user):
        """Staff and executives: all; a mentor: their own (ended ones too); a firm: its own."""
        if has_role(user, MENTOR_ONLY):
            return self.filter(mentor=user)
        return company_scoped(self, user)

    def with_hours(self):
        """Annotate `used_hours` (approved sessions) and `pending_hours` (awaiting approval)."""

        # Subqueries rather than a join with GROUP BY: the rows keep Meta.ordering and other
        # annotations are not multiplied.
        def total(status):
            sessions = (
                MentoringSession.objects.filter(assignment=OuterRef("pk"), status=status)
                .order_by()
                .values("assignment")
                .annotate(total=Sum("duration_hours"))
                .values("total")
            )
            return Coalesce(
                Subquery(sessions),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            )

        return self.annotate(
            used_hours=total(SessionStatus.APPROVED),
            pending_hours=total(SessionStatus.PENDING),
        )


class MentorAssignment(BaseModel):
    """A mentor assigned to a company for a period with an hours budget."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="mentor_assignments",
        limit_choices_to={"role": Role.MENTOR},
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="mentor_assignments",
    )
    started_on = models.DateField(_("started on"), validators=[validate_date_window])
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The first day without access; empty while the assignment runs."),
        validators=[validate_date_window],
    )
    hours_budget = models.DecimalField(
        _("hours budget"),
        **HOURS,
        default=DEFAULT_HOURS_BUDGET,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = MentorAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["mentor", "company"])]
        constraints = [
            models.CheckConstraint(
                name="assignment_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                violation_error_message=_("An assignment cannot end before it starts."),
            ),
            models.CheckConstraint(
                name="assignment_hours_budget_positive",
                condition=Q(hours_budget__gt=0),
                violation_error_message=_("The hours budget must be more than zero."),
            ),
            models.UniqueConstraint(
                fields=["mentor", "company"],
                condition=Q(ended_on__isnull=True),
                name="one_open_assignment_per_mentor_company",
                violation_error_message=_("This mentor is already assigned to this company."),
            ),
            dates_in_window(dates=("started_on", "ended_on")),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.company}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.started_on <= today and (self.ended_on is None or self.ended_on > today)

    @property
    def balance_hours(self) -> Decimal:
        """Budget left; needs `with_hours()`."""
        return self.hours_budget - self.used_hours


class AssignmentEventKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    UNASSIGNED = "unassigned", _("Unassigned")
    BUDGET_CHANGED = "budget_changed", _("Hours budget changed")


class AssignmentEvent(models.Model):
    """One row of an assignment's history (assign, unassign, budget change); never overwritten."""

    assignment = models.ForeignKey(
        MentorAssignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("event"), max_length=16, choices=AssignmentEventKind.choices)
    effective_on = models.DateField(_("effective on"), validators=[validate_date_window])
    hours_budget = models.DecimalField(_("hours budget"), **HOURS)
    previous_hours_budget = models.DecimalField(
        _("previous hours budget"), **HOURS, null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded at"), default=timezone.now, validators=[validate_date_window]
    )

    class Meta:
        verbose_name = _("assignment event")
        verbose_name_plural = _("assignment events")
        ordering = ["-recorded_at", "-pk"]
        constraints = [dates_in_window(dates=("effective_on",), moments=("recorded_at",))]

    def __str__(self):
        return f"{self.assignment} {self.get_kind_display()} ({self.effective_on})"


class SessionStatus(models.TextChoices):
    APPROVED = "approved", _("Counted")
    PENDING = "pending_approval", _("Awaiting approval")
    REJECTED = "rejected", _("Rejected")


def session_attachment_path(instance, filename: str) -> str:
    """A random name in private storage; only the (validated) extension is kept."""
    return random_name("mentoring/sessions", filename)


class MentoringSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and executives: all; a mentor: their own (also after unassignment);
        a firm: its company's counted sessions. Firm screens must still leave out `notes`."""
        if reads_everything(user):
            return self
        if has_role(user, MENTOR_ONLY):
            return self.filter(assignment__mentor=user)
        company_id = firm_company_id(user)
        if company_id:
            return self.filter(assignment__company_id=company_id, status=SessionStatus.APPROVED)
        return self.none()

    def with_list_relations(self):
        """What session lists show: company, mentor and who decided, in one query."""
        return self.select_related("assignment__company", "assignment__mentor", "decided_by")


class MentoringSession(BaseModel):
    """A session a mentor held with an assigned company; its hours count against the budget."""

    assignment = models.ForeignKey(
        MentorAssignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    held_on = models.DateField(_("date"), validators=[validate_date_window])
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(MAX_SESSION_HOURS)],
    )
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(
        _("notes"),
        max_length=5000,
        blank=True,
        help_text=_("Private: only you and the programme staff see these notes."),
    )
    next_steps = models.TextField(
        _("next steps"),
        max_length=2000,
        blank=True,
        help_text=_("The firm sees the next steps."),
    )
    attachment = models.FileField(
        _("attachment"), upload_to=session_attachment_path, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.APPROVED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
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
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = MentoringSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["held_on"]),
            models.Index(fields=["status", "held_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="session_duration_positive",
                condition=Q(duration_hours__gt=0) & Q(duration_hours__lte=MAX_SESSION_HOURS),
                violation_error_message=_("A session lasts more than 0 and at most 24 hours."),
            ),
            models.CheckConstraint(
                name="rejected_session_has_reason",
                condition=~Q(status=SessionStatus.REJECTED) | ~Q(decision_reason=""),
                violation_error_message=_("A rejected session needs a reason."),
            ),
            dates_in_window(dates=("held_on",), moments=("decided_at",)),
        ]

    def __str__(self):
        return f"{self.assignment.company} {self.held_on} {self.topic}"

    def get_absolute_url(self):
        return reverse("mentoring:session_detail", args=[self.pk])
