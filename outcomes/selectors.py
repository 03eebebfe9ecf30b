"""Reads of outcome reports shared by screens: what a firm still owes the agency."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from outcomes.models import OutcomeReport, OutcomeStatus, ReportingPeriod


@dataclass(frozen=True)
class OutcomeAction:
    """One outcome report the firm must act on: sent back for changes, a draft, or not begun."""

    period: ReportingPeriod
    status: str  # the report's, empty when there is none yet
    review_note: str
    url: str
    overdue: bool

    @property
    def changes_requested(self) -> bool:
        return self.status == OutcomeStatus.CHANGES_REQUESTED

    @property
    def is_draft(self) -> bool:
        return self.status == OutcomeStatus.DRAFT


def firm_outcome_actions(*, company, today: date | None = None) -> list[OutcomeAction]:
    """The firm's outcome reports that wait for it, most urgent first: those staff sent back
    for changes, then the open periods it has not submitted for, by due date. One query: the
    periods, each with the firm's report (a subquery, as the firm has at most one per period)."""
    today = today or timezone.localdate()
    own = OutcomeReport.objects.filter(company=company, period=OuterRef("pk"))
    is_open = Q(pk__in=ReportingPeriod.objects.open(today).values("pk"))
    periods = (
        ReportingPeriod.objects.filter(
            is_open | Exists(own.filter(status=OutcomeStatus.CHANGES_REQUESTED))
        )
        .annotate(
            report_id=Subquery(own.values("pk")[:1]),
            report_status=Subquery(own.values("status")[:1]),
            report_note=Subquery(own.values("review_note")[:1]),
        )
        .order_by("due_on", "pk")
    )
    sent_back, owed = [], []
    for period in periods:
        status = period.report_status or ""
        if status not in ("", OutcomeStatus.DRAFT, OutcomeStatus.CHANGES_REQUESTED):
            continue  # submitted or accepted: nothing to do
        url = (
            reverse("portal:outcome_detail", args=[period.report_id])
            if period.report_id
            else reverse("portal:outcome_edit", args=[period.pk])
        )
        action = OutcomeAction(
            period=period,
            status=status,
            review_note=period.report_note or "",
            url=url,
            overdue=period.due_on < today,
        )
        (sent_back if action.changes_requested else owed).append(action)
    return sent_back + owed
