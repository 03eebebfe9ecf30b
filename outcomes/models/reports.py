"""Firm outcome reports (성과 보고): figures per reporting period and their review history.
Only accepted reports count in the KPI reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.models import BaseModel
from core.validators import validate_date_window
from outcomes.models.periods import ReportingPeriod
from users.permissions import company_scoped


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
        # Imported here: the evidence models refer to OutcomeReport.
        from outcomes.models.evidence import EvidenceFile, EvidenceWaiver

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
