"""Writes about companies that touch several rows: stage history, contacts, interactions."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import SubjectType
from audit.services.consent import consent_record
from companies.models import Company, CompanyContact, GrowthStage, Interaction, Person, StageChange
from notices.models import NoticeKind
from notices.services import CATCH_UP_DAYS, notify, staff_for
from users.models import Role, User


def _current_stage(company: Company) -> str:
    """The stage of the latest change effective today or earlier ("" when none)."""
    return (
        StageChange.objects.filter(company=company, effective_on__lte=timezone.localdate())
        .order_by("-effective_on", "-pk")
        .values_list("stage", flat=True)
        .first()
        or ""
    )


@transaction.atomic
def company_change_stage(
    *, company: Company, stage: str, effective_on: date, by: User, note: str = ""
) -> StageChange:
    """Record a growth-stage change after the latest one, never in the future, never before the
    founding (but pre-startup), never the current stage again; reports read the history."""
    if stage not in GrowthStage.values:
        raise ValidationError(_("Choose a valid growth stage."), code="stage")
    # The company row is locked first, so two simultaneous changes are serialised: the second
    # sees the first's row and gets a message, not the unique constraint's 500.
    locked = Company.objects.select_for_update().filter(pk=company.pk).first() or company
    if message := locked.stage_date_error(stage=stage, effective_on=effective_on):
        code = "future" if effective_on > timezone.localdate() else "before_founding"
        raise ValidationError({"effective_on": ValidationError(message, code=code)})
    latest = (
        StageChange.objects.filter(company=company)
        .order_by("-effective_on", "-pk")
        .values("effective_on", "stage")
        .first()
    )
    if latest and effective_on == latest["effective_on"]:
        raise ValidationError(
            {
                "effective_on": ValidationError(
                    _("This company already has a stage change on that date."), code="duplicate"
                )
            }
        )
    if latest and effective_on < latest["effective_on"]:
        message = _(
            "A stage change cannot take effect before the latest recorded change (%(date)s)."
        ) % {"date": latest["effective_on"].isoformat()}
        raise ValidationError({"effective_on": ValidationError(message, code="before_latest")})
    if stage != GrowthStage.PRE_STARTUP and not locked.business_number:
        message = _(
            "Enter the company's business registration number first: a firm past the "
            "pre-startup stage has registered its business."
        )
        raise ValidationError({"stage": ValidationError(message, code="business_number")})
    current = latest["stage"] if latest else locked.stage
    if stage == current:
        message = _("The company is already at this stage (%(stage)s).") % {
            "stage": GrowthStage(stage).label
        }
        raise ValidationError({"stage": ValidationError(message, code="same_stage")})
    change = StageChange.objects.create(
        company=company, stage=stage, effective_on=effective_on, recorded_by=by, note=note
    )
    company.stage = _current_stage(company)
    company.save(update_fields=["stage", "updated_at"])
    return change


@transaction.atomic
def company_create(
    *, by: User, stage: str = "", stage_effective_on: date | None = None, **fields
) -> Company:
    """Create a company and, when given, its first growth stage."""
    company = Company(**fields)
    company.full_clean()
    company.save()
    if stage:
        try:
            company_change_stage(
                company=company,
                stage=stage,
                effective_on=stage_effective_on or timezone.localdate(),
                by=by,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            # The create form names the date field stage_effective_on.
            raise ValidationError(
                {
                    "stage_effective_on" if name == "effective_on" else name: errors
                    for name, errors in error.error_dict.items()
                }
            ) from error
    return company


@transaction.atomic
def contact_add(
    *,
    company: Company,
    name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
    is_primary: bool = False,
    person: Person | None = None,
    consent_basis: str = "",
    third_party_consent: bool = False,
    by: User | None = None,
) -> CompanyContact:
    """Link a person to `company`, reusing the person with the same e-mail if there is one,
    and record the basis of their data (audit.services.consent.consent_record)."""
    if person is None and email:
        person = Person.objects.filter(email__iexact=email).order_by("pk").first()
    if person is None:
        person = Person.objects.create(name=name, email=email, phone=phone)
    if CompanyContact.objects.filter(company=company, person=person).exists():
        raise ValidationError(
            _("This person is already a contact of this company."), code="duplicate"
        )
    if is_primary:
        CompanyContact.objects.filter(company=company, is_primary=True).update(is_primary=False)
    consent_record(
        subject_type=SubjectType.PERSON,
        subject_id=person.pk,
        basis=consent_basis,
        third_party=third_party_consent,
        by=by,
    )
    return CompanyContact.objects.create(
        company=company, person=person, title=title, is_primary=is_primary
    )


@transaction.atomic
def interaction_log(
    *,
    company: Company,
    by: User,
    kind: str,
    occurred_at: datetime,
    summary: str,
    participants: Iterable[Person] = (),
    other_participants: str = "",
    follow_up_on: date | None = None,
) -> Interaction:
    """Log an interaction with `company`; participants must be the company's own contacts."""
    participants = list(participants)
    allowed = set(
        CompanyContact.objects.filter(company=company).values_list("person_id", flat=True)
    )
    if any(p.pk not in allowed for p in participants):
        raise ValidationError(
            {"participants": _("Participants must be contacts of this company.")},
            code="participants",
        )
    if follow_up_on and follow_up_on < timezone.localtime(occurred_at).date():
        raise ValidationError(
            {"follow_up_on": _("The follow-up date cannot be before the interaction.")},
            code="follow_up",
        )
    interaction = Interaction(
        company=company,
        staff=by,
        kind=kind,
        occurred_at=occurred_at,
        summary=summary,
        other_participants=other_participants,
        follow_up_on=follow_up_on,
    )
    interaction.full_clean()
    interaction.save()
    interaction.participants.set(participants)
    return interaction


def company_set_active(*, company: Company, is_active: bool, on: date | None = None) -> Company:
    """Deactivate (as of `on`, default today) or reactivate a company; never deleted."""
    company.is_active = is_active
    company.deactivated_on = None if is_active else (on or timezone.localdate())
    company.save(update_fields=["is_active", "deactivated_on", "updated_at"])
    return company


@transaction.atomic
def contact_update(
    *,
    link: CompanyContact,
    name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
    is_primary: bool = False,
    consent_basis: str = "",
    third_party_consent: bool = False,
    by: User | None = None,
) -> CompanyContact:
    """Change a contact's details and their role at the linked company; a new basis or a
    third-party consent is recorded (an empty basis keeps the one recorded before)."""
    person = link.person
    person.name, person.email, person.phone = name, email, phone
    person.save(update_fields=["name", "email", "phone", "updated_at"])
    if is_primary and not link.is_primary:
        CompanyContact.objects.filter(company=link.company_id, is_primary=True).update(
            is_primary=False
        )
    link.title, link.is_primary = title, is_primary
    link.save(update_fields=["title", "is_primary", "updated_at"])
    consent_record(
        subject_type=SubjectType.PERSON,
        subject_id=person.pk,
        basis=consent_basis,
        third_party=third_party_consent,
        by=by,
    )
    return link


def interaction_follow_ups_notify(*, today: date | None = None) -> int:
    """Tell the staff member who logged an interaction that its follow-up falls due today (or
    fell due in the last CATCH_UP_DAYS days, when a daily run was missed), once per follow-up
    date; returns how many notices were made."""
    today = today or timezone.localdate()
    due = (
        Interaction.objects.filter(
            follow_up_on__range=(today - timedelta(days=CATCH_UP_DAYS), today),
            company__is_active=True,
        )
        .select_related("company__assigned_staff", "staff")
        .order_by("follow_up_on", "pk")
    )
    made = 0
    for interaction in due:
        staff = interaction.staff
        recipients = (
            [staff]
            if staff.is_active and staff.role == Role.STAFF
            else staff_for(interaction.company)
        )
        with transaction.atomic():
            made += len(
                notify(
                    recipients=recipients,
                    kind=NoticeKind.FOLLOW_UP_DUE,
                    params={
                        "variant": "interaction",
                        "company": interaction.company.name,
                        "due_on": interaction.follow_up_on.isoformat(),
                    },
                    link=reverse("companies:detail", args=[interaction.company_id]),
                    key=f"interaction:{interaction.pk}:{interaction.follow_up_on.isoformat()}",
                )
            )
    return made
