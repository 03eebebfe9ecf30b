import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from core.uploads import MAX_UPLOAD_BYTES, PDF, PDF_KINDS, validate_upload
from demo.mous import MOU_COUNT, RELOCATED_FIRMS, demo_pdf, seed_mous
from mous.models import Mou, MouStage, MouStageChange, Relocation, RelocationType
from mous.selectors import company_mou_context, mou_relocation_summary
from mous.services import (
    mou_change_stage,
    mou_create,
    mou_sign,
    mou_update,
    relocation_record,
    relocation_update,
)
from tests.factories import CompanyFactory, StaffFactory, UserFactory
from tests.mous.factories import PDF_BYTES, MouFactory, RelocationFactory
from users.models import Role

SEOUL = ZoneInfo("Asia/Seoul")


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


def messages_of(error: ValidationError) -> list[str]:
    return error.messages


# --- signing: document or outside tick --------------------------------------------------


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


# --- follow-through history -------------------------------------------------------------


def test_stage_history_is_kept(company, staff):
    mou = MouFactory(company=company, signed_on=date(2021, 3, 2))
    other_staff = StaffFactory()
    mou_change_stage(mou=mou, stage=MouStage.CONSIDERING, effective_on=date(2021, 5, 1), by=staff)
    mou_change_stage(
        mou=mou, stage=MouStage.OPENED, effective_on=date(2021, 9, 1), by=other_staff, note="지사"
    )
    mou.refresh_from_db()
    assert mou.stage == MouStage.OPENED
    rows = list(
        mou.stage_changes.order_by("effective_on").values_list(
            "stage", "effective_on", "recorded_by"
        )
    )
    assert rows == [
        (MouStage.SIGNED, date(2021, 3, 2), mou.created_by_id),
        (MouStage.CONSIDERING, date(2021, 5, 1), staff.pk),
        (MouStage.OPENED, date(2021, 9, 1), other_staff.pk),
    ]


def test_stage_change_cannot_go_before_the_current_stage(company, staff):
    mou = MouFactory(company=company)
    mou_change_stage(mou=mou, stage=MouStage.CONSIDERING, effective_on=date(2021, 5, 1), by=staff)
    with pytest.raises(ValidationError) as info:
        mou_change_stage(mou=mou, stage=MouStage.LAPSED, effective_on=date(2021, 4, 30), by=staff)
    assert info.value.message_dict == {
        "effective_on": [
            "The current stage took effect on 2021-05-01; a new stage cannot take effect before it."
        ]
    }
    assert MouStageChange.objects.filter(mou=mou).count() == 2


@time_machine.travel(datetime(2024, 3, 5, 23, 30, tzinfo=SEOUL), tick=False)
def test_stage_change_in_the_future_is_refused(company, staff):
    mou = MouFactory(company=company)
    with pytest.raises(ValidationError) as info:
        mou_change_stage(mou=mou, stage=MouStage.LAPSED, effective_on=date(2024, 3, 6), by=staff)
    assert info.value.message_dict == {
        "effective_on": ["A stage change cannot take effect in the future."]
    }


def test_same_stage_and_draft_are_refused(company, staff):
    mou = MouFactory(company=company)
    with pytest.raises(ValidationError) as info:
        mou_change_stage(mou=mou, stage=MouStage.SIGNED, effective_on=date(2021, 5, 1), by=staff)
    assert info.value.message_dict == {"stage": ["Choose a valid follow-through stage."]}
    mou_change_stage(mou=mou, stage=MouStage.CONSIDERING, effective_on=date(2021, 5, 1), by=staff)
    with pytest.raises(ValidationError) as info:
        mou_change_stage(
            mou=mou, stage=MouStage.CONSIDERING, effective_on=date(2021, 6, 1), by=staff
        )
    assert info.value.message_dict == {"stage": ["The MOU is already at this stage."]}
    draft = MouFactory(draft=True)
    with pytest.raises(ValidationError) as info:
        mou_change_stage(
            mou=draft, stage=MouStage.CONSIDERING, effective_on=date(2021, 6, 1), by=staff
        )
    assert messages_of(info.value) == [
        "Sign the MOU first: upload its signed document or mark it as signed outside the system."
    ]


# --- relocations ------------------------------------------------------------------------


def record(company, staff, **overrides):
    fields = {
        "company": company,
        "by": staff,
        "from_region": "seoul",
        "moved_on": date(2021, 10, 1),
        "relocation_type": RelocationType.BRANCH,
        "gwangju_address": "광주광역시 북구 첨단과기로 208",
    }
    return relocation_record(**{**fields, **overrides})


def test_relocation_must_link_the_same_companys_mou(company, other_company, staff):
    other_mou = MouFactory(company=other_company)
    with pytest.raises(ValidationError) as info:
        record(company, staff, mou=other_mou)
    assert info.value.message_dict == {
        "mou": ["The linked MOU must be one of this company's MOUs."]
    }
    assert not Relocation.objects.exists()
    relocation = record(company, staff)
    with pytest.raises(ValidationError):
        relocation_update(
            relocation=relocation,
            by=staff,
            mou=other_mou,
            from_region="seoul",
            moved_on=date(2021, 10, 1),
            relocation_type=RelocationType.BRANCH,
            gwangju_address="광주광역시 북구",
        )


def test_relocation_cannot_link_a_draft(company, staff):
    draft = MouFactory(company=company, draft=True)
    with pytest.raises(ValidationError) as info:
        record(company, staff, mou=draft)
    assert info.value.message_dict == {"mou": ["Only a signed MOU can be linked to a relocation."]}


def test_branch_relocation_moves_the_mou_to_opened_and_hq_to_relocated(company, staff):
    mou = MouFactory(company=company, signed_on=date(2021, 3, 2))
    record(company, staff, mou=mou, moved_on=date(2021, 10, 1))
    mou.refresh_from_db()
    assert mou.stage == MouStage.OPENED
    record(
        company,
        staff,
        mou=mou,
        moved_on=date(2022, 4, 1),
        relocation_type=RelocationType.HEADQUARTERS,
    )
    mou.refresh_from_db()
    assert mou.stage == MouStage.RELOCATED
    assert list(
        mou.stage_changes.order_by("effective_on").values_list("stage", "effective_on")
    ) == [
        (MouStage.SIGNED, date(2021, 3, 2)),
        (MouStage.OPENED, date(2021, 10, 1)),
        (MouStage.RELOCATED, date(2022, 4, 1)),
    ]


def test_relocation_leaves_a_lapsed_mou_alone(company, staff):
    mou = MouFactory(company=company, stage=MouStage.LAPSED)
    record(company, staff, mou=mou)
    mou.refresh_from_db()
    assert mou.stage == MouStage.LAPSED


def test_duplicate_relocation_is_refused(company, staff):
    record(company, staff)
    with pytest.raises(ValidationError) as info:
        record(company, staff)
    assert info.value.messages == [
        "This company already has a relocation of this type on that date."
    ]


# --- overdue follow-ups in Seoul --------------------------------------------------------


def test_overdue_uses_the_seoul_date(company):
    due = MouFactory(company=company, next_follow_up_on=date(2024, 3, 5))
    MouFactory(stage=MouStage.LAPSED, next_follow_up_on=date(2024, 1, 1))
    MouFactory(stage=MouStage.RELOCATED, next_follow_up_on=date(2024, 1, 1))
    MouFactory(next_follow_up_on=None)
    # 2024-03-05 15:30 UTC is already 2024-03-06 00:30 in Seoul: the follow-up is overdue.
    with time_machine.travel(datetime(2024, 3, 5, 15, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert list(Mou.objects.overdue()) == [due]
        assert due not in Mou.objects.not_overdue()
        assert Mou.objects.not_overdue().count() == 3
    with time_machine.travel(datetime(2024, 3, 5, 14, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert list(Mou.objects.overdue()) == []


# --- selectors --------------------------------------------------------------------------


def test_summary_counts_by_year(staff, executive):
    for stage in (MouStage.SIGNED, MouStage.CONSIDERING, MouStage.LAPSED):
        MouFactory(stage=stage, signed_on=date(2021, 4, 1))
    moved = MouFactory(stage=MouStage.RELOCATED, signed_on=date(2022, 2, 1))
    RelocationFactory(company=moved.company, mou=moved, relocation_type="headquarters")
    RelocationFactory(company=moved.company, mou=moved, moved_on=date(2021, 5, 1))
    RelocationFactory()  # a firm that moved without an MOU
    MouFactory(draft=True)
    summary = mou_relocation_summary(user=executive)
    assert [
        (row.year, row.signed, row.considering, row.lapsed, row.moved) for row in summary.years
    ] == [
        (2021, 3, 2, 1, 0),
        (2022, 1, 0, 0, 1),
    ]
    assert (summary.total.signed, summary.total.relocated, summary.total.moved) == (4, 1, 1)
    assert summary.total.moved_percent == 25.0
    assert (summary.relocated_firms, summary.relocated_firms_with_mou) == (2, 1)
    assert summary.relocated_firms_without_mou == 1
    assert summary.relocation_records == 3
    assert summary.drafts == 1


@pytest.mark.parametrize("role", [Role.MENTOR, Role.FIRM])
def test_company_section_is_empty_for_mentors_and_firms(company, role, django_assert_num_queries):
    MouFactory(company=company)
    user = UserFactory(role=role, company=company if role == Role.FIRM else None)
    with django_assert_num_queries(0):
        assert company_mou_context(company=company, user=user) == {"mou_section": None}
    assert not Mou.objects.visible_to(user).exists()
    assert not Relocation.objects.visible_to(user).exists()


# --- demo data --------------------------------------------------------------------------


def _demo_cast():
    staff = [StaffFactory(), StaffFactory()]
    companies = []
    for n in range(300):
        in_gwangju = n % 5 != 0
        companies.append(
            CompanyFactory.build(
                founded_on=date(2010 + n % 13, 1 + n % 12, 1),
                is_in_gwangju=in_gwangju,
                address="광주광역시 북구 첨단과기로 1" if in_gwangju else "서울특별시 강남구",
            )
        )
    from companies.models import Company

    Company.objects.bulk_create(companies)
    return list(Company.objects.order_by("pk")), {Role.STAFF: staff}


def test_demo_seed_makes_135_mous_and_94_relocated_firms(settings):
    companies, users = _demo_cast()
    assert seed_mous(rng=random.Random(7), companies=companies, users=users) == MOU_COUNT
    assert Mou.objects.count() == MOU_COUNT == 135
    assert Mou.objects.values("company").distinct().count() == 135
    assert Relocation.objects.values("company").distinct().count() == RELOCATED_FIRMS == 94
    signed_years = set(Mou.objects.values_list("signed_on__year", flat=True))
    assert signed_years <= {2020, 2021, 2022}
    # The 94 attracted firms are cumulative to 2022, as PROGRAMME.md reports them.
    assert not Relocation.objects.filter(moved_on__year__gt=2022).exists()
    for relocation in Relocation.objects.select_related("mou"):
        has_mou = Mou.objects.filter(company=relocation.company_id).exists()
        # A firm with an MOU has every relocation linked to it, and only to its own.
        assert (relocation.mou is not None) == has_mou
        if relocation.mou:
            assert relocation.mou.company_id == relocation.company_id
    for mou in Mou.objects.prefetch_related("stage_changes", "relocations"):
        history = sorted(mou.stage_changes.all(), key=lambda c: (c.effective_on, c.pk))
        assert history[0].stage == MouStage.SIGNED and history[0].effective_on == mou.signed_on
        assert history[-1].stage == mou.stage
        moved = bool(mou.relocations.all())
        assert moved == (mou.stage in (MouStage.OPENED, MouStage.RELOCATED))
        if mou.document:
            assert mou.document.open("rb").read(5) == b"%PDF-"
        mou.full_clean()
    # A second run adds nothing.
    assert seed_mous(rng=random.Random(7), companies=companies, users=users) == 0
    assert Mou.objects.count() == 135


def test_demo_seed_is_deterministic():
    def snapshot():
        return list(
            Mou.objects.order_by("company__business_number").values_list(
                "company__business_number", "signed_on", "stage", "planned_investment_krw"
            )
        )

    companies, users = _demo_cast()
    seed_mous(rng=random.Random(3), companies=companies, users=users)
    first = snapshot()
    Relocation.objects.all().delete()
    MouStageChange.objects.all().delete()
    Mou.objects.all().delete()
    seed_mous(rng=random.Random(3), companies=companies, users=users)
    assert snapshot() == first


def test_demo_pdf_is_a_pdf():
    data = demo_pdf("MOU 2021-03-02")
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    # The service accepts it as a signed document.
    assert validate_upload(ContentFile(data, name="x.pdf"), kinds=PDF_KINDS) == PDF
