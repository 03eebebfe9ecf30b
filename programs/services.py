"""Writes about programmes, calls, applications, selection, awards and disbursements."""

from datetime import date

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.history import history_log
from companies.models import Company, GrowthStage, StageChange
from companies.selectors import company_stage_on
from core.concurrency import ChangedMeanwhile, lock_again, refuse
from notices.models import NoticeKind
from notices.services import firm_users_of, notify
from programs.models import (
    Application,
    AwardInstalment,
    AwardStatus,
    Call,
    Decision,
    Disbursement,
    Evaluation,
    Program,
    ProgramBudget,
    SupportAward,
)
from programs.selectors import duplicate_awards
from users.models import Role, User


def _won(amount: int) -> str:
    return number_format(amount, force_grouping=True)


def _day(value: date) -> str:
    return date_format(value, "Y-m-d")


def _require_duplicate_reason(*, company, support_type, year, reason, exclude_pk=None) -> None:
    """Refuse support that duplicates an award of the same type in the same year, unless
    a reason is given (중복지원 확인)."""
    duplicates = duplicate_awards(
        company=company, support_type=support_type, year=year, exclude_pk=exclude_pk
    )
    if duplicates and not reason.strip():
        count = len(duplicates)
        raise ValidationError(
            {
                "duplicate_reason": ngettext(
                    "This company already has %(count)d award of this support type in "
                    "%(year)s; give a reason to go ahead.",
                    "This company already has %(count)d awards of this support type in "
                    "%(year)s; give a reason to go ahead.",
                    count,
                )
                % {"count": count, "year": year}
            },
            code="duplicate",
        )


# --- programmes and budgets -----------------------------------------------------------------


@transaction.atomic
def program_set_budget(*, program: Program, year: int, amount_krw: int) -> ProgramBudget:
    """Set the programme's budget line for `year` (creates it or replaces the figure)."""
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The year must be between 2000 and 2100.")}, code="year")
    budget, _created = ProgramBudget.objects.update_or_create(
        program=program, year=year, defaults={"amount_krw": amount_krw}
    )
    return budget


@transaction.atomic
def program_create(
    *,
    name: str,
    support_type: str,
    description: str = "",
    follow_up_years: int = 5,
    budget_year: int | None = None,
    budget_krw: int | None = None,
) -> Program:
    """Create a programme and, when given, its first year's budget."""
    if (budget_year is None) != (budget_krw is None):
        raise ValidationError(
            {"budget_krw": _("Give both the budget year and the amount, or neither.")},
            code="budget",
        )
    program = Program(
        name=name,
        support_type=support_type,
        description=description,
        follow_up_years=follow_up_years,
    )
    program.full_clean()
    program.save()
    if budget_year is not None:
        program_set_budget(program=program, year=budget_year, amount_krw=budget_krw)
    return program


# --- applications, evaluations, selection ------------------------------------------------


def _stage_on(company: Company, on: date) -> str:
    """The company's growth stage on `on`; its recorded stage when it has no history at all."""
    stage = company_stage_on(company=company, on=on)
    if stage is None and not StageChange.objects.filter(company=company).exists():
        stage = company.stage
    return stage or ""


@transaction.atomic
def application_create(
    *,
    call: Call,
    company: Company,
    by: User,
    applied_on: date | None = None,
    duplicate_reason: str = "",
) -> Application:
    """Register `company`'s application to `call`; its stage on that day must be eligible."""
    applied_on = applied_on or timezone.localdate()
    if applied_on > timezone.localdate():
        raise ValidationError(
            {"applied_on": _("The application date cannot be in the future.")}, code="future"
        )
    if not call.is_open_on(applied_on):
        raise ValidationError(
            {
                "applied_on": _(
                    "The application date must fall within the call period "
                    "(%(opens)s to %(closes)s)."
                )
                % {"opens": _day(call.opens_on), "closes": _day(call.closes_on)}
            },
            code="period",
        )
    stage = _stage_on(company, applied_on)
    if not stage:
        raise ValidationError(
            _("%(company)s has no growth stage on %(date)s; record its stage before it applies.")
            % {"company": company.name, "date": _day(applied_on)},
            code="no_stage",
        )
    if not call.accepts(stage):
        raise ValidationError(
            _(
                "%(company)s is in the %(stage)s stage, which this call does not accept "
                "(eligible: %(eligible)s)."
            )
            % {
                "company": company.name,
                "stage": GrowthStage(stage).label,
                "eligible": ", ".join(str(label) for label in call.eligible_stage_labels),
            },
            code="stage",
        )
    if Application.objects.filter(call=call, company=company).exists():
        raise ValidationError(_("This company has already applied to this call."), code="twice")
    _require_duplicate_reason(
        company=company,
        support_type=call.program.support_type,
        year=applied_on.year,
        reason=duplicate_reason,
    )
    application = Application(
        call=call,
        company=company,
        applied_on=applied_on,
        stage=stage,
        duplicate_reason=duplicate_reason.strip(),
        registered_by=by,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # a concurrent registration of the same application
        raise ValidationError(
            _("This company has already applied to this call."), code="twice"
        ) from error
    return application


@transaction.atomic
def evaluation_record(
    *, application: Application, evaluator: User, score: int, comment: str = ""
) -> Evaluation:
    """Record one staff member's score (0-100); one per evaluator, none after the decision."""
    if evaluator.role != Role.STAFF:
        raise ValidationError(_("Only programme staff can score applications."), code="role")
    if not isinstance(score, int) or not 0 <= score <= 100:
        raise ValidationError({"score": _("Scores run from 0 to 100.")}, code="range")
    # The lock makes a decision and a late score, or two scores, wait for each other.
    changed = lock_again(application, "decision")
    if application.is_decided:
        refuse(
            _("The selection has been decided; scores can no longer be added."),
            code="decided",
            changed=changed,
        )
    if Evaluation.objects.filter(application=application, evaluator=evaluator).exists():
        raise ValidationError(_("You have already scored this application."), code="twice")
    return Evaluation.objects.create(
        application=application, evaluator=evaluator, score=score, comment=comment.strip()
    )


@transaction.atomic
def application_decide(
    *, application: Application, decision: str, by: User, decision_reason: str = ""
) -> Application:
    """Select or reject an application, once; a rejection needs a reason."""
    if decision not in (Decision.SELECTED, Decision.NOT_SELECTED):
        raise ValidationError({"decision": _("Choose selected or not selected.")}, code="decision")
    decision_reason = decision_reason.strip()
    if decision == Decision.NOT_SELECTED and not decision_reason:
        raise ValidationError(
            {"decision_reason": _("Give a reason when an application is not selected.")},
            code="reason",
        )
    changed = lock_again(application, "decision")
    if application.is_decided:
        refuse(
            _("This application was already decided on %(date)s.")
            % {"date": _day(timezone.localtime(application.decided_at).date())},
            code="decided",
            changed=changed,
        )
    application.decision = decision
    application.decision_reason = decision_reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save(
        update_fields=["decision", "decision_reason", "decided_by", "decided_at", "updated_at"]
    )
    notify(
        recipients=firm_users_of(application.company),
        kind=NoticeKind.APPLICATION_DECIDED,
        params={
            "variant": decision,
            "call": application.call.title,
            "reason": decision_reason,
        },
        link=reverse("portal:home"),
    )
    return application


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
    _require_duplicate_reason(
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
                % {"left": _won(award.amount_krw - planned)}
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
                % {"left": _won(left)}
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
def award_change_status(*, award: SupportAward, status: str) -> SupportAward:
    """Move an award to another status; an award with money paid out cannot be cancelled, and a
    cancelled one is closed for good. The new status is chosen against the one the caller read:
    when that moved meanwhile, nothing changes."""
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
                % {"amount": _won(award.disbursed_krw)}
            },
            code="paid",
        )
    award.status = status
    award.save(update_fields=["status", "updated_at"])
    return award
