"""Patents firms list in their outcome reports; each application number counted once, ever."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company
from core.models import BaseModel
from core.validators import dates_in_window, validate_date_window
from outcomes.models.reports import OutcomeReport, OutcomeStatus
from users.permissions import company_scoped


class PatentStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    REGISTERED = "registered", _("Registered")
    ABANDONED = "abandoned", _("Abandoned")


class PatentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and executives see every patent; a firm its own company's."""
        return company_scoped(self, user)

    def accepted(self):
        """Patents listed in an accepted report."""
        return self.filter(report__status=OutcomeStatus.ACCEPTED)

    def counting(self):
        """What the KPI "patents filed or registered" counts: accepted, and not abandoned."""
        return self.accepted().exclude(status=PatentStatus.ABANDONED)

    def with_list_relations(self):
        return self.select_related("company", "report__period")


class Patent(BaseModel):
    """A patent application (and registration) a firm reported; counted once, ever."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="patents"
    )
    report = models.ForeignKey(
        OutcomeReport,
        verbose_name=_("outcome report"),
        on_delete=models.PROTECT,
        related_name="patents",
    )
    application_number = models.CharField(
        _("application number"),
        max_length=20,
        help_text=_("As on the application, e.g. 10-2021-0123456; stored as digits."),
    )
    applied_on = models.DateField(_("applied on"), validators=[validate_date_window])
    registration_number = models.CharField(_("registration number"), max_length=20, blank=True)
    registered_on = models.DateField(
        _("registered on"), null=True, blank=True, validators=[validate_date_window]
    )
    title = models.CharField(pgettext_lazy("patent", "title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=PatentStatus.choices, default=PatentStatus.FILED
    )

    objects = PatentQuerySet.as_manager()

    class Meta:
        verbose_name = _("patent")
        verbose_name_plural = _("patents")
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application_number"],
                name="patent_application_number_unique",
                violation_error_message=_("This patent application number is recorded already."),
            ),
            models.CheckConstraint(
                name="patent_registered_has_number_and_date",
                condition=~Q(status="registered")
                | (~Q(registration_number="") & Q(registered_on__isnull=False)),
                violation_error_message=_(
                    "A registered patent needs its registration number and date."
                ),
            ),
            dates_in_window(dates=("applied_on", "registered_on")),
        ]

    def __str__(self):
        return f"{self.application_number_display} {self.title}"

    @property
    def application_number_display(self) -> str:
        """10-2021-0123456 for the usual 13 digits (type-year-serial)."""
        n = self.application_number
        return f"{n[:2]}-{n[2:6]}-{n[6:]}" if len(n) == 13 else n
