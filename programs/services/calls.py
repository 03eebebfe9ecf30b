"""Writes about applications to calls, their evaluation and selection."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company, GrowthStage, StageChange
from companies.selectors import company_stage_on
from core.concurrency import lock_again, refuse
from core.display import format_moment
from notices.models import NoticeKind
from notices.services import firm_users_of, notify
from programs.models import (
    Application,
    Call,
    Decision,
    Evaluation,
)
from programs.services.duplicates import require_duplicate_reason
from users.models import Role, User

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
                % {"opens": format_moment(call.opens_on), "closes": format_moment(call.closes_on)}
            },
            code="period",
        )
    stage = _stage_on(company, applied_on)
    if not stage:
        raise ValidationError(
            _("%(company)s has no growth stage on %(date)s; record its stage before it applies.")
            % {"company": company.name, "date": format_moment(applied_on)},
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
    require_duplicate_reason(
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
            % {"date": format_moment(timezone.localtime(application.decided_at).date())},
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
