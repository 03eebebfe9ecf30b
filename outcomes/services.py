"""Writes of firm outcome reports: figures, patents, evidence and the review state machine."""

import hashlib
import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from companies.models import Company
from core.concurrency import ChangedMeanwhile, lock_again, refuse
from core.uploads import DOCUMENT_KINDS, display_name, validate_upload
from notices.kinds import period_params
from notices.models import NoticeKind
from notices.services import CATCH_UP_DAYS, firm_users_of, notify, staff_for
from outcomes.models import (
    FIGURE_FIELDS,
    REMINDER_OFFSETS,
    REVIEWABLE_FIELDS,
    EvidenceFile,
    EvidenceWaiver,
    OutcomeReport,
    OutcomeReportEvent,
    OutcomeStatus,
    Patent,
    PatentStatus,
    ReminderLog,
    ReportingPeriod,
    figure_label,
)
from reports.selectors.evidence import EvidenceRequirement, evidence_requirements
from users.models import Role, User


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


def evidence_missing(report: OutcomeReport) -> dict[str, list[EvidenceRequirement]]:
    """The report's figures that an indicator counts only with evidence, and that have no
    evidence file for them: figure → the indicators' requirements. A figure of zero claims
    nothing and needs none. Two queries."""
    required = evidence_requirements(
        year=report.period.year, quarterly=report.period.quarter is not None
    )
    required = {figure: rows for figure, rows in required.items() if getattr(report, figure)}
    if not required:
        return {}
    backed = set(
        EvidenceFile.objects.filter(report=report, figure__in=required).values_list(
            "figure", flat=True
        )
    )
    return {f: required[f] for f in FIGURE_FIELDS if f in required and f not in backed}


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


def normalize_application_number(value: str) -> str:
    """Digits only: 10-2021-0123456 and 1020210123456 are the same application."""
    return re.sub(r"\D", "", value or "")


@transaction.atomic
def patent_add(
    *,
    report: OutcomeReport,
    by: User,
    application_number: str,
    applied_on,
    title: str,
    status: str = PatentStatus.FILED,
    registration_number: str = "",
    registered_on=None,
) -> Patent:
    """List a patent in a report; an application number recorded anywhere before is refused."""
    _require_editable(report, "patents")
    number = normalize_application_number(application_number)
    if not 8 <= len(number) <= 20:
        raise ValidationError(
            {"application_number": _("An application number has 8 to 20 digits.")}
        )
    existing = (
        Patent.objects.select_related("company", "report__period")
        .filter(application_number=number)
        .first()
    )
    if existing:
        raise ValidationError(
            {
                "application_number": _(
                    "Patent application %(number)s is already recorded for %(company)s "
                    "in the %(period)s report."
                )
                % {
                    "number": existing.application_number_display,
                    "company": existing.company.name,
                    "period": existing.report.period,
                }
            },
            code="duplicate",
        )
    patent = Patent(
        company=report.company,
        report=report,
        application_number=number,
        applied_on=applied_on,
        title=title,
        status=status,
        registration_number=normalize_application_number(registration_number),
        registered_on=registered_on,
    )
    patent.full_clean()
    try:
        # A concurrent entry of the same number passes the check above; the constraint stops it.
        with transaction.atomic():
            patent.save()
    except IntegrityError as error:
        raise ValidationError(
            {"application_number": _("This patent application number is recorded already.")}
        ) from error
    return patent


@transaction.atomic
def patent_remove(*, patent: Patent, by: User) -> None:
    """Take a patent off a report while the report's patents are open for changes."""
    _require_editable(patent.report, "patents")
    patent.delete()


@transaction.atomic
def evidence_add(*, report: OutcomeReport, by: User, upload, figure: str = "") -> EvidenceFile:
    """Store an evidence file privately under a random name, after checking its content;
    `figure` names the figure it supports (empty: the report as a whole)."""
    _require_editable(report, "evidence")
    if figure and figure not in FIGURE_FIELDS:
        raise ValidationError({"figure": _("Choose one of the report's figures.")})
    kind = validate_upload(upload, kinds=DOCUMENT_KINDS)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = EvidenceFile(
        report=report,
        original_name=display_name(upload.name, kind, default="evidence"),
        content_type=kind.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        figure=figure,
        uploaded_by=by,
    )
    evidence.file.save(evidence.original_name, upload, save=False)
    evidence.save()
    return evidence


def outcome_send_reminders(*, today=None) -> int:
    """Remind firms that have not submitted (a notice to each of their users, by e-mail as each
    chose): 14, 7 and 1 days before the due date and the day after it, each reminder once per
    company and period. Returns the number of companies reminded."""
    today = today or timezone.localdate()
    kinds = {today - timedelta(days=offset): kind for kind, offset in REMINDER_OFFSETS.items()}
    periods = ReportingPeriod.objects.filter(due_on__in=kinds, opens_on__lte=today)
    sent = 0
    for period in periods:
        kind = kinds[period.due_on]
        done = OutcomeReport.objects.filter(period=period).exclude(
            status__in=(OutcomeStatus.DRAFT, OutcomeStatus.CHANGES_REQUESTED)
        )
        reminded = ReminderLog.objects.filter(period=period, kind=kind)
        companies = (
            Company.objects.active()
            .filter(users__role=Role.FIRM, users__is_active=True)
            .exclude(pk__in=done.values("company_id"))
            .exclude(pk__in=reminded.values("company_id"))
            .distinct()
            .order_by("pk")
            .prefetch_related("users")
        )
        for company in companies:
            users = sorted(
                (u for u in company.users.all() if u.role == Role.FIRM and u.is_active),
                key=lambda u: u.email,
            )
            try:
                # The log row and the notices are made together; their e-mails go after commit.
                with transaction.atomic():
                    ReminderLog.objects.create(
                        company=company,
                        period=period,
                        kind=kind,
                        recipients=",".join(u.email for u in users),
                    )
                    notify(
                        recipients=users,
                        kind=NoticeKind.REPORT_DUE,
                        params={
                            **period_params(period),
                            "due_on": period.due_on.isoformat(),
                            "days_left": (period.due_on - today).days,
                        },
                        link=reverse("portal:outcome_edit", args=[period.pk]),
                        key=f"{period.pk}:{kind}",
                    )
            except IntegrityError:
                continue
            sent += 1
    return sent


@transaction.atomic
def reporting_period_create(*, period: ReportingPeriod) -> ReportingPeriod:
    """Save a new reporting period; when it is open already, firms are told at once (else the
    daily run tells them on its opening day, reporting_periods_announce)."""
    period.full_clean()
    period.save()
    today = timezone.localdate()
    if period.opens_on <= today <= period.due_on:
        _announce(period)
    return period


def reporting_periods_announce(*, today=None) -> int:
    """Tell every active firm user about the periods that opened lately and are not yet due,
    once per period; returns how many notices were made."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.filter(
        opens_on__range=(today - timedelta(days=CATCH_UP_DAYS), today), due_on__gte=today
    ).order_by("opens_on", "pk")
    made = 0
    for period in periods:
        with transaction.atomic():
            made += len(_announce(period))
    return made


def _announce(period: ReportingPeriod):
    users = User.objects.filter(role=Role.FIRM, is_active=True, company__is_active=True).order_by(
        "pk"
    )
    return notify(
        recipients=users,
        kind=NoticeKind.PERIOD_OPENED,
        params={**period_params(period), "due_on": period.due_on.isoformat()},
        link=reverse("portal:outcome_edit", args=[period.pk]),
        key=f"period:{period.pk}",
    )


@transaction.atomic
def evidence_remove(*, evidence: EvidenceFile, by: User) -> None:
    """Delete an evidence file while the report's evidence is open for changes."""
    _require_editable(evidence.report, "evidence")
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name))
