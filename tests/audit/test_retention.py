"""Retention and destruction (PIPA art. 21): what is past retention per kind and the destruction in
one transaction with its register entry and access record; the screens and the command are in
test_retention_screens.py."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
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
from tests.audit.retention import LONG_AGO, NOW, SEOUL, TODAY, closed_company
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
from tests.training.factories import TraineeFactory, TrainingCourseFactory
from training.models import Trainee
from users.models import User

pytestmark = pytest.mark.usefixtures("english_pages")


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
