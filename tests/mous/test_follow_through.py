"""What follows an MOU: its stage history, relocations, overdue follow-ups by the Seoul date,
the summary by year and the company page's section."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from mous.models import Mou, MouStage, MouStageChange, Relocation, RelocationType
from mous.selectors import company_mou_context, mou_relocation_summary
from mous.services import mou_change_stage, relocation_record, relocation_update
from tests.factories import StaffFactory, UserFactory
from tests.mous.factories import MouFactory, RelocationFactory
from tests.mous.helpers import SEOUL, messages_of
from users.models import Role

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
