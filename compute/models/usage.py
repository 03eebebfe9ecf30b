"""GPU-hours used by the projects, from the usage files staff import."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compute.models.allocations import ComputeAllocation
from compute.models.capacity import HOURS_DIGITS
from core.display import format_day
from core.validators import dates_in_window, validate_date_window
from users.permissions import company_scoped


class ComputeUsageImport(models.Model):
    """One usage file imported: who, when, which file, how many rows."""

    filename = models.CharField(_("file name"), max_length=255)
    row_count = models.PositiveIntegerField(_("rows"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(
        _("imported at"), default=timezone.now, validators=[validate_date_window]
    )

    class Meta:
        verbose_name = _("usage import")
        verbose_name_plural = _("usage imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return f"{self.filename} ({format_day(self.imported_at)})"


class ComputeUsageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Usage of the allocations `user` may see."""
        return company_scoped(self, user, "allocation__company", mentors=True)


class ComputeUsage(models.Model):
    """GPU-hours a project used on one day, from an imported usage file."""

    allocation = models.ForeignKey(
        ComputeAllocation,
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        related_name="usage",
    )
    used_on = models.DateField(_("date"), validators=[validate_date_window])
    gpu_hours = models.DecimalField(_("GPU-hours used"), **HOURS_DIGITS)
    source = models.ForeignKey(
        ComputeUsageImport,
        verbose_name=_("usage import"),
        on_delete=models.PROTECT,
        related_name="rows",
    )

    objects = ComputeUsageQuerySet.as_manager()

    class Meta:
        verbose_name = _("compute usage")
        verbose_name_plural = _("compute usage")
        ordering = ["-used_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "used_on"],
                name="one_usage_row_per_allocation_day",
                violation_error_message=_(
                    "Usage for this project on this date is already recorded."
                ),
            ),
            models.CheckConstraint(
                name="compute_usage_hours_not_negative",
                condition=Q(gpu_hours__gte=0),
                violation_error_message=_("GPU-hours used cannot be negative."),
            ),
            dates_in_window(dates=("used_on",)),
        ]

    def __str__(self):
        return f"{self.allocation.project_code} {self.used_on}: {self.gpu_hours}"
