"""Signing an MOU: a PDF document or a tick for a signature made outside, never both; the
signing date; drafts signed later; follow-ups after signing."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from core.uploads import MAX_UPLOAD_BYTES
from mous.models import Mou, MouStage, MouStageChange, RelocationType
from mous.services import mou_create, mou_sign, mou_update
from tests.factories import CompanyFactory
from tests.mous.factories import PDF_BYTES, MouFactory
from tests.mous.helpers import SEOUL, messages_of


def pdf(name="협약서.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def create(company, staff, **overrides):
    fields = {
        "company": company,
        "by": staff,
        "parties": "광주광역시, 인공지능산업융합사업단",
        "relocation_type": RelocationType.HEADQUARTERS,
        "planned_investment_krw": 2_000_000_000,
        "planned_local_hires": 15,
        "signed_on": date(2021, 5, 3),
    }
    return mou_create(**{**fields, **overrides})


def test_mou_without_signature_is_a_draft_without_history(company, staff):
    mou = create(company, staff)
    assert mou.stage == MouStage.DRAFT
    assert mou.signed_on == date(2021, 5, 3)
    assert not MouStageChange.objects.filter(mou=mou).exists()


def test_mou_signed_outside_starts_history_at_signed(company, staff):
    mou = create(company, staff, is_signed_outside=True, signed_outside_on=date(2021, 5, 3))
    assert mou.stage == MouStage.SIGNED
    change = MouStageChange.objects.get(mou=mou)
    assert (change.stage, change.effective_on, change.recorded_by) == (
        MouStage.SIGNED,
        date(2021, 5, 3),
        staff,
    )


def test_pdf_is_stored_under_a_random_name(company, staff):
    mou = create(company, staff, document=pdf("../../etc/서명본.pdf"))
    assert mou.stage == MouStage.SIGNED
    assert mou.document.name.startswith("mou/")
    assert "서명본" not in mou.document.name and ".." not in mou.document.name
    assert mou.document_name == "서명본.pdf"
    with mou.document.open("rb") as handle:
        assert handle.read() == PDF_BYTES


def test_non_pdf_is_refused_and_nothing_is_kept(company, staff, settings):
    fake = SimpleUploadedFile(
        "contract.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as info:
        create(company, staff, document=fake)
    assert info.value.message_dict["document"] == ["This file's content is not a valid PDF file."]
    assert not Mou.objects.exists()
    assert not (settings.MEDIA_ROOT / "mou").exists() or not any(
        (settings.MEDIA_ROOT / "mou").iterdir()
    )


def test_pdf_over_20_mb_is_refused(company, staff):
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as info:
        create(company, staff, document=big)
    assert info.value.message_dict["document"] == ["The file is larger than 20 MB."]


def test_document_and_outside_tick_together_are_refused(company, staff):
    with pytest.raises(ValidationError) as info:
        create(
            company,
            staff,
            document=pdf(),
            is_signed_outside=True,
            signed_outside_on=date(2021, 5, 3),
        )
    assert messages_of(info.value) == [
        "Upload the signed document or mark the MOU as signed outside the system, not both."
    ]
    assert not Mou.objects.exists()


def test_outside_tick_needs_its_date(company, staff):
    with pytest.raises(ValidationError) as info:
        create(company, staff, is_signed_outside=True)
    assert info.value.message_dict == {
        "signed_outside_on": ["Enter the date the MOU was signed outside the system."]
    }


def test_signature_needs_the_signing_date(company, staff):
    with pytest.raises(ValidationError) as info:
        create(company, staff, signed_on=None, document=pdf())
    assert info.value.message_dict == {"signed_on": ["Enter the date the MOU was signed."]}


@time_machine.travel(datetime(2024, 3, 5, 9, 0, tzinfo=SEOUL), tick=False)
def test_signing_date_cannot_be_in_the_future(company, staff):
    with pytest.raises(ValidationError) as info:
        create(
            company,
            staff,
            signed_on=date(2024, 3, 6),
            is_signed_outside=True,
            signed_outside_on=date(2024, 3, 5),
        )
    assert info.value.message_dict == {"signed_on": ["The signing date cannot be in the future."]}


def test_deactivated_company_gets_no_mou(staff):
    company = CompanyFactory(is_active=False)
    with pytest.raises(ValidationError) as info:
        create(company, staff)
    assert info.value.message_dict == {
        "company": ["This company is deactivated; reactivate it first."]
    }


@pytest.mark.parametrize(
    "fields",
    [
        # past the draft stage with neither a document nor the tick
        {"stage": MouStage.SIGNED, "signed_on": date(2021, 1, 4)},
        # a draft that is ticked as signed
        {"stage": MouStage.DRAFT, "is_signed_outside": True, "signed_outside_on": date(2021, 1, 4)},
        # the tick without its date
        {"stage": MouStage.SIGNED, "signed_on": date(2021, 1, 4), "is_signed_outside": True},
        # a document and the tick
        {
            "stage": MouStage.SIGNED,
            "signed_on": date(2021, 1, 4),
            "document": "mou/x.pdf",
            "is_signed_outside": True,
            "signed_outside_on": date(2021, 1, 4),
        },
        # signed without a signing date
        {
            "stage": MouStage.SIGNED,
            "is_signed_outside": True,
            "signed_outside_on": date(2021, 1, 4),
        },
    ],
)
def test_database_enforces_the_signature_rule(company, staff, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mou.objects.create(
            company=company, created_by=staff, parties="x", relocation_type="branch", **fields
        )


def test_draft_is_signed_through_the_edit(company, staff):
    mou = create(company, staff)
    mou_update(
        mou=mou,
        by=staff,
        parties="광주광역시",
        planned_investment_krw=1,
        planned_local_hires=2,
        relocation_type=RelocationType.LAB,
        next_follow_up_on=None,
        note="",
        signed_on=date(2021, 6, 1),
        document=pdf(),
    )
    mou.refresh_from_db()
    assert (mou.stage, mou.signed_on, mou.relocation_type) == (
        MouStage.SIGNED,
        date(2021, 6, 1),
        RelocationType.LAB,
    )
    assert list(mou.stage_changes.values_list("stage", "effective_on")) == [
        (MouStage.SIGNED, date(2021, 6, 1))
    ]


def test_signing_twice_is_refused(company, staff):
    mou = MouFactory(company=company)
    with pytest.raises(ValidationError) as info:
        mou_sign(mou=mou, by=staff, signed_on=date(2021, 1, 1), document=pdf())
    assert messages_of(info.value) == ["This MOU is already signed."]


def test_new_document_replaces_the_old_file_and_the_tick(
    company, staff, django_capture_on_commit_callbacks
):
    mou = MouFactory(company=company, with_document=True)
    old = mou.document.name
    storage = mou.document.storage
    with django_capture_on_commit_callbacks(execute=True):
        mou_update(mou=mou, by=staff, document=pdf("v2.pdf", PDF_BYTES + b"%v2"))
    mou.refresh_from_db()
    assert mou.document.name != old
    assert not storage.exists(old)
    assert mou.document_name == "v2.pdf"
    outside = MouFactory()
    mou_update(mou=outside, by=staff, document=pdf())
    outside.refresh_from_db()
    assert (outside.is_signed_outside, outside.signed_outside_on) == (False, None)
    assert outside.document


def test_follow_up_cannot_be_before_signing(company, staff):
    with pytest.raises(ValidationError) as info:
        create(company, staff, next_follow_up_on=date(2021, 5, 2))
    assert info.value.message_dict == {
        "next_follow_up_on": ["The next follow-up cannot be before the signing date."]
    }
