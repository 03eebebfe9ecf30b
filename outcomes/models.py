"""Firm outcome reports (성과 보고): figures per reporting period, patents and evidence files,
with a review history. Only accepted reports count in the KPI reports."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.models import BaseModel
from core.uploads import random_name
from core.validators import dates_in_window, validate_date_window
from users.permissions import company_scoped, firm_company_id, reads_everything

__all__ = [
    "FIGURE_FIELDS",
    "REMINDER_OFFSETS",
    "REVIEWABLE_FIELDS",
    "EvidenceFile",
    "EvidenceWaiver",
    "OutcomeReport",
    "OutcomeReportEvent",
    "OutcomeStatus",
    "Patent",
    "PatentStatus",
    "ReminderKind",
    "ReminderLog",
    "ReportingPeriod",
    "evidence_path",
]

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


class OutcomeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")


# What staff can reopen when they request changes; "patents" and "evidence" are the lists.
FIGURE_FIELDS = ("employees_at_end", "new_hires", "revenue_krw", "investment_krw", "exports_krw")
REVIEWABLE_FIELDS = (*FIGURE_FIELDS, "patents", "evidence")


def figure_choices() -> list[tuple[str, str]]:
    """(name, label) of the figures of a report, for what an evidence file supports."""
    return [(f, OutcomeReport._meta.get_field(f).verbose_name) for f in FIGURE_FIELDS]


def figure_label(name: str) -> str:
    """A figure's translated label ("" for none)."""
    return str(dict(figure_choices()).get(name, name)) if name else ""


def reviewable_field_choices() -> list[tuple[str, str]]:
    """(name, label) of what a change request can reopen."""
    labels = {f: OutcomeReport._meta.get_field(f).verbose_name for f in FIGURE_FIELDS}
    labels["patents"] = _("patents")
    labels["evidence"] = _("evidence files")
    return [(name, labels[name]) for name in REVIEWABLE_FIELDS]


class OutcomeReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and executives see every report; a firm its own company's; others none."""
        return company_scoped(self, user)

    def accepted(self):
        """Reports whose figures count in the KPI reports."""
        return self.filter(status=OutcomeStatus.ACCEPTED)

    def for_year(self, year: int):
        """Reports of the periods of `year` (yearly and quarterly)."""
        return self.filter(period__year=year)

    def with_list_relations(self):
        """What report lists show, in one query plus one for patent counts."""
        # Count makes a GROUP BY query, which ignores Meta.ordering: order explicitly.
        return (
            self.select_related("company", "period")
            .annotate(patent_count=models.Count("patents"))
            .order_by(*OutcomeReport._meta.ordering)
        )

    def with_detail_relations(self):
        """A report with what its page shows, in a fixed number of queries."""
        return self.select_related("company", "period", "accepted_by").prefetch_related(
            "patents",
            models.Prefetch(
                "evidence_files", queryset=EvidenceFile.objects.select_related("uploaded_by")
            ),
            models.Prefetch(
                "events", queryset=OutcomeReportEvent.objects.select_related("recorded_by")
            ),
            models.Prefetch(
                "evidence_waivers", queryset=EvidenceWaiver.objects.select_related("recorded_by")
            ),
        )


class OutcomeReport(BaseModel):
    """A company's outcome figures for one period, reviewed by staff."""

    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="outcome_reports",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OutcomeStatus.choices, default=OutcomeStatus.DRAFT
    )
    employees_at_end = models.PositiveIntegerField(_("employees at period end"), default=0)
    new_hires = models.PositiveIntegerField(_("new hires"), default=0)
    revenue_krw = models.PositiveBigIntegerField(_("revenue (won)"), default=0)
    investment_krw = models.PositiveBigIntegerField(_("investment attracted (won)"), default=0)
    exports_krw = models.PositiveBigIntegerField(_("exports (won)"), default=0)
    reopened_fields = models.JSONField(_("reopened fields"), default=list, blank=True)
    review_note = models.TextField(_("review note"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, validators=[validate_date_window]
    )
    accepted_at = models.DateTimeField(
        _("accepted at"), null=True, blank=True, validators=[validate_date_window]
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OutcomeReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome report")
        verbose_name_plural = _("outcome reports")
        ordering = ["-period__year", "-period__quarter", "company__name", "pk"]
        indexes = [models.Index(fields=["status", "period"])]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "period"],
                name="one_outcome_report_per_company_period",
                violation_error_message=_("This company has a report for this period already."),
            ),
            models.CheckConstraint(
                name="outcome_accepted_has_acceptor",
                condition=~Q(status="accepted")
                | Q(accepted_at__isnull=False, accepted_by__isnull=False),
                violation_error_message=_("An accepted report records who accepted it and when."),
            ),
        ]

    def __str__(self):
        return f"{self.company} {self.period}"

    @property
    def reopened_field_labels(self) -> list[str]:
        """The parts staff reopened, as their translated labels."""
        labels = dict(reviewable_field_choices())
        return [str(labels.get(name, name)) for name in self.reopened_fields]

    def editable_fields(self) -> tuple[str, ...]:
        """What the firm may change now: all in a draft, the reopened ones after a request."""
        if self.status == OutcomeStatus.DRAFT:
            return REVIEWABLE_FIELDS
        if self.status == OutcomeStatus.CHANGES_REQUESTED:
            return tuple(f for f in REVIEWABLE_FIELDS if f in self.reopened_fields)
        return ()

    @property
    def is_editable(self) -> bool:
        return bool(self.editable_fields())


class OutcomeReportEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """History of the reports `user` may see."""
        return company_scoped(self, user, "report__company")


class OutcomeReportEvent(models.Model):
    """One state change of a report: who, when, why; never overwritten."""

    report = models.ForeignKey(
        OutcomeReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=OutcomeStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=OutcomeStatus.choices)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded at"), default=timezone.now, validators=[validate_date_window]
    )

    objects = OutcomeReportEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome report event")
        verbose_name_plural = _("outcome report events")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.report} {self.from_status}→{self.to_status}"

    @property
    def field_labels(self) -> list[str]:
        """The reopened parts as their translated labels."""
        labels = dict(reviewable_field_choices())
        return [str(labels.get(name, name)) for name in self.fields]


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
