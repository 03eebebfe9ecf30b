"""Reminder e-mails to firms that have not submitted, each sent once per company and period."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.validators import validate_date_window
from outcomes.models.periods import ReportingPeriod


class ReminderKind(models.TextChoices):
    DAYS_14 = "d14", _("14 days before the due date")
    DAYS_7 = "d7", _("7 days before the due date")
    DAYS_1 = "d1", _("1 day before the due date")
    OVERDUE = "overdue", _("the day after the due date")


# Days from the due date on which each reminder goes out (negative: before).
REMINDER_OFFSETS = {
    ReminderKind.DAYS_14: -14,
    ReminderKind.DAYS_7: -7,
    ReminderKind.DAYS_1: -1,
    ReminderKind.OVERDUE: 1,
}


class ReminderLog(models.Model):
    """A reminder e-mail sent to a company for a period; the constraint makes each go once."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(
        _("sent at"), default=timezone.now, validators=[validate_date_window]
    )
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("reminder log")
        verbose_name_plural = _("reminder logs")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "period", "kind"], name="one_reminder_per_company_period_kind"
            )
        ]

    def __str__(self):
        return f"{self.company} {self.period} {self.kind}"
