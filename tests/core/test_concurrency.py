"""The shared refusal of a transition someone else made first (core/concurrency.py)."""

import pytest
from django.core.exceptions import ValidationError

from core.concurrency import ChangedMeanwhile, lock_again, refuse
from programs.models import AwardStatus, SupportAward
from tests.programs.factories import SupportAwardFactory


def test_lock_again_reads_the_row_in_place_and_says_whether_a_watched_field_moved():
    award = SupportAwardFactory(status=AwardStatus.ACTIVE, amount_krw=10_000_000)
    SupportAward.objects.filter(pk=award.pk).update(amount_krw=12_000_000)
    assert lock_again(award, "status") is False
    assert award.amount_krw == 12_000_000
    SupportAward.objects.filter(pk=award.pk).update(status=AwardStatus.COMPLETED)
    assert lock_again(award, "status") is True
    assert award.status == AwardStatus.COMPLETED
    assert lock_again(award) is False


def test_refuse_names_the_rule_unless_the_row_moved_meanwhile():
    with pytest.raises(ValidationError) as rule:
        refuse("Only a submitted report can be accepted.", code="status", changed=False)
    assert not isinstance(rule.value, ChangedMeanwhile)
    assert (rule.value.messages, rule.value.code) == (
        ["Only a submitted report can be accepted."],
        "status",
    )
    with pytest.raises(ChangedMeanwhile) as meanwhile:
        refuse("Only a submitted report can be accepted.", code="status", changed=True)
    assert meanwhile.value.messages == [
        "This was changed meanwhile by someone else; the page shows its current state."
    ]
    assert meanwhile.value.code == "changed_meanwhile"
