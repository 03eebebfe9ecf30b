"""KPI indicator definitions and their yearly targets, report files built in the background,
and submitted snapshots.

Each indicator's figure is computed from the records by the computation registered under its
code in reports/indicators/; a snapshot is the one place a report's numbers are stored, frozen,
as they were submitted."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.models import BackgroundJob, BaseModel
from core.validators import validate_date_window
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


def report_file_path(instance, filename: str) -> str:
    """A random name in a private folder; downloads go through a view that checks the role."""
    return f"private/reports/{uuid.uuid4().hex}"


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Generating")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Report files hold no personal data: staff and executives see all, nobody else any."""
        return self if reads_everything(user) else self.none()

    def done(self):
        return self.filter(status=ExportStatus.DONE)


class ReportExport(BackgroundJob):
    """One request to build a year's KPI report file in the background (django-tasks-db),
    for the calendar year or as of a day of it.

    A failed request leaves the earlier files of the same year and format as they were; trying
    again is a new request."""

    year = models.PositiveSmallIntegerField(_("report year"))
    # A day of the year: the figures to that day, as the dashboard's as-of picker shows them.
    # Empty: the calendar year.
    as_of = models.DateField(_("as of"), null=True, blank=True, validators=[validate_date_window])
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    # A PDF lists the supported companies when they are few (KPI_PDF_FIRM_LIST_LIMIT), and
    # however many when this is set.
    firm_list = models.BooleanField(_("list every supported company"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    started_at = models.DateTimeField(
        _("started at"), null=True, blank=True, validators=[validate_date_window]
    )
    finished_at = models.DateTimeField(
        _("finished at"), null=True, blank=True, validators=[validate_date_window]
    )

    objects = ReportExportQuerySet.as_manager()

    ACTIVE_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)
    FAILED_STATUS = ExportStatus.FAILED

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["year", "as_of", "format", "status"])]
        constraints = [
            models.CheckConstraint(
                name="report_export_progress_0_to_100", condition=Q(progress__lte=100)
            ),
            models.CheckConstraint(
                name="report_export_done_has_file",
                condition=~Q(status="done") | (~Q(file="") & ~Q(sha256="")),
            ),
            models.CheckConstraint(
                name="report_export_as_of_in_its_year",
                condition=Q(as_of__isnull=True) | Q(as_of__year=models.F("year")),
            ),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("reports:export_detail", args=[self.pk])

    @property
    def filename(self) -> str:
        """kpi-2022.pdf for the calendar year, kpi-2022-as-of-2022-03-24.pdf as of a day."""
        if self.as_of:
            return f"kpi-{self.year}-as-of-{self.as_of.isoformat()}.{self.format}"
        return f"kpi-{self.year}.{self.format}"

    @property
    def covers(self) -> str:
        """What the file's figures cover: "as of 2022-03-24", or the calendar year."""
        if self.as_of:
            covers = gettext("as of %(as_of)s") % {"as_of": self.as_of.isoformat()}
        else:
            covers = gettext("calendar year %(year)s") % {"year": self.year}
        if self.firm_list:
            return gettext("%(covers)s, every supported company listed") % {"covers": covers}
        return covers

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @classmethod
    def stale_error(cls, duration: str) -> str:
        return gettext(
            "The file was not built: the task worker showed no progress for %(duration)s and "
            "has probably stopped. The earlier files are unchanged; try again."
        ) % {"duration": duration}

    @classmethod
    def stale_values(cls, now) -> dict:
        return {"finished_at": now}


class SnapshotStatus(models.TextChoices):
    GENERATING = "generating", _("Generating files")
    READY = "ready", _("Ready")
    FAILED = "failed", _("File generation failed")


class ReportSnapshotQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Submitted reports: staff and executives see all, nobody else any."""
        return self if reads_everything(user) else self.none()


class ReportSnapshot(BackgroundJob):
    """A submitted KPI report: version N of year Y, its figures frozen as JSON and its PDF and
    Excel files with their SHA-256. Never edited: later changes to the records leave it as it
    was, and its files are rendered from the frozen figures, not from the live records.

    The files are built by the task worker; each try (the first, then every retry after a
    failure) has its own `attempt` number, so a builder given up on cannot write over a later
    one."""

    year = models.PositiveSmallIntegerField(_("report year"))
    version = models.PositiveSmallIntegerField(_("version"))
    as_of = models.DateField(_("as of"), validators=[validate_date_window])
    figures = models.JSONField(_("figures"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(
        _("approved at"), default=timezone.now, validators=[validate_date_window]
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SnapshotStatus.choices,
        default=SnapshotStatus.GENERATING,
    )
    pdf = models.FileField(_("PDF"), upload_to=report_file_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    xlsx = models.FileField(_("Excel"), upload_to=report_file_path, max_length=200, blank=True)
    xlsx_sha256 = models.CharField(_("Excel SHA-256"), max_length=64, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    objects = ReportSnapshotQuerySet.as_manager()

    ACTIVE_STATUSES = (SnapshotStatus.GENERATING,)
    FAILED_STATUS = SnapshotStatus.FAILED

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"],
                name="one_snapshot_per_year_version",
                violation_error_message=_("This version of the report exists already."),
            ),
            models.CheckConstraint(
                name="report_snapshot_ready_has_files",
                condition=~Q(status="ready")
                | (~Q(pdf_sha256="") & ~Q(xlsx_sha256="") & ~Q(pdf="") & ~Q(xlsx="")),
            ),
        ]

    def __str__(self):
        return gettext("%(year)s report, version %(version)s") % {
            "year": self.year,
            "version": self.version,
        }

    def get_absolute_url(self):
        return f"{reverse('reports:snapshot_list')}?year={self.year}#v{self.version}"

    def filename(self, fmt: str) -> str:
        return f"kpi-{self.year}-v{self.version}.{fmt}"

    @classmethod
    def stale_error(cls, duration: str) -> str:
        return gettext(
            "The files were not built: the task worker showed no progress for %(duration)s and "
            "has probably stopped. The figures are saved; try again."
        ) % {"duration": duration}

    @property
    def report(self):
        """The frozen figures as the KpiReport the exporters render."""
        # The selectors build on these models, not the reverse: imported at use.
        from reports.selectors.figures import KpiReport

        return KpiReport.from_json(self.figures)
