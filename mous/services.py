"""Writes about MOUs (업무협약) and relocations (기업 유치): signing, follow-through, moves."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company
from core.concurrency import ChangedMeanwhile, lock_again, refuse
from core.uploads import PDF, PDF_KINDS, display_name, validate_upload
from mous.models import (
    CLOSED_MOU_STAGES,
    Mou,
    MouStage,
    MouStageChange,
    Relocation,
    RelocationType,
    mou_document_path,
)
from notices.models import NoticeKind
from notices.services import CATCH_UP_DAYS, notify, staff_for
from users.models import User

# Fields a staff member may change on an MOU with the edit form, signed or not.
MOU_EDITABLE_FIELDS = (
    "parties",
    "planned_investment_krw",
    "planned_local_hires",
    "relocation_type",
    "next_follow_up_on",
    "note",
)
# The order of the follow-through; a relocation moves an MOU forward, never back.
STAGE_ORDER = {
    MouStage.DRAFT: 0,
    MouStage.SIGNED: 1,
    MouStage.CONSIDERING: 2,
    MouStage.OPENED: 3,
    MouStage.RELOCATED: 4,
}
CHANGEABLE_STAGES = (
    MouStage.CONSIDERING,
    MouStage.OPENED,
    MouStage.RELOCATED,
    MouStage.LAPSED,
)


def _check_document(document: File) -> None:
    try:
        validate_upload(document, kinds=PDF_KINDS)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}, code=error.code) from None


def _check_not_future(field: str, value: date | None, message: str) -> None:
    if value and value > timezone.localdate():
        raise ValidationError({field: message}, code="future")


def _check_follow_up(mou: Mou) -> None:
    if mou.next_follow_up_on and mou.signed_on and mou.next_follow_up_on < mou.signed_on:
        raise ValidationError(
            {"next_follow_up_on": _("The next follow-up cannot be before the signing date.")},
            code="follow_up",
        )


def _save_with_document(mou: Mou, document: File | None) -> None:
    """full_clean and save `mou`, storing `document` first; a failed save leaves no file."""
    old_name = mou.document.name if document is not None else ""
    if document is not None:
        # The uploader's name, kept only for the download's Content-Disposition.
        mou.document_name = display_name(document.name, PDF, default="mou")
        mou.document.save(mou_document_path(mou, document.name), document, save=False)
    try:
        mou.full_clean(exclude=["company", "created_by"])
        mou.save()
    except Exception:
        if document is not None:
            mou.document.storage.delete(mou.document.name)
        raise
    if old_name:
        storage = mou.document.storage
        transaction.on_commit(lambda: storage.delete(old_name))


@transaction.atomic
def mou_create(
    *,
    company: Company,
    by: User,
    parties: str,
    relocation_type: str,
    planned_investment_krw: int = 0,
    planned_local_hires: int = 0,
    signed_on: date | None = None,
    next_follow_up_on: date | None = None,
    note: str = "",
    document: File | None = None,
    is_signed_outside: bool = False,
    signed_outside_on: date | None = None,
) -> Mou:
    """Create an MOU: signed when its PDF or outside-signature date comes with it, else a draft."""
    if not company.is_active:
        raise ValidationError(
            {"company": _("This company is deactivated; reactivate it first.")}, code="inactive"
        )
    mou = Mou(
        company=company,
        created_by=by,
        parties=parties,
        relocation_type=relocation_type,
        planned_investment_krw=planned_investment_krw,
        planned_local_hires=planned_local_hires,
        next_follow_up_on=next_follow_up_on,
        note=note,
        stage=MouStage.DRAFT,
    )
    _check_not_future("signed_on", signed_on, _("The signing date cannot be in the future."))
    if document is None and not is_signed_outside:
        mou.signed_on = signed_on
        _check_follow_up(mou)
        _save_with_document(mou, None)
        return mou
    mou.save()
    mou_sign(
        mou=mou,
        by=by,
        signed_on=signed_on,
        document=document,
        is_signed_outside=is_signed_outside,
        signed_outside_on=signed_outside_on,
    )
    return mou


@transaction.atomic
def mou_sign(
    *,
    mou: Mou,
    by: User,
    signed_on: date | None,
    document: File | None = None,
    is_signed_outside: bool = False,
    signed_outside_on: date | None = None,
) -> MouStageChange:
    """Put a draft's signature on record (its PDF, or the date it was signed outside) and
    start its follow-through history at "signed"."""
    changed = lock_again(mou, "stage")
    if mou.stage != MouStage.DRAFT:
        refuse(_("This MOU is already signed."), code="signed", changed=changed)
    if document is not None and is_signed_outside:
        raise ValidationError(
            _("Upload the signed document or mark the MOU as signed outside the system, not both."),
            code="both",
        )
    if document is None and not is_signed_outside:
        raise ValidationError(
            {
                "document": _(
                    "Upload the signed document (PDF) or mark the MOU as signed outside the system."
                )
            },
            code="no_signature",
        )
    if signed_on is None:
        raise ValidationError(
            {"signed_on": _("Enter the date the MOU was signed.")}, code="signed_on"
        )
    if is_signed_outside and signed_outside_on is None:
        raise ValidationError(
            {"signed_outside_on": _("Enter the date the MOU was signed outside the system.")},
            code="outside_date",
        )
    _check_not_future("signed_on", signed_on, _("The signing date cannot be in the future."))
    _check_not_future(
        "signed_outside_on", signed_outside_on, _("The signing date cannot be in the future.")
    )
    if document is not None:
        _check_document(document)
    mou.signed_on = signed_on
    mou.is_signed_outside = is_signed_outside
    mou.signed_outside_on = signed_outside_on if is_signed_outside else None
    mou.stage = MouStage.SIGNED
    _check_follow_up(mou)
    _save_with_document(mou, document)
    return MouStageChange.objects.create(
        mou=mou, stage=MouStage.SIGNED, effective_on=signed_on, recorded_by=by
    )


@transaction.atomic
def mou_update(
    *,
    mou: Mou,
    by: User,
    document: File | None = None,
    signed_on: date | None = None,
    is_signed_outside: bool = False,
    signed_outside_on: date | None = None,
    **fields,
) -> Mou:
    """Change an MOU's commitments and follow-up; a draft given its signature gets signed, a
    signed MOU given a new PDF has it replaced (the signing date and history stay)."""
    unknown = set(fields) - set(MOU_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"mou_update() got unexpected fields: {sorted(unknown)}")
    seen_stage = mou.stage
    mou = Mou.objects.select_for_update().get(pk=mou.pk)
    if seen_stage == MouStage.DRAFT and mou.stage != MouStage.DRAFT:
        # The form was a draft's, with its signature fields; someone signed it meanwhile.
        raise ChangedMeanwhile
    for field, value in fields.items():
        setattr(mou, field, value)
    if mou.stage == MouStage.DRAFT:
        if document is not None or is_signed_outside:
            mou.save()
            mou_sign(
                mou=mou,
                by=by,
                signed_on=signed_on,
                document=document,
                is_signed_outside=is_signed_outside,
                signed_outside_on=signed_outside_on,
            )
            return mou
        _check_not_future("signed_on", signed_on, _("The signing date cannot be in the future."))
        mou.signed_on = signed_on
    elif document is not None:
        _check_document(document)
        # The PDF is now the record of the signature; the outside tick made way for it.
        mou.is_signed_outside, mou.signed_outside_on = False, None
    _check_follow_up(mou)
    _save_with_document(mou, document)
    return mou


def _latest_change(mou: Mou) -> MouStageChange | None:
    return MouStageChange.objects.filter(mou=mou).order_by("-effective_on", "-pk").first()


@transaction.atomic
def mou_change_stage(
    *, mou: Mou, stage: str, effective_on: date, by: User, note: str = ""
) -> MouStageChange:
    """Record the MOU's next follow-through stage as a dated row; earlier rows stay as they are.
    The stage is chosen against the one the caller read: when that moved meanwhile, nothing
    changes."""
    if lock_again(mou, "stage"):
        raise ChangedMeanwhile
    if mou.stage == MouStage.DRAFT:
        raise ValidationError(
            _(
                "Sign the MOU first: upload its signed document or mark it as signed outside "
                "the system."
            ),
            code="draft",
        )
    if stage not in CHANGEABLE_STAGES:
        raise ValidationError({"stage": _("Choose a valid follow-through stage.")}, code="stage")
    if stage == mou.stage:
        raise ValidationError({"stage": _("The MOU is already at this stage.")}, code="same_stage")
    if effective_on > timezone.localdate():
        raise ValidationError(
            {"effective_on": _("A stage change cannot take effect in the future.")},
            code="future",
        )
    latest = _latest_change(mou)
    # History is read in date order, so a change may not slip in before the current stage.
    if latest and effective_on < latest.effective_on:
        raise ValidationError(
            {
                "effective_on": _(
                    "The current stage took effect on %(date)s; a new stage cannot take "
                    "effect before it."
                )
                % {"date": latest.effective_on.isoformat()}
            },
            code="before_current",
        )
    if MouStageChange.objects.filter(mou=mou, stage=stage, effective_on=effective_on).exists():
        raise ValidationError(
            {"effective_on": _("This MOU already reached that stage on that date.")},
            code="duplicate",
        )
    change = MouStageChange.objects.create(
        mou=mou, stage=stage, effective_on=effective_on, recorded_by=by, note=note
    )
    mou.stage = stage
    mou.save(update_fields=["stage", "updated_at"])
    return change


def _check_relocation(relocation: Relocation) -> None:
    if relocation.mou_id and relocation.mou.stage == MouStage.DRAFT:
        raise ValidationError(
            {"mou": _("Only a signed MOU can be linked to a relocation.")}, code="mou_draft"
        )
    _check_not_future("moved_on", relocation.moved_on, _("The move date cannot be in the future."))
    relocation.full_clean()


def _advance_mou(relocation: Relocation, by: User) -> MouStageChange | None:
    """Move the linked MOU forward to what the relocation shows (opened, or HQ relocated)."""
    mou = relocation.mou
    if mou is None or mou.stage == MouStage.LAPSED:
        return None
    target = (
        MouStage.RELOCATED
        if relocation.relocation_type == RelocationType.HEADQUARTERS
        else MouStage.OPENED
    )
    if STAGE_ORDER[MouStage(mou.stage)] >= STAGE_ORDER[target]:
        return None
    latest = _latest_change(mou)
    effective_on = max(relocation.moved_on, latest.effective_on if latest else mou.signed_on)
    return mou_change_stage(
        mou=mou,
        stage=target,
        effective_on=effective_on,
        by=by,
        note=_("Recorded with the relocation of %(date)s.")
        % {"date": relocation.moved_on.isoformat()},
    )


@transaction.atomic
def relocation_record(
    *,
    company: Company,
    by: User,
    from_region: str,
    moved_on: date,
    relocation_type: str,
    gwangju_address: str,
    mou: Mou | None = None,
    note: str = "",
) -> Relocation:
    """Record a firm's move to Gwangju; a linked MOU (the same firm's) moves forward with it."""
    relocation = Relocation(
        company=company,
        mou=mou,
        from_region=from_region,
        moved_on=moved_on,
        relocation_type=relocation_type,
        gwangju_address=gwangju_address,
        note=note,
        recorded_by=by,
    )
    _check_relocation(relocation)
    relocation.save()
    _advance_mou(relocation, by)
    return relocation


@transaction.atomic
def relocation_update(
    *,
    relocation: Relocation,
    by: User,
    from_region: str,
    moved_on: date,
    relocation_type: str,
    gwangju_address: str,
    mou: Mou | None = None,
    note: str = "",
) -> Relocation:
    """Correct a relocation record; a newly linked MOU (the same firm's) moves forward with it."""
    newly_linked = mou is not None and mou.pk != relocation.mou_id
    relocation.mou = mou
    relocation.from_region = from_region
    relocation.moved_on = moved_on
    relocation.relocation_type = relocation_type
    relocation.gwangju_address = gwangju_address
    relocation.note = note
    _check_relocation(relocation)
    relocation.save()
    if newly_linked:
        _advance_mou(relocation, by)
    return relocation


def mou_follow_ups_notify(*, today: date | None = None) -> int:
    """Tell the company's staff that an open MOU's next follow-up falls due today (or fell due
    in the last CATCH_UP_DAYS days, when a daily run was missed), once per follow-up date;
    returns how many notices were made."""
    today = today or timezone.localdate()
    due = (
        Mou.objects.filter(
            next_follow_up_on__range=(today - timedelta(days=CATCH_UP_DAYS), today),
            company__is_active=True,
        )
        .exclude(stage__in=CLOSED_MOU_STAGES)
        .select_related("company__assigned_staff")
        .order_by("next_follow_up_on", "pk")
    )
    made = 0
    for mou in due:
        with transaction.atomic():
            made += len(
                notify(
                    recipients=staff_for(mou.company),
                    kind=NoticeKind.FOLLOW_UP_DUE,
                    params={
                        "variant": "mou",
                        "company": mou.company.name,
                        "due_on": mou.next_follow_up_on.isoformat(),
                    },
                    link=mou.get_absolute_url(),
                    key=f"mou:{mou.pk}:{mou.next_follow_up_on.isoformat()}",
                )
            )
    return made
