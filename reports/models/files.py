"""Report files built in the background and submitted snapshots: a snapshot is the one place
a report's numbers are stored, frozen, as they were submitted."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import BackgroundJob
from core.validators import validate_date_window
from users.permissions import reads_everything


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
