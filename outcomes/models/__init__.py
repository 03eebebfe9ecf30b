"""Firm outcome reports (성과 보고): figures per reporting period, patents and evidence files,
with a review history; one module per area: periods, reports, patents, evidence, reminders.
Only accepted reports count in the KPI reports."""

from outcomes.models.evidence import (
    EvidenceFile,
    EvidenceFileQuerySet,
    EvidenceWaiver,
    EvidenceWaiverQuerySet,
    evidence_path,
)
from outcomes.models.patents import Patent, PatentQuerySet, PatentStatus
from outcomes.models.periods import (
    OVERDUE_GRACE_DAYS,
    ReportingPeriod,
    ReportingPeriodQuerySet,
)
from outcomes.models.reminders import REMINDER_OFFSETS, ReminderKind, ReminderLog
from outcomes.models.reports import (
    FIGURE_FIELDS,
    REVIEWABLE_FIELDS,
    OutcomeReport,
    OutcomeReportEvent,
    OutcomeReportEventQuerySet,
    OutcomeReportQuerySet,
    OutcomeStatus,
    figure_choices,
    figure_label,
    reviewable_field_choices,
)

__all__ = [
    "FIGURE_FIELDS",
    "OVERDUE_GRACE_DAYS",
    "REMINDER_OFFSETS",
    "REVIEWABLE_FIELDS",
    "EvidenceFile",
    "EvidenceFileQuerySet",
    "EvidenceWaiver",
    "EvidenceWaiverQuerySet",
    "OutcomeReport",
    "OutcomeReportEvent",
    "OutcomeReportEventQuerySet",
    "OutcomeReportQuerySet",
    "OutcomeStatus",
    "Patent",
    "PatentQuerySet",
    "PatentStatus",
    "ReminderKind",
    "ReminderLog",
    "ReportingPeriod",
    "ReportingPeriodQuerySet",
    # evidence_path and figure_choices are named by the migrations (upload_to, choices):
    # they stay importable from here.
    "evidence_path",
    "figure_choices",
    "figure_label",
    "reviewable_field_choices",
]
