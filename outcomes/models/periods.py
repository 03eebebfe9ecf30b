"""Reporting periods (보고 기간): the year or quarter firms report for, with its due date."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.validators import dates_in_window, validate_date_window
from users.permissions import firm_company_id, reads_everything

# After the due date the banner keeps reminding a firm that has not submitted for this long.
OVERDUE_GRACE_DAYS = 60


class ReportingPeriodQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Periods are not secret: every signed-in staff, executive or firm user sees them."""
        return self if reads_everything(user) or firm_company_id(user) else self.none()

    def open(self, today: date | None = None):
        """Periods open for reporting on `today` (Seoul), including a grace after the due date."""
        today = today or timezone.localdate()
        return self.filter(
            opens_on__lte=today, due_on__gte=today - timedelta(days=OVERDUE_GRACE_DAYS)
        )


class ReportingPeriod(models.Model):
    """A year (quarter empty) or a quarter firms report their figures for, with its due date."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    opens_on = models.DateField(
        pgettext_lazy("reporting period", "opens on"), validators=[validate_date_window]
    )
    due_on = models.DateField(
        pgettext_lazy("reporting period", "due on"), validators=[validate_date_window]
    )

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-quarter"]
        constraints = [
            # Two partial constraints: SQLite has no NULLS NOT DISTINCT for the yearly row.
            models.UniqueConstraint(
                fields=["year", "quarter"],
                name="one_reporting_period_per_year_quarter",
                violation_error_message=_("This reporting period exists already."),
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(quarter__isnull=True),
                name="one_yearly_reporting_period_per_year",
                violation_error_message=_("This reporting period exists already."),
            ),
            models.CheckConstraint(
                name="reporting_period_quarter_1_to_4",
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                violation_error_message=_("A quarter is 1, 2, 3 or 4."),
            ),
            models.CheckConstraint(
                name="reporting_period_due_after_open",
                condition=Q(due_on__gte=models.F("opens_on")),
                violation_error_message=_("The due date cannot be before the opening date."),
            ),
            dates_in_window(dates=("opens_on", "due_on")),
        ]

    def __str__(self):
        if self.quarter:
            return gettext("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.quarter}
        return gettext("%(year)s (year)") % {"year": self.year}
