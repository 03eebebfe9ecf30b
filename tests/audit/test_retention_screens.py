"""Retention and destruction (PIPA art. 21): the screens and the command; what is past retention
and the destruction itself are in test_retention.py."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AccessAction, AccessRecord, DestructionMethod, DestructionRecord
from tests.audit.retention import LONG_AGO, NOW, closed_company
from tests.factories import CompanyContactFactory, MentorAssignmentFactory
from tests.notices.factories import NoticeDeliveryFactory, NoticeFactory
from tests.training.factories import TraineeFactory, TrainingCourseFactory
from training.models import Trainee

pytestmark = pytest.mark.usefixtures("english_pages")


# --- the screens -------------------------------------------------------------------------------


def test_the_retention_page_lists_each_kind_past_retention_and_records_the_access(
    client, privacy_officer
):
    TraineeFactory(course=TrainingCourseFactory(year=2000), name="오래된수료생")
    client.force_login(privacy_officer)

    response = client.get(reverse("audit:retention"))

    html = response.content.decode()
    assert "오래된수료생" in html
    assert "3 years after the end of the course" in html
    groups = {group.kind.key: group.count for group in response.context["groups"]}
    assert groups == {"person": 0, "trainee": 1, "mentor": 0, "notice": 0, "notice_email": 0}
    access = AccessRecord.objects.get(action=AccessAction.LIST)
    assert access.subject_type == "trainee"


def test_the_retention_page_queries_do_not_grow(client, privacy_officer, assert_flat_queries):
    def old_mentor():
        # Mentors who joined, and whose assignment ended, years before the retention began.
        with time_machine.travel(LONG_AGO):
            MentorAssignmentFactory(ended_on=date(2021, 1, 1))

    def old_notice_and_email():
        # Unread and e-mailed years before their retention began, each to its own recipient.
        notice = NoticeFactory(created_at=LONG_AGO)
        NoticeDeliveryFactory(notice=notice, created_at=LONG_AGO)

    def grow():
        for year in (2000, 2001, 2002):
            TraineeFactory.create_batch(10, course=TrainingCourseFactory(year=year))
        CompanyContactFactory.create_batch(3, company=closed_company(date(2001, 1, 1)))
        for _ in range(3):
            old_mentor()
            old_notice_and_email()

    TraineeFactory(course=TrainingCourseFactory(year=2000))
    CompanyContactFactory(company=closed_company(date(2001, 1, 1)))
    old_mentor()
    old_notice_and_email()
    client.force_login(privacy_officer)

    # Expect per kind: the count, the first rows, one access record; and the latest entries.
    first, last = assert_flat_queries(client, reverse("audit:retention"), grow)

    counts = [group.count for group in last.context["groups"]]
    assert counts == [4, 31, 4, 4, 4]


def test_the_confirmation_page_shows_the_count_and_needs_the_box_ticked(client, privacy_officer):
    TraineeFactory.create_batch(2, course=TrainingCourseFactory(year=2000))
    client.force_login(privacy_officer)
    url = reverse("audit:destroy", args=["trainee"])

    page = client.get(url)
    assert page.context["form"]["expected"].value() == 2
    assert "The personal data of 2 people is past its retention." in page.content.decode()

    refused = client.post(url, {"expected": 2})
    assert refused.status_code == 200
    assert refused.context["form"].errors["confirm"] == ["Tick the box to approve the destruction."]
    assert not DestructionRecord.objects.exists()


def test_confirming_destroys_and_shows_the_register(client, privacy_officer):
    TraineeFactory.create_batch(2, course=TrainingCourseFactory(year=2000))
    client.force_login(privacy_officer)

    response = client.post(
        reverse("audit:destroy", args=["trainee"]),
        {"expected": 2, "confirm": "on", "note": "2000년 과정 보유 기간 경과"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("audit:destruction_list")
    (record,) = response.context["records"]
    assert (record.people, record.note) == (2, "2000년 과정 보유 기간 경과")
    assert "The personal data of 2 people was destroyed" in response.content.decode()


def test_confirming_after_more_passed_retention_shows_the_error(client, privacy_officer):
    course = TrainingCourseFactory(year=2000)
    TraineeFactory.create_batch(3, course=course)
    client.force_login(privacy_officer)

    response = client.post(
        reverse("audit:destroy", args=["trainee"]), {"expected": 1, "confirm": "on"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "3 people are past retention now, more than the 1 you confirmed; check the list again."
    ]
    assert not Trainee.objects.filter(name="").exists()


def test_an_unknown_kind_is_a_404_for_the_privacy_officer(client, privacy_officer, staff):
    client.force_login(privacy_officer)
    assert client.get(reverse("audit:destroy", args=["company"])).status_code == 404
    assert client.post(reverse("audit:destroy", args=["user"]), {}).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("audit:destroy", args=["company"])).status_code == 403


def test_the_destruction_register_queries_do_not_grow(client, privacy_officer, assert_flat_queries):
    def grow():
        for _ in range(5):
            DestructionRecord.objects.create(
                kind="trainee",
                people=3,
                method=DestructionMethod.ANONYMISED,
                details="이름 삭제",
                retention="3년",
                destroyed_at=NOW,
                approved_by=privacy_officer,
            )

    grow()
    client.force_login(privacy_officer)

    # Expect: session, user, count, the page with who approved.
    first, last = assert_flat_queries(client, reverse("audit:destruction_list"), grow)

    assert len(last.context["records"]) == 10


# --- the command -------------------------------------------------------------------------------


def test_the_command_lists_without_destroying(privacy_officer):
    TraineeFactory.create_batch(2, course=TrainingCourseFactory(year=2000))
    out = StringIO()

    call_command("destroy_expired_personal_data", stdout=out)

    assert "trainee: 2 past retention" in out.getvalue()
    assert "person: 0 past retention" in out.getvalue()
    assert not Trainee.objects.filter(name="").exists()


def test_the_command_destroys_with_confirm_and_the_privacy_officers_approval(privacy_officer):
    TraineeFactory.create_batch(2, course=TrainingCourseFactory(year=2000))
    out = StringIO()

    call_command(
        "destroy_expired_personal_data",
        "--confirm",
        "--approved-by",
        "PRIVACY@example.kr",
        "--kind",
        "trainee",
        stdout=out,
    )

    record = DestructionRecord.objects.get()
    assert (record.kind, record.people, record.approved_by) == ("trainee", 2, privacy_officer)
    assert f"trainee: destroyed 2 (register entry {record.pk}, 0 files deleted)" in out.getvalue()
    assert Trainee.objects.filter(name="").count() == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--confirm"], "--confirm needs --approved-by"),
        (["--confirm", "--approved-by", "staff@example.kr"], "is not the privacy officer"),
    ],
)
def test_the_command_refuses_a_destruction_without_the_privacy_officer(
    privacy_officer, staff, arguments, message
):
    TraineeFactory(course=TrainingCourseFactory(year=2000))

    with pytest.raises(CommandError, match=message):
        call_command("destroy_expired_personal_data", *arguments, stdout=StringIO())

    assert not DestructionRecord.objects.exists()
