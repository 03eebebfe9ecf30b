"""Allocations of compute to projects, their reclaims (off-purpose use) and their date changes."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compute.models.capacity import HOURS_DIGITS, PF_DIGITS, ZERO, ComputeCapacity
from core.display import format_day
from core.models import BaseModel
from core.validators import dates_in_window, validate_date_window
from users.permissions import company_scoped


class ComputeAllocationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Allocations of the companies `user` may see (a firm: its own)."""
        return company_scoped(self, user, mentors=True)

    def with_usage(self):
        """Each allocation with the GPU-hours used so far, as `used_gpu_hours` (no join)."""
        from compute.models.usage import ComputeUsage  # usage rows point at allocations here

        # A subquery, not a join with GROUP BY, so list filters and ordering stay simple.
        used = (
            ComputeUsage.objects.filter(allocation=models.OuterRef("pk"))
            .values("allocation")
            .annotate(total=models.Sum("gpu_hours"))
            .values("total")
        )
        return self.annotate(
            used_gpu_hours=Coalesce(
                models.Subquery(used, output_field=models.DecimalField(**HOURS_DIGITS)),
                models.Value(ZERO),
                output_field=models.DecimalField(**HOURS_DIGITS),
            )
        )

    def with_list_relations(self):
        """What allocation lists show, in a fixed number of queries."""
        return (
            self.select_related("company", "capacity")
            .with_usage()
            .order_by(*ComputeAllocation._meta.ordering)
        )

    def totals(self) -> dict:
        """Projects, effective PF, AI models trained and commercial models of these rows."""
        result = self.aggregate(
            projects=models.Count("pk"),
            pf=models.Sum(
                F("pf_allocated") - F("pf_reclaimed"),
                output_field=models.DecimalField(**PF_DIGITS),
            ),
            models_trained=models.Sum("models_trained"),
            commercial_models=models.Sum("commercial_models"),
        )
        return {
            "projects": result["projects"],
            "pf": Decimal(result["pf"] or 0).quantize(Decimal("0.01")),
            "models_trained": result["models_trained"] or 0,
            "commercial_models": result["commercial_models"] or 0,
        }


class ComputeAllocation(BaseModel):
    """Compute given to one selected project (과제) of a company from `starts_on` through
    `ends_on`, inside a capacity period; on any day the allocations active that day never hold
    more PF than the capacity in force that day (`allocation_create` and
    `allocation_change_dates` check it)."""

    capacity = models.ForeignKey(
        ComputeCapacity,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="compute_allocations",
    )
    project_code = models.CharField(
        _("project number"),
        max_length=30,
        unique=True,
        help_text=_("The number usage files use for this project, e.g. 2021-001."),
    )
    project_title = models.CharField(_("project title"), max_length=200)
    pf_allocated = models.DecimalField(_("PF allocated"), null=True, blank=True, **PF_DIGITS)
    gpu_hours_allocated = models.DecimalField(
        _("GPU-hours allocated"), null=True, blank=True, **HOURS_DIGITS
    )
    pf_reclaimed = models.DecimalField(_("PF reclaimed"), default=ZERO, **PF_DIGITS)
    gpu_hours_reclaimed = models.DecimalField(
        _("GPU-hours reclaimed"), default=ZERO, **HOURS_DIGITS
    )
    agreement_signed_on = models.DateField(
        _("agreement signed on"), validators=[validate_date_window]
    )
    starts_on = models.DateField(
        _("compute from"),
        validators=[validate_date_window],
        help_text=_("First day the project holds the compute."),
    )
    ends_on = models.DateField(
        _("compute until"),
        validators=[validate_date_window],
        help_text=_("Last day the project holds the compute; it is free again the day after."),
    )
    is_off_purpose = models.BooleanField(_("off-purpose use"), default=False)
    models_trained = models.PositiveIntegerField(_("AI models trained"), default=0)
    commercial_models = models.PositiveIntegerField(_("commercial models"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ComputeAllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("compute allocation")
        verbose_name_plural = _("compute allocations")
        ordering = ["-capacity__starts_on", "project_code", "pk"]
        indexes = [
            models.Index(fields=["capacity", "company"]),
            models.Index(fields=["is_off_purpose"]),
            models.Index(fields=["starts_on", "ends_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="compute_allocation_amount_given",
                condition=Q(pf_allocated__gt=0) | Q(gpu_hours_allocated__gt=0),
                violation_error_message=_("Allocate PF, GPU-hours or both."),
            ),
            models.CheckConstraint(
                name="compute_allocation_pf_positive",
                condition=Q(pf_allocated__isnull=True) | Q(pf_allocated__gt=0),
                violation_error_message=_("PF allocated must be more than 0."),
            ),
            models.CheckConstraint(
                name="compute_allocation_hours_positive",
                condition=Q(gpu_hours_allocated__isnull=True) | Q(gpu_hours_allocated__gt=0),
                violation_error_message=_("GPU-hours allocated must be more than 0."),
            ),
            models.CheckConstraint(
                name="compute_allocation_pf_reclaim_within",
                condition=Q(pf_reclaimed__gte=0)
                & (
                    Q(pf_allocated__isnull=True, pf_reclaimed=0)
                    | Q(pf_reclaimed__lte=F("pf_allocated"))
                ),
                violation_error_message=_("More PF cannot be reclaimed than was allocated."),
            ),
            models.CheckConstraint(
                name="compute_allocation_hours_reclaim_within",
                condition=Q(gpu_hours_reclaimed__gte=0)
                & (
                    Q(gpu_hours_allocated__isnull=True, gpu_hours_reclaimed=0)
                    | Q(gpu_hours_reclaimed__lte=F("gpu_hours_allocated"))
                ),
                violation_error_message=_(
                    "More GPU-hours cannot be reclaimed than were allocated."
                ),
            ),
            models.CheckConstraint(
                name="compute_allocation_commercial_within_trained",
                condition=Q(commercial_models__lte=F("models_trained")),
                violation_error_message=_(
                    "Commercial models cannot outnumber the AI models trained."
                ),
            ),
            models.CheckConstraint(
                name="compute_allocation_dates_order",
                condition=Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("The compute cannot end before it starts."),
            ),
            dates_in_window(dates=("agreement_signed_on", "starts_on", "ends_on")),
        ]

    def __str__(self):
        return f"{self.project_code} {self.project_title}"

    def get_absolute_url(self):
        return reverse("compute:allocation_detail", args=[self.pk])

    @property
    def effective_pf(self) -> Decimal | None:
        """PF the project holds now: allocated minus reclaimed."""
        if self.pf_allocated is None:
            return None
        return self.pf_allocated - self.pf_reclaimed

    @property
    def effective_gpu_hours(self) -> Decimal | None:
        """GPU-hours the project holds now: allocated minus reclaimed."""
        if self.gpu_hours_allocated is None:
            return None
        return self.gpu_hours_allocated - self.gpu_hours_reclaimed

    @property
    def utilisation_percent(self) -> Decimal | None:
        """GPU-hours used as a % of those allocated (needs `with_usage()`); None if unmetered."""
        used = getattr(self, "used_gpu_hours", None)
        if used is None or not self.gpu_hours_allocated:
            return None
        return (Decimal(used) * 100 / self.gpu_hours_allocated).quantize(Decimal("0.1"))


class ComputeReclaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reclaims of the allocations `user` may see."""
        return company_scoped(self, user, "allocation__company", mentors=True)


class ComputeReclaim(models.Model):
    """Compute taken back from an allocation used off-purpose: who, when, how much, why."""

    allocation = models.ForeignKey(
        ComputeAllocation,
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        related_name="reclaims",
    )
    pf_reclaimed = models.DecimalField(_("PF reclaimed"), default=ZERO, **PF_DIGITS)
    gpu_hours_reclaimed = models.DecimalField(
        _("GPU-hours reclaimed"), default=ZERO, **HOURS_DIGITS
    )
    gpu_hours_used = models.DecimalField(_("GPU-hours used by then"), default=ZERO, **HOURS_DIGITS)
    reason = models.TextField(_("reason"), max_length=2000)
    reclaimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reclaimed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reclaimed_at = models.DateTimeField(
        _("reclaimed at"), default=timezone.now, validators=[validate_date_window]
    )

    objects = ComputeReclaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("compute reclaim")
        verbose_name_plural = _("compute reclaims")
        ordering = ["-reclaimed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="compute_reclaim_not_negative",
                condition=Q(pf_reclaimed__gte=0) & Q(gpu_hours_reclaimed__gte=0),
                violation_error_message=_("A reclaim cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.allocation.project_code} {format_day(self.reclaimed_at)}"


class ComputeDateChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Date changes of the allocations `user` may see."""
        return company_scoped(self, user, "allocation__company", mentors=True)


class ComputeDateChange(models.Model):
    """An allocation's dates changed after it was made (extended, ended early): who, when,
    from which dates to which, why."""

    allocation = models.ForeignKey(
        ComputeAllocation,
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        related_name="date_changes",
    )
    previous_starts_on = models.DateField(
        _("previous first day"), validators=[validate_date_window]
    )
    previous_ends_on = models.DateField(_("previous last day"), validators=[validate_date_window])
    starts_on = models.DateField(_("new first day"), validators=[validate_date_window])
    ends_on = models.DateField(_("new last day"), validators=[validate_date_window])
    reason = models.TextField(_("reason"), max_length=2000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(
        _("changed at"), default=timezone.now, validators=[validate_date_window]
    )

    objects = ComputeDateChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("compute date change")
        verbose_name_plural = _("compute date changes")
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="compute_date_change_order",
                condition=Q(ends_on__gte=F("starts_on"))
                & Q(previous_ends_on__gte=F("previous_starts_on")),
                violation_error_message=_("The compute cannot end before it starts."),
            ),
            dates_in_window(
                dates=("previous_starts_on", "previous_ends_on", "starts_on", "ends_on"),
                moments=("changed_at",),
            ),
        ]

    def __str__(self):
        return f"{self.allocation.project_code} {format_day(self.changed_at)}"
