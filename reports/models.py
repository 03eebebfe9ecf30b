"""KPI indicator definitions: what each figure means, how it is counted, what proves it."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from users.models import Role


class KpiUnit(models.TextChoices):
    PEOPLE = "people", _("People")
    COUNT = "count", _("Count")
    WON = "won", _("Won")
    PF = "pf", _("PF")


class KpiPeriod(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    QUARTERLY = "quarterly", _("Quarterly")


class KpiIndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Indicators `user` may see: staff and executives all, everybody else none."""
        if user.is_authenticated and user.role in (Role.STAFF, Role.EXECUTIVE):
            return self
        return self.none()


class KpiIndicator(BaseModel):
    """One programme indicator; the figures themselves are computed in reports/selectors.py."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Fixed key the reports use; lower case, e.g. mous_signed."),
    )
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=16, choices=KpiUnit.choices)
    period = models.CharField(
        _("period"), max_length=16, choices=KpiPeriod.choices, default=KpiPeriod.YEARLY
    )
    counting_rule = models.TextField(_("counting rule"), max_length=2000)
    required_evidence = models.TextField(_("required evidence"), max_length=2000, blank=True)
    programme = models.CharField(_("programme"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = KpiIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI indicator")
        verbose_name_plural = _("KPI indicators")
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.name_ko} ({self.code})"

    def get_absolute_url(self):
        return reverse("reports:indicator_update", args=[self.pk])
