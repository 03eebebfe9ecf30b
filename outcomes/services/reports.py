"""Writes of firm outcome reports: the figures and the submission to staff."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company
from core.concurrency import ChangedMeanwhile, lock_again, refuse
from notices.kinds import period_params
from notices.models import NoticeKind
from notices.services import notify, staff_for
from outcomes.models import (
    FIGURE_FIELDS,
    OutcomeReport,
    OutcomeReportEvent,
    OutcomeStatus,
    ReportingPeriod,
)
from users.models import User


def _record(report: OutcomeReport, *, old: str, by: User, fields=(), reason: str = "") -> None:
    OutcomeReportEvent.objects.create(
        report=report,
        from_status=old,
        to_status=report.status,
        fields=list(fields),
        reason=reason,
        recorded_by=by,
    )


def _require_editable(report: OutcomeReport, part: str) -> None:
    """Lock the report (a submission waits for a patent or file being added, and the other way
    round) and refuse when `part` of it is not open for changes."""
    changed = lock_again(report, "status", "reopened_fields")
    if part not in report.editable_fields():
        if report.status == OutcomeStatus.CHANGES_REQUESTED:
            refuse(
                _("Staff did not reopen this part of the report."), code="locked", changed=changed
            )
        refuse(
            _("This report is %(status)s and cannot be changed.")
            % {"status": report.get_status_display().lower()},
            code="locked",
            changed=changed,
        )


@transaction.atomic
def outcome_report_save(
    *, company: Company, period: ReportingPeriod, by: User, figures: dict
) -> OutcomeReport:
    """Create or update a company's figures for a period; only editable fields may change."""
    if period.opens_on > timezone.localdate():
        raise ValidationError(_("This reporting period is not open yet."), code="not_open")
    report = (
        OutcomeReport.objects.select_for_update().filter(company=company, period=period).first()
    )
    if report is None:
        report = OutcomeReport(company=company, period=period)
        for name in FIGURE_FIELDS:
            setattr(report, name, figures.get(name) or 0)
        # Company and period are set here; their uniqueness is the database's to check, as a
        # simultaneous first save (no row to lock yet) inserts the same pair.
        report.full_clean(exclude=["company", "period"])
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as error:
            raise ChangedMeanwhile from error
        _record(report, old="", by=by)
        return report
    editable = report.editable_fields()
    errors = {}
    changed = []
    for name in FIGURE_FIELDS:
        if name not in figures or figures[name] is None or figures[name] == getattr(report, name):
            continue
        if name not in editable:
            errors[name] = _("This figure is not open for changes.")
        else:
            setattr(report, name, figures[name])
            changed.append(name)
    if errors:
        raise ValidationError(errors)
    if changed:
        report.full_clean()
        report.save(update_fields=[*changed, "updated_at"])
    return report


@transaction.atomic
def outcome_report_submit(*, report: OutcomeReport, by: User) -> OutcomeReport:
    """A draft or a report with requested changes goes to staff for review."""
    changed = lock_again(report, "status")
    if report.status not in (OutcomeStatus.DRAFT, OutcomeStatus.CHANGES_REQUESTED):
        refuse(
            _("Only a draft or a report with requested changes can be submitted."),
            code="status",
            changed=changed,
        )
    old = report.status
    report.status = OutcomeStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.reopened_fields = []
    report.save(update_fields=["status", "submitted_at", "reopened_fields", "updated_at"])
    _record(report, old=old, by=by)
    notify(
        recipients=staff_for(report.company),
        kind=NoticeKind.OUTCOME_SUBMITTED,
        params={"company": report.company.name, **period_params(report.period)},
        link=reverse("outcomes:review", args=[report.pk]),
    )
    return report
