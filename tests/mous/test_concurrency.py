"""Simultaneous requests on MOUs (업무협약): one signature and one follow-through stage change per
change, the other user told it changed meanwhile, nothing of theirs kept."""

import os
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.concurrency import ChangedMeanwhile
from mous.models import Mou, MouStage, MouStageChange
from mous.services import mou_change_stage, mou_update
from tests.concurrency import CHANGED, client_for, first_then, messages_of, postgres_only, race
from tests.factories import StaffFactory
from tests.mous.factories import MouFactory
from tests.outcomes.factories import PDF_BYTES

pytestmark = pytest.mark.usefixtures("english_pages")


def changed_meanwhile(result) -> bool:
    return isinstance(result, ChangedMeanwhile) and result.messages == [CHANGED]


def copy(mou):
    return Mou.objects.get(pk=mou.pk)


def stored_files() -> int:
    return sum(len(files) for _dir, _dirs, files in os.walk(settings.MEDIA_ROOT))


# --- two requests at the same moment (PostgreSQL) --------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_signatures_of_one_draft_at_once_sign_it_once():
    """One signs with the PDF, the other as signed outside: one history row, and the loser's
    PDF is not kept."""
    mou = MouFactory(draft=True)
    anna, ben = StaffFactory(), StaffFactory()
    first, second = copy(mou), copy(mou)
    results = race(
        lambda: mou_update(
            mou=first,
            by=anna,
            signed_on=date(2021, 3, 2),
            document=SimpleUploadedFile("협약서.pdf", PDF_BYTES),
        ),
        lambda: mou_update(
            mou=second,
            by=ben,
            signed_on=date(2021, 3, 3),
            is_signed_outside=True,
            signed_outside_on=date(2021, 3, 3),
        ),
    )
    assert sum(isinstance(r, Mou) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    with_pdf = isinstance(results[0], Mou)
    signed = copy(mou)
    assert signed.stage == MouStage.SIGNED
    assert (bool(signed.document), signed.is_signed_outside) == (with_pdf, not with_pdf)
    assert stored_files() == (1 if with_pdf else 0)
    change = MouStageChange.objects.get(mou=mou)
    assert (change.stage, change.recorded_by) == (MouStage.SIGNED, anna if with_pdf else ben)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_stage_changes_at_once_record_one():
    mou = MouFactory()
    anna, ben = StaffFactory(), StaffFactory()
    first, second = copy(mou), copy(mou)
    results = race(
        lambda: mou_change_stage(
            mou=first, stage=MouStage.CONSIDERING, effective_on=date(2021, 6, 1), by=anna
        ),
        lambda: mou_change_stage(
            mou=second, stage=MouStage.LAPSED, effective_on=date(2021, 6, 1), by=ben
        ),
    )
    assert sum(isinstance(r, MouStageChange) for r in results) == 1
    assert sum(changed_meanwhile(r) for r in results) == 1
    change = next(r for r in results if isinstance(r, MouStageChange))
    assert copy(mou).stage == change.stage
    assert MouStageChange.objects.filter(mou=mou).exclude(stage=MouStage.SIGNED).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_second_stage_form_is_told_and_shown_afresh():
    mou = MouFactory()
    url = reverse("mous:stage_change", args=[mou.pk])
    results = first_then(
        lambda: mou_change_stage(
            mou=copy(mou),
            stage=MouStage.CONSIDERING,
            effective_on=date(2021, 6, 1),
            by=mou.created_by,
        ),
        lambda: client_for(StaffFactory()).post(
            url, {"stage": MouStage.OPENED, "effective_on": "2021-06-02"}
        ),
    )
    response = results[1]
    assert (response.status_code, response.url) == (302, url)
    assert messages_of(response) == [("error", CHANGED)]
    assert copy(mou).stage == MouStage.CONSIDERING
    assert MouStageChange.objects.filter(mou=mou).count() == 2


# --- a page read before someone else's change (both databases) -----------------------------


def test_a_stage_change_read_before_another_changes_nothing(staff):
    mou = MouFactory()
    stale = copy(mou)
    mou_change_stage(mou=mou, stage=MouStage.CONSIDERING, effective_on=date(2021, 6, 1), by=staff)
    with pytest.raises(ChangedMeanwhile):
        mou_change_stage(mou=stale, stage=MouStage.LAPSED, effective_on=date(2021, 6, 2), by=staff)
    assert copy(mou).stage == MouStage.CONSIDERING


def test_an_edit_of_a_draft_signed_meanwhile_keeps_nothing_of_it(staff):
    mou = MouFactory(draft=True)
    stale = copy(mou)
    mou_update(
        mou=mou,
        by=staff,
        signed_on=date(2021, 3, 2),
        is_signed_outside=True,
        signed_outside_on=date(2021, 3, 2),
    )
    with pytest.raises(ChangedMeanwhile):
        mou_update(
            mou=stale,
            by=staff,
            note="다른 메모",
            signed_on=date(2021, 3, 5),
            document=SimpleUploadedFile("협약서.pdf", PDF_BYTES),
        )
    signed = copy(mou)
    assert (signed.note, signed.signed_on, bool(signed.document)) == ("", date(2021, 3, 2), False)
    assert stored_files() == 0
    assert MouStageChange.objects.filter(mou=mou).count() == 1
