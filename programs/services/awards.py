"""Writes about support awards, their instalments, disbursements and status."""

from datetime import date

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.history import history_log
from companies.models import Company
from core.concurrency import ChangedMeanwhile, lock_again, refuse
from core.display import format_number
from notices.models import NoticeKind
from notices.services import firm_users_of, notify
from programs.models import (
    Application,
    AwardInstalment,
    AwardStatus,
    Decision,
    Disbursement,
    Program,
    SupportAward,
)
from programs.services.duplicates import require_duplicate_reason
from users.models import User

# --- awards, schedule, disbursements ------------------------------------------------------


@transaction.atomic
def award_create(
    *,
    program: Program,
    company: Company,
    by: User,
    awarded_on: date,
    amount_krw: int,
    starts_on: date,
    ends_on: date,
    application: Application | None = None,
    status: str = AwardStatus.PLANNED,
    duplicate_reason: str = "",
) -> SupportAward:
    """Award support to a company, from its selected application when there is one."""
    if amount_krw <= 0:
        raise ValidationError(
            {"amount_krw": _("The award amount must be more than 0 won.")}, code="amount"
        )
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The support period cannot end before it starts.")}, code="period"
        )
    if status not in AwardStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")}, code="status")
    if status == AwardStatus.CANCELLED:
        # A cancellation is dated by award_change_status; a new award has no such day.
        raise ValidationError(
            {"status": _("A new award cannot be cancelled; record it, then change its status.")},
            code="cancelled",
        )
    if application is not None:
        application = (
            Application.objects.select_for_update()
            .select_related("call__program")
            .get(pk=application.pk)
        )
        if application.decision != Decision.SELECTED:
            raise ValidationError(
                _("Only a selected application can receive an award; this one is %(decision)s.")
                % {"decision": application.get_decision_display()},
                code="not_selected",
            )
        if application.company_id != company.pk or application.call.program_id != program.pk:
            raise ValidationError(
                _("The application belongs to another company or programme."), code="mismatch"
            )
        if SupportAward.objects.filter(application=application).exists():
            raise ValidationError(_("This application already has an award."), code="twice")
    require_duplicate_reason(
        company=company,
        support_type=program.support_type,
        year=awarded_on.year,
        reason=duplicate_reason,
    )
    award = SupportAward(
        program=program,
        company=company,
        application=application,
        awarded_on=awarded_on,
        amount_krw=amount_krw,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        duplicate_reason=duplicate_reason.strip(),
        recorded_by=by,
    )
    award.full_clean()
    award.save()
    return award


def _lock_open_award(award: SupportAward) -> None:
    """Lock the award (schedule changes and status changes of one award queue here) and refuse
    a cancelled one."""
    changed = lock_again(award, "status")
    if not award.is_open_for_payment:
        refuse(
            _("A cancelled award cannot be scheduled or paid."), code="cancelled", changed=changed
        )


@transaction.atomic
def award_plan_instalment(
    *, award: SupportAward, due_on: date, amount_krw: int, by: User
) -> AwardInstalment:
    """Add a planned instalment; the schedule's total never exceeds the award."""
    if amount_krw <= 0:
        raise ValidationError(
            {"amount_krw": _("The amount must be more than 0 won.")}, code="amount"
        )
    # The row lock serialises schedule changes of one award.
    _lock_open_award(award)
    planned = award.instalments.aggregate(total=Sum("amount_krw"))["total"] or 0
    if planned + amount_krw > award.amount_krw:
        raise ValidationError(
            {
                "amount_krw": _(
                    "The schedule would exceed the award: %(left)s won left to schedule."
                )
                % {"left": format_number(award.amount_krw - planned)}
            },
            code="exceeds",
        )
    return AwardInstalment.objects.create(
        award=award, due_on=due_on, amount_krw=amount_krw, recorded_by=by
    )


@transaction.atomic
def award_disburse(
    *, award: SupportAward, paid_on: date, amount_krw: int, by: User, note: str = ""
) -> Disbursement:
    """Record money paid out; the database refuses a total above the award, even under
    concurrent disbursements."""
    if amount_krw <= 0:
        raise ValidationError(
            {"amount_krw": _("The amount must be more than 0 won.")}, code="amount"
        )
    if paid_on > timezone.localdate():
        raise ValidationError(
            {"paid_on": _("A disbursement cannot be dated in the future.")}, code="future"
        )
    # No read-then-write: one atomic UPDATE, checked by award_disbursed_within_amount. A
    # concurrent disbursement waits for this row and then fails the check itself.
    try:
        with transaction.atomic():
            updated = (
                SupportAward.objects.filter(pk=award.pk)
                .exclude(status=AwardStatus.CANCELLED)
                .update(disbursed_krw=F("disbursed_krw") + amount_krw, updated_at=timezone.now())
            )
    except IntegrityError as error:
        current = SupportAward.objects.values("amount_krw", "disbursed_krw").get(pk=award.pk)
        left = current["amount_krw"] - current["disbursed_krw"]
        raise ValidationError(
            {
                "amount_krw": _("This disbursement would exceed the award: %(left)s won left")
                % {"left": format_number(left)}
            },
            code="exceeds",
        ) from error
    if not updated:
        refuse(
            _("A cancelled award cannot be scheduled or paid."),
            code="cancelled",
            changed=award.status != AwardStatus.CANCELLED,
        )
    disbursement = Disbursement.objects.create(
        award_id=award.pk, paid_on=paid_on, amount_krw=amount_krw, note=note.strip(), recorded_by=by
    )
    award.refresh_from_db(fields=["disbursed_krw", "updated_at"])
    # The ceiling is kept by an UPDATE, which bypasses the change history's save() signal.
    history_log(
        [award],
        action=LogEntry.Action.UPDATE,
        changes={
            "disbursed_krw": [
                str(award.disbursed_krw - amount_krw),
                str(award.disbursed_krw),
            ]
        },
        actor=by,
    )
    notify(
        recipients=firm_users_of(award.company),
        kind=NoticeKind.DISBURSEMENT_MADE,
        params={
            "amount_krw": amount_krw,
            "program": award.program.name,
            "paid_on": paid_on.isoformat(),
        },
        link=reverse("portal:award_detail", args=[award.pk]),
    )
    return disbursement


@transaction.atomic
def award_change_status(
    *, award: SupportAward, status: str, cancelled_on: date | None = None
) -> SupportAward:
    """Move an award to another status; an award with money paid out cannot be cancelled, and a
    cancelled one is closed for good. A cancellation is dated `cancelled_on` (today in Seoul when
    not given; not before the award, not in the future), so as-of reports of earlier days still
    count the award; other statuses ignore it. The new status is chosen against the one the
    caller read: when that moved meanwhile, nothing changes."""
    if status not in AwardStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")}, code="status")
    if lock_again(award, "status"):
        raise ChangedMeanwhile
    if award.status == AwardStatus.CANCELLED:
        raise ValidationError(
            {"status": _("A cancelled award is closed; its status cannot change any more.")},
            code="cancelled",
        )
    if status == AwardStatus.CANCELLED and award.disbursed_krw:
        raise ValidationError(
            {
                "status": _(
                    "%(amount)s won has already been disbursed; an award with disbursements "
                    "cannot be cancelled."
                )
                % {"amount": format_number(award.disbursed_krw)}
            },
            code="paid",
        )
    if status == AwardStatus.CANCELLED:
        award.cancelled_on = _cancellation_date(award, cancelled_on)
    award.status = status
    award.save(update_fields=["status", "cancelled_on", "updated_at"])
    return award


def _cancellation_date(award: SupportAward, cancelled_on: date | None) -> date:
    """`cancelled_on` (today in Seoul when None), refused before the award or in the future;
    an award dated after today is cancelled on its own date (it never counted)."""
    latest = award.last_cancellation_day()
    cancelled_on = cancelled_on or latest
    if cancelled_on < award.awarded_on:
        raise ValidationError(
            {
                "cancelled_on": _(
                    "An award cannot be cancelled before it was made (%(awarded_on)s)."
                )
                % {"awarded_on": award.awarded_on.isoformat()}
            },
            code="before_award",
        )
    if cancelled_on > latest:
        raise ValidationError(
            {"cancelled_on": _("A cancellation cannot be dated in the future.")}, code="future"
        )
    return cancelled_on
