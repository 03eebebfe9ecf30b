"""Evidence files backing a report's figures, and waivers for figures accepted without one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import random_name
from core.validators import validate_date_window
from outcomes.models.reports import OutcomeReport, figure_choices, figure_label
from users.permissions import company_scoped


def evidence_path(instance, filename: str) -> str:
    """A random name under a private folder: the uploader's name never reaches the disk."""
    return random_name("private/outcome-evidence", filename)


class EvidenceFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Evidence of the reports `user` may see."""
        return company_scoped(self, user, "report__company")


class EvidenceFile(models.Model):
    """A document backing a report (PDF, image, HWP/HWPX, XLSX), checked by its content."""

    report = models.ForeignKey(
        OutcomeReport,
        verbose_name=_("outcome report"),
        on_delete=models.PROTECT,
        related_name="evidence_files",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    figure = models.CharField(
        _("figure supported"),
        max_length=20,
        blank=True,
        choices=figure_choices,
        help_text=_("The figure this file is evidence for; empty for the report as a whole."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(
        _("uploaded at"), default=timezone.now, validators=[validate_date_window]
    )

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def figure_label(self) -> str:
        return figure_label(self.figure)


class EvidenceWaiverQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Waivers of the reports `user` may see."""
        return company_scoped(self, user, "report__company")


class EvidenceWaiver(models.Model):
    """Staff accepted a figure whose indicator requires evidence without an evidence file for
    it: who, when and why; never overwritten."""

    report = models.ForeignKey(
        OutcomeReport,
        verbose_name=_("outcome report"),
        on_delete=models.PROTECT,
        related_name="evidence_waivers",
    )
    figure = models.CharField(_("figure"), max_length=20, choices=figure_choices)
    reason = models.TextField(_("reason"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded at"), default=timezone.now, validators=[validate_date_window]
    )

    objects = EvidenceWaiverQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence waiver")
        verbose_name_plural = _("evidence waivers")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="evidence_waiver_has_reason",
                condition=~Q(reason=""),
                violation_error_message=_("A waiver needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.report} {self.figure}"

    @property
    def figure_label(self) -> str:
        return figure_label(self.figure)
