"""The review of submitted outcome reports: changes requested, acceptance (with evidence
waivers) and reopening."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.concurrency import lock_again, refuse
from notices.kinds import period_params
from notices.models import NoticeKind
from notices.services import firm_users_of, notify
from outcomes.models import (
    REVIEWABLE_FIELDS,
    EvidenceWaiver,
    OutcomeReport,
    OutcomeStatus,
    figure_label,
)
from outcomes.services.evidence import evidence_missing
from outcomes.services.reports import _record
from users.models import User


def _notify_changes_requested(report: OutcomeReport) -> None:
    notify(
        recipients=firm_users_of(report.company),
        kind=NoticeKind.OUTCOME_CHANGES_REQUESTED,
        params={"reason": report.review_note, **period_params(report.period)},
        link=reverse("portal:outcome_detail", args=[report.pk]),
    )


def _clean_fields(fields, reason: str) -> list[str]:
    fields = [f for f in REVIEWABLE_FIELDS if f in set(fields)]
    errors = {}
    if not fields:
        errors["fields"] = _("Choose at least one part of the report to reopen.")
    if not reason.strip():
        errors["reason"] = _("Say why, so the firm knows what to change.")
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def outcome_report_request_changes(
    *, report: OutcomeReport, by: User, fields: list[str], reason: str
) -> OutcomeReport:
    """Send a submitted report back; only the named fields reopen for the firm."""
    fields = _clean_fields(fields, reason)
    changed = lock_again(report, "status")
    if report.status != OutcomeStatus.SUBMITTED:
        refuse(
            _("Changes can be requested only on a submitted report."),
            code="status",
            changed=changed,
        )
    old = report.status
    report.status = OutcomeStatus.CHANGES_REQUESTED
    report.reopened_fields = fields
    report.review_note = reason.strip()
    report.save(update_fields=["status", "reopened_fields", "review_note", "updated_at"])
    _record(report, old=old, by=by, fields=fields, reason=reason.strip())
    _notify_changes_requested(report)
    return report


def _waive(report: OutcomeReport, *, by: User, waivers: dict[str, str]) -> None:
    """Refuse the figures that need evidence and have neither a file nor a waiver reason, naming
    each; record a waiver row for the others."""
    missing = evidence_missing(report)
    errors = {}
    for figure, requirements in missing.items():
        if not (waivers.get(figure) or "").strip():
            errors[f"waive_{figure}"] = _(
                "%(figure)s needs an evidence file (%(evidence)s, required by %(indicators)s), "
                "or a reason for accepting it without one."
            ) % {
                "figure": capfirst(figure_label(figure)),
                "evidence": "; ".join(dict.fromkeys(r.evidence for r in requirements)),
                "indicators": ", ".join(r.indicator_name for r in requirements),
            }
    if errors:
        raise ValidationError(errors, code="evidence_missing")
    for figure in missing:
        EvidenceWaiver.objects.create(
            report=report, figure=figure, reason=waivers[figure].strip(), recorded_by=by
        )


@transaction.atomic
def outcome_report_accept(
    *, report: OutcomeReport, by: User, note: str = "", waivers: dict[str, str] | None = None
) -> OutcomeReport:
    """Accept a submitted report: its figures count in reports and it is locked. A figure an
    indicator counts only with evidence needs an evidence file for it, or a waiver reason in
    `waivers` (figure → reason), which is recorded."""
    changed = lock_again(report, "status")
    if report.status != OutcomeStatus.SUBMITTED:
        refuse(_("Only a submitted report can be accepted."), code="status", changed=changed)
    # The lock on the report also holds its evidence: files change only while it is editable.
    _waive(report, by=by, waivers=waivers or {})
    old = report.status
    report.status = OutcomeStatus.ACCEPTED
    report.accepted_at = timezone.now()
    report.accepted_by = by
    report.reopened_fields = []
    report.save(
        update_fields=["status", "accepted_at", "accepted_by", "reopened_fields", "updated_at"]
    )
    _record(report, old=old, by=by, reason=note.strip())
    notify(
        recipients=firm_users_of(report.company),
        kind=NoticeKind.OUTCOME_ACCEPTED,
        params=period_params(report.period),
        link=reverse("portal:outcome_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def outcome_report_reopen(
    *, report: OutcomeReport, by: User, fields: list[str], reason: str
) -> OutcomeReport:
    """Reopen an accepted report for the named fields; it stops counting until accepted again."""
    fields = _clean_fields(fields, reason)
    changed = lock_again(report, "status")
    if report.status != OutcomeStatus.ACCEPTED:
        refuse(_("Only an accepted report can be reopened."), code="status", changed=changed)
    old = report.status
    report.status = OutcomeStatus.CHANGES_REQUESTED
    report.reopened_fields = fields
    report.review_note = reason.strip()
    report.accepted_at = None
    report.accepted_by = None
    report.save(
        update_fields=[
            "status",
            "reopened_fields",
            "review_note",
            "accepted_at",
            "accepted_by",
            "updated_at",
        ]
    )
    _record(report, old=old, by=by, fields=fields, reason=reason.strip())
    _notify_changes_requested(report)
    return report
