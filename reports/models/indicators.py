"""KPI indicator definitions (each figure's code, names, formula, counting rule and evidence)
and their yearly targets; each indicator's figure is computed by the computation registered
under its code in reports/indicators/."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from users.permissions import reads_everything


class KpiUnit(models.TextChoices):
    """What an indicator counts. Money is held in won; each file states the scale it prints
    (백만원 in the PDF, 원 in the Excel file)."""

    FIRMS = "firms", pgettext_lazy("unit", "firms")
    CASES = "cases", pgettext_lazy("unit", "cases")
    PEOPLE = "people", pgettext_lazy("unit", "people")
    MODELS = "models", pgettext_lazy("unit", "models")
    PF = "pf", pgettext_lazy("unit", "PF")
    WON = "won", pgettext_lazy("unit", "won")


class KpiPeriod(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    QUARTERLY = "quarterly", _("Quarterly")


# A programme year: the reports start in 2020 (reports.selectors.sources.PROGRAMME_START_YEAR).
REPORT_YEAR_VALIDATORS = [MinValueValidator(2020), MaxValueValidator(2100)]


class KpiKind(models.TextChoices):
    FLOW = "flow", _("Flow within a period")
    STOCK = "stock", _("Stock at a date")


class CumulativeRule(models.TextChoices):
    """How an indicator's cumulative column (since the programme started) is formed."""

    SUM = "sum", _("Sum of the periods")
    DISTINCT_FIRMS = "distinct_firms", _("Distinct firms")
    LATEST = "latest", _("Latest value")
    NONE = "none", _("Not shown")


class DefinedSource(models.TextChoices):
    """The records an indicator defined without code counts (reports/indicators/defined.py)."""

    AWARDS = "awards", _("Support awards (not cancelled)")
    OUTCOMES = "outcomes", _("Accepted yearly outcome reports of supported firms")
    TRAINEES = "trainees", _("Trainees")


class DefinedMeasure(models.TextChoices):
    FIRMS = "firms", _("Number of firms, each once")
    RECORDS = "records", _("Number of records")
    SUM = "sum", _("Sum of a figure")


class KpiIndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Indicators `user` may see: staff and executives all, everybody else none."""
        return self if reads_everything(user) else self.none()

    def for_year(self, year: int):
        """The indicators a report of `year` shows: not retired, and active in that year."""
        return self.filter(
            Q(first_year__isnull=True) | Q(first_year__lte=year),
            Q(last_year__isnull=True) | Q(last_year__gte=year),
            is_retired=False,
        )


class KpiIndicator(BaseModel):
    """One programme indicator: the single definition of one figure of the reports. Its code
    names the computation registered in reports/indicators/, which computes the figure from
    the records; the unit, kind and cumulative rule are the computation's and fixed with it."""

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
    formula = models.TextField(
        _("formula"),
        max_length=2000,
        blank=True,
        help_text=_("The formula in words (산식), e.g. firms with a signed MOU, each once."),
    )
    counting_rule = models.TextField(_("counting rule"), max_length=2000)
    required_evidence = models.TextField(_("required evidence"), max_length=2000, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=KpiKind.choices, default=KpiKind.FLOW)
    cumulative_rule = models.CharField(
        _("cumulative column"),
        max_length=16,
        choices=CumulativeRule.choices,
        default=CumulativeRule.SUM,
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year"),
        null=True,
        blank=True,
        validators=REPORT_YEAR_VALIDATORS,
        help_text=_("Empty: since the programme started."),
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"),
        null=True,
        blank=True,
        validators=REPORT_YEAR_VALIDATORS,
        help_text=_("Empty: still reported."),
    )
    is_retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("A retired indicator is left out of new reports; submitted ones keep it."),
    )
    program = models.CharField(_("programme"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # An indicator defined without code: a count or sum over one source with filters from a
    # fixed vocabulary (reports/indicators/defined.py). Empty: computed in code (the registry).
    source = models.CharField(_("source"), max_length=16, choices=DefinedSource.choices, blank=True)
    measure = models.CharField(
        _("measure"), max_length=16, choices=DefinedMeasure.choices, blank=True
    )
    measure_field = models.CharField(_("figure summed"), max_length=40, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)

    objects = KpiIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI indicator")
        verbose_name_plural = _("KPI indicators")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                name="kpi_indicator_last_year_after_first",
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(last_year__gte=models.F("first_year")),
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            models.CheckConstraint(
                name="kpi_indicator_defined_has_measure",
                condition=Q(source="") | ~Q(measure=""),
                violation_error_message=_("An indicator with a source needs a measure."),
            ),
        ]

    def __str__(self):
        return f"{self.name_ko} ({self.code})"

    def get_absolute_url(self):
        return reverse("reports:indicator_detail", args=[self.code])

    @property
    def name(self) -> str:
        """The name in the active language: Korean, or English for any other."""
        return indicator_name(self.name_ko, self.name_en)

    @property
    def is_defined(self) -> bool:
        """Defined by staff as a count or sum over the records, not computed in code."""
        return bool(self.source)


def indicator_name(name_ko: str, name_en: str) -> str:
    """An indicator's name for the active language; a report rendered in Korean reads Korean."""
    return name_ko if (get_language() or "ko").startswith("ko") else name_en


class KpiTargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Targets: staff and executives see all, everybody else none."""
        return self if reads_everything(user) else self.none()


# Targets hold any unit: won up to programmes' sums, PF with two places.
TARGET_DIGITS = {"max_digits": 16, "decimal_places": 2}


class KpiTarget(BaseModel):
    """An indicator's target (목표) and baseline (기준값) for one year, entered by staff; the
    reports compare the year's figure with it (달성률). Changes are kept in the history."""

    indicator = models.ForeignKey(
        KpiIndicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=REPORT_YEAR_VALIDATORS)
    target = models.DecimalField(
        pgettext_lazy("KPI", "target"), null=True, blank=True, **TARGET_DIGITS
    )
    baseline = models.DecimalField(
        pgettext_lazy("KPI", "baseline"), null=True, blank=True, **TARGET_DIGITS
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = KpiTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["year", "indicator__position", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="one_kpi_target_per_indicator_year",
                violation_error_message=_("This indicator has a target for this year already."),
            ),
            models.CheckConstraint(
                name="kpi_target_not_negative",
                condition=(Q(target__isnull=True) | Q(target__gte=0))
                & (Q(baseline__isnull=True) | Q(baseline__gte=0)),
                violation_error_message=_("A target or baseline cannot be negative."),
            ),
        ]

    def __str__(self):
        return gettext("%(indicator)s, %(year)s") % {
            "indicator": self.indicator.name_ko,
            "year": self.year,
        }

    def get_absolute_url(self):
        return f"{reverse('reports:target_edit')}?year={self.year}"
