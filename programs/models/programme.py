from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel

__all__ = ["Program", "SupportAward", "SupportType"]


class SupportType(models.TextChoices):
    MENTORING = "mentoring", _("Startup mentoring")
    PROTOTYPE = "prototype", _("Prototype production")
    INVESTMENT_FUND = "investment_fund", _("Investment fund")
    OVERSEAS = "overseas", _("Overseas expansion")
    COMPUTE = "compute", _("AI data-centre compute")
    EQUIPMENT = "equipment", _("Demonstration-centre equipment")
    TRAINING = "training", _("Training")


class Program(BaseModel):
    """A programme line (세부사업) of the agency with its support type."""

    name = models.CharField(_("programme name"), max_length=200, unique=True)
    support_type = models.CharField(_("support type"), max_length=24, choices=SupportType.choices)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SupportAward(BaseModel):
    """Support a company received from a programme in a year (amount in won)."""

    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="awards"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    awarded_on = models.DateField(_("awarded on"))
    amount_krw = models.PositiveBigIntegerField(_("amount (won)"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("support award")
        verbose_name_plural = _("support awards")
        ordering = ["-awarded_on", "-pk"]
        indexes = [models.Index(fields=["awarded_on"])]

    def __str__(self):
        return f"{self.company} / {self.program}"
