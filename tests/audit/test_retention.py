"""Retention and destruction (PIPA art. 21): what is past retention per kind, the destruction in
one transaction with its register entry and access record, the screens and the command."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import (
    AccessAction,
    AccessRecord,
    DestructionMethod,
    DestructionRecord,
    SubjectType,
)
from audit.selectors.retention import (
    expired_contacts,
    expired_mentors,
    expired_trainees,
    years_before,
)
from audit.services.consent import consent_record
from audit.services.retention import personal_data_destroy
from companies.models import CompanyContact, Interaction, Person
from mentoring.models import MentorProfile
from tests.concurrency import first_then, postgres_only
from tests.factories import (
    CompanyContactFactory,
    CompanyFactory,
    InteractionFactory,
    MentorAssignmentFactory,
    PersonFactory,
)
from tests.mentoring.factories import (
    MentoringSessionFactory,
    MentorProfileFactory,
    MentorUserFactory,
)
from tests.notices.factories import NoticeDeliveryFactory, NoticeFactory
from tests.training.factories import TraineeFactory, TrainingCourseFactory
from training.models import Trainee
from users.models import User

pytestmark = pytest.mark.usefixtures("english_pages")

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = date(2031, 3, 15)
NOW = datetime(2031, 3, 15, 10, 0, tzinfo=SEOUL)
LONG_AGO = datetime(2020, 1, 1, 9, 0, tzinfo=SEOUL)


def closed_company(on):
    return CompanyFactory(is_active=False, deactivated_on=on)


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


# --- what is past retention --------------------------------------------------------------------


def test_years_before_keeps_the_day_and_turns_29_february_into_28_february():
    assert years_before(date(2031, 3, 15), 5) == date(2026, 3, 15)
    assert years_before(date(2028, 2, 29), 3) == date(2025, 2, 28)


def test_a_contact_is_kept_five_years_after_the_last_of_their_companies_closed():
    expired = CompanyContactFactory(company=closed_company(date(2026, 3, 14))).person
    on_the_anniversary = CompanyContactFactory(company=closed_company(date(2026, 3, 15))).person
    also_active = CompanyContactFactory(company=closed_company(date(2020, 1, 1))).person
    CompanyContactFactory(person=also_active)  # an active company
    also_recent = CompanyContactFactory(company=closed_company(date(2020, 1, 1))).person
    CompanyContactFactory(person=also_recent, company=closed_company(date(2027, 1, 1)))

    assert ids(expired_contacts(TODAY)) == {expired.pk}
    assert on_the_anniversary.pk not in ids(expired_contacts(TODAY))


def test_the_contact_retention_follows_the_setting(settings):
    person = CompanyContactFactory(company=closed_company(date(2029, 1, 1))).person
    assert ids(expired_contacts(TODAY)) == set()

    settings.PIPA_RETENTION_CONTACT_YEARS = 2

    assert ids(expired_contacts(TODAY)) == {person.pk}


@pytest.mark.parametrize(
    ("now", "expired_years"),
    [
        # 23:59 on 31 December in Seoul is still 2031; a minute past midnight is 2032 (while
        # UTC is still in 2031): the 2028 course's three years have ended.
        (datetime(2031, 12, 31, 23, 59, tzinfo=SEOUL), {2027}),
        (datetime(2032, 1, 1, 0, 1, tzinfo=SEOUL), {2027, 2028}),
    ],
)
def test_a_trainee_is_kept_three_years_after_the_end_of_the_course_year(now, expired_years):
    trainees = {
        year: TraineeFactory(course=TrainingCourseFactory(year=year)) for year in (2027, 2028, 2029)
    }
    TraineeFactory(course=trainees[2027].course, name="")  # anonymised already

    with time_machine.travel(now, tick=False):
        expired = ids(expired_trainees(timezone.localdate()))

    assert expired == {trainees[year].pk for year in expired_years}


@time_machine.travel(LONG_AGO, tick=False)
def test_a_mentor_is_kept_three_years_after_the_last_assignment_ended():
    expired = MentorAssignmentFactory(ended_on=date(2028, 3, 14)).mentor
    on_the_anniversary = MentorAssignmentFactory(ended_on=date(2028, 3, 15)).mentor
    running = MentorAssignmentFactory(ended_on=None).mentor
    older_and_newer = MentorAssignmentFactory(ended_on=date(2022, 1, 1)).mentor
    MentorAssignmentFactory(mentor=older_and_newer, ended_on=date(2030, 1, 1))
    never_assigned = MentorUserFactory()
    consented_again = MentorAssignmentFactory(ended_on=date(2022, 1, 1)).mentor
    with time_machine.travel(datetime(2029, 5, 1, tzinfo=SEOUL)):
        consent_record(subject_type=SubjectType.MENTOR, subject_id=consented_again.pk)

    expired_ids = ids(expired_mentors(TODAY))

    assert expired_ids == {expired.pk, never_assigned.pk}
    assert not {on_the_anniversary.pk, running.pk, older_and_newer.pk} & expired_ids


def test_a_mentor_who_joined_within_the_retention_is_kept():
    with time_machine.travel(datetime(2029, 1, 1, tzinfo=SEOUL)):
        MentorUserFactory()
    assert ids(expired_mentors(TODAY)) == set()


# --- the destruction ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_destroying_contacts_deletes_the_people_their_links_and_participations(
    privacy_officer,
):
    closed = closed_company(date(2025, 1, 1))
    link = CompanyContactFactory(company=closed, person=PersonFactory(name="김보존"))
    interaction = InteractionFactory(company=closed)
    interaction.participants.add(link.person)
    kept = CompanyContactFactory(company=CompanyFactory())

    record = personal_data_destroy(kind=SubjectType.PERSON, by=privacy_officer)

    assert not Person.objects.filter(pk=link.person_id).exists()
    assert not CompanyContact.objects.filter(company=closed).exists()
    assert Interaction.objects.get(pk=interaction.pk).participants.count() == 0
    assert Person.objects.filter(pk=kept.person_id).exists()
    assert (record.kind, record.people, record.method) == ("person", 1, DestructionMethod.DELETED)
    assert record.approved_by == privacy_officer
    assert record.destroyed_at == NOW
    assert "5" in record.retention
    access = AccessRecord.objects.get(action=AccessAction.DELETE)
    assert (access.subject_type, access.subject_ids, access.people) == (
        "person",
        [link.person_id],
        1,
    )
    assert access.user == privacy_officer
    assert str(record.pk) in access.subject


@time_machine.travel(NOW, tick=False)
def test_destroying_trainees_erases_the_name_and_keeps_the_count_of_people_trained(
    privacy_officer, company
):
    course = TrainingCourseFactory(year=2026)
    TraineeFactory(course=course, name="이수료", hired_by=company)
    TraineeFactory(course=course, name="박수료")
    recent = TraineeFactory(course=TrainingCourseFactory(year=2029), name="최근수료")

    record = personal_data_destroy(kind=SubjectType.TRAINEE, by=privacy_officer)

    trainees = Trainee.objects.for_year(2026)
    assert trainees.count() == 2  # still counted as people trained
    assert set(trainees.values_list("name", flat=True)) == {""}
    assert trainees.filter(hired_by=company).count() == 1  # and as hired
    recent.refresh_from_db()
    assert recent.name == "최근수료"
    assert (record.people, record.method) == (2, DestructionMethod.ANONYMISED)
    assert ids(expired_trainees(TODAY)) == set()


def test_destroying_a_mentor_anonymises_the_account_and_deletes_profile_and_files(
    privacy_officer, django_capture_on_commit_callbacks
):
    with time_machine.travel(LONG_AGO, tick=False):
        profile = MentorProfileFactory(user__name="정멘토", user__email="jung@example.kr")
        mentor = profile.user
        EmailAddress.objects.create(user=mentor, email=mentor.email, verified=True)
        mentor.name = "정멘토 박사"
        mentor.save()  # a change history entry holding the name
        session = MentoringSessionFactory(
            with_attachment=True,
            assignment__mentor=mentor,
            assignment__ended_on=date(2027, 12, 31),
        )
    stored = session.attachment.name
    storage = session.attachment.storage
    assert storage.exists(stored)

    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        record = personal_data_destroy(kind=SubjectType.MENTOR, by=privacy_officer)

    mentor = User.objects.get(pk=mentor.pk)
    assert (mentor.name, mentor.email, mentor.is_active) == (
        "",
        f"mentor-{mentor.pk}@destroyed.invalid",
        False,
    )
    assert not mentor.has_usable_password()
    assert not MentorProfile.objects.filter(user=mentor).exists()
    assert not EmailAddress.objects.filter(user=mentor).exists()
    session.refresh_from_db()
    assert (session.attachment.name, session.attachment_name) == ("", "")
    assert session.duration_hours == Decimal("2.0")  # the hours still count
    assert not storage.exists(stored)
    history = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=mentor.pk
    )
    assert history.exists()
    assert "정멘토" not in str(list(history.values_list("changes", "object_repr")))
    assert "jung@example.kr" not in str(list(history.values_list("changes", "object_repr")))
    assert (record.people, record.files_deleted) == (1, 1)


def test_only_the_privacy_officer_approves_a_destruction(staff):
    TraineeFactory(course=TrainingCourseFactory(year=2000))
    with pytest.raises(ValidationError) as error:
        personal_data_destroy(kind=SubjectType.TRAINEE, by=staff)
    assert error.value.messages == [
        "Only the privacy officer approves the destruction of personal data."
    ]
    assert Trainee.objects.get().name == "김민서"


def test_an_unknown_kind_or_nothing_past_retention_destroys_nothing(privacy_officer):
    with pytest.raises(ValidationError) as unknown:
        personal_data_destroy(kind=SubjectType.USER, by=privacy_officer)
    assert unknown.value.messages == ["Choose a kind of personal data from the list."]
    with pytest.raises(ValidationError) as nothing:
        personal_data_destroy(kind=SubjectType.TRAINEE, by=privacy_officer)
    assert nothing.value.messages == ["No personal data of this kind is past its retention."]
    assert not DestructionRecord.objects.exists()
    assert not AccessRecord.objects.filter(action=AccessAction.DELETE).exists()


def test_more_people_past_retention_than_confirmed_destroys_nothing(privacy_officer):
    course = TrainingCourseFactory(year=2000)
    TraineeFactory.create_batch(3, course=course)

    with pytest.raises(ValidationError) as error:
        personal_data_destroy(kind=SubjectType.TRAINEE, by=privacy_officer, expected=2)

    assert error.value.messages == [
        "3 people are past retention now, more than the 2 you confirmed; check the list again."
    ]
    assert not Trainee.objects.filter(name="").exists()
    assert not DestructionRecord.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_destructions_destroy_once_and_register_once(request):
    """The second waits for the first's row locks, then finds the trainees destroyed."""
    officer = request.getfixturevalue("privacy_officer")
    TraineeFactory.create_batch(2, course=TrainingCourseFactory(year=2000))

    def destroy():
        return personal_data_destroy(kind=SubjectType.TRAINEE, by=officer, today=TODAY)

    first, second = first_then(destroy, destroy)

    assert isinstance(first, DestructionRecord)
    assert isinstance(second, ValidationError)
    assert second.messages == ["No personal data of this kind is past its retention."]
    assert DestructionRecord.objects.count() == 1
    assert AccessRecord.objects.filter(action=AccessAction.DELETE).count() == 1


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
