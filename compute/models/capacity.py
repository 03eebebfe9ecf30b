"""Capacity periods of the AI data centre (PF and GPU-hours in force from a day to a day) and
the amounts every compute model uses."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.validators import dates_in_window, validate_date_window
from users.permissions import reads_everything

PF_DIGITS = {"max_digits": 8, "decimal_places": 2}
HOURS_DIGITS = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class ComputeCapacityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Capacity periods are the agency's planning data: staff and executives only."""
        return self if reads_everything(user) else self.none()

    def with_totals(self):
        """Each period with the effective PF and GPU-hours allocated in it, the GPU-hours used
        (from the usage imports), the number of projects and their results (one query)."""
        from compute.models.usage import ComputeUsage  # usage rows point at allocations here

        # A subquery: joining usage rows to the allocations would multiply the sums above.
        used = (
            ComputeUsage.objects.filter(allocation__capacity=models.OuterRef("pk"))
            .values("allocation__capacity")
            .annotate(total=models.Sum("gpu_hours"))
            .values("total")
        )
        return self.annotate(
            used_gpu_hours=Coalesce(
                models.Subquery(used, output_field=models.DecimalField(**HOURS_DIGITS)),
                models.Value(ZERO),
                output_field=models.DecimalField(**HOURS_DIGITS),
            ),
            allocated_pf=models.Sum(
                F("allocations__pf_allocated") - F("allocations__pf_reclaimed"),
                output_field=models.DecimalField(**PF_DIGITS),
            ),
            allocated_gpu_hours=models.Sum(
                F("allocations__gpu_hours_allocated") - F("allocations__gpu_hours_reclaimed"),
                output_field=models.DecimalField(**HOURS_DIGITS),
            ),
            allocation_count=models.Count("allocations"),
            models_trained=models.Sum("allocations__models_trained"),
            commercial_models=models.Sum("allocations__commercial_models"),
        ).order_by(*ComputeCapacity._meta.ordering)


class ComputeCapacity(BaseModel):
    """What the AI data centre can give out in a period (leased or built)."""

    label = models.CharField(_("period"), max_length=100, unique=True)
    starts_on = models.DateField(_("starts on"), validators=[validate_date_window])
    ends_on = models.DateField(_("ends on"), validators=[validate_date_window])
    capacity_pf = models.DecimalField(
        _("compute capacity (PF)"),
        help_text=_("Petaflops that can be allocated to projects in this period."),
        **PF_DIGITS,
    )
    gpu_hours_capacity = models.DecimalField(
        _("GPU-hour capacity"),
        null=True,
        blank=True,
        help_text=_("Leave blank when the period is not metered in GPU-hours."),
        **HOURS_DIGITS,
    )
    storage_pb = models.DecimalField(
        _("storage (PB)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ComputeCapacityQuerySet.as_manager()

    class Meta:
        verbose_name = _("compute capacity period")
        verbose_name_plural = _("compute capacity periods")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="compute_capacity_period_order",
                condition=Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                name="compute_capacity_pf_positive",
                condition=Q(capacity_pf__gt=0),
                violation_error_message=_("The capacity must be more than 0 PF."),
            ),
            models.CheckConstraint(
                name="compute_capacity_hours_positive",
                condition=Q(gpu_hours_capacity__isnull=True) | Q(gpu_hours_capacity__gt=0),
                violation_error_message=_("The GPU-hour capacity must be more than 0."),
            ),
            dates_in_window(dates=("starts_on", "ends_on")),
        ]

    def __str__(self):
        return self.label
