"""Consent (PIPA arts. 15, 17, 22): the forms that collect personal data show the notice and
record how it was obtained; consent to provision to a third party is a separate row."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audit.kinds import CONTACTS, MINISTRY
from audit.models import Consent, ConsentBasis, ConsentScope, SubjectType
from audit.services.consent import consent_record
from companies.models import CompanyContact, Person
from companies.services import contact_add
from mentoring.models import MentorProfile
from tests.factories import CompanyContactFactory, PersonFactory
from tests.mentoring.factories import MentorProfileFactory, MentorUserFactory
from tests.training.factories import TrainingCourseFactory
from training.models import Trainee

pytestmark = pytest.mark.usefixtures("english_pages")


def ministry_ko() -> str:
    with translation.override("ko"):
        return str(MINISTRY)


CONTACT = {
    "name": "이서연",
    "title": "팀장",
    "email": "seoyeon@example.kr",
    "phone": "010-1234-5678",
}


def rows(subject_type, subject_id):
    """The person's consent rows, oldest first."""
    consents = Consent.objects.of(subject_type, subject_id).order_by("pk")
    return list(consents.values_list("scope", "basis", "recipient"))


def test_a_first_consent_keeps_the_notice_in_korean_with_the_configured_retention(settings, staff):
    settings.PIPA_RETENTION_CONTACT_YEARS = 7
    person = PersonFactory()

    (consent,) = consent_record(subject_type=SubjectType.PERSON, subject_id=person.pk, by=staff)

    assert consent.scope == ConsentScope.COLLECTION
    assert consent.basis == ConsentBasis.FORM  # the kind's usual basis
    # Kept in the agency's language (Korean), whatever the user's.
    with translation.override("ko"):
        assert consent.retention == CONTACTS.retention
        assert consent.items == str(CONTACTS.items)
        assert consent.purpose == str(CONTACTS.purpose)
    assert "7" in consent.retention
    assert consent.recorded_by == staff
    assert consent.recipient == ""


def test_the_same_basis_again_adds_no_row_and_a_new_basis_is_a_new_dated_row():
    person = PersonFactory()
    consent_record(subject_type=SubjectType.PERSON, subject_id=person.pk, basis="email")
    consent_record(subject_type=SubjectType.PERSON, subject_id=person.pk, basis="email")
    consent_record(subject_type=SubjectType.PERSON, subject_id=person.pk, basis="")
    consent_record(subject_type=SubjectType.PERSON, subject_id=person.pk, basis="in_person")

    assert rows(SubjectType.PERSON, person.pk) == [
        ("collection", "email", ""),
        ("collection", "in_person", ""),
    ]


def test_third_party_consent_is_its_own_row_with_the_recipient_and_is_recorded_once():
    person = PersonFactory()
    consent_record(subject_type=SubjectType.PERSON, subject_id=person.pk, third_party=True)
    consent_record(subject_type=SubjectType.PERSON, subject_id=person.pk, third_party=True)

    provision = Consent.objects.get(scope=ConsentScope.THIRD_PARTY, subject_id=person.pk)
    with translation.override("ko"):
        assert provision.recipient == str(MINISTRY)
        assert provision.purpose == str(CONTACTS.third_party.purpose)
    assert Consent.objects.filter(subject_id=person.pk).count() == 2


def test_third_party_provision_needs_consent_not_a_contract():
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        consent_record(
            subject_type=SubjectType.PERSON,
            subject_id=person.pk,
            basis=ConsentBasis.CONTRACT,
            third_party=True,
        )
    assert error.value.message_dict == {
        "third_party_consent": ["Provision to a third party needs the person's consent."]
    }
    assert not Consent.objects.exists()


def test_consents_are_for_contacts_trainees_and_mentors_only():
    with pytest.raises(ValidationError) as error:
        consent_record(subject_type=SubjectType.USER, subject_id=1)
    assert error.value.messages == ["Consents are recorded for contacts, trainees and mentors."]


def test_the_service_records_the_basis_when_a_contact_is_added_without_consent_fields(company):
    """Callers that know nothing of consent (imports of old code, tests) get the usual basis."""
    link = contact_add(company=company, name="가", email="ga@example.kr")

    assert rows(SubjectType.PERSON, link.person_id) == [("collection", "form", "")]


def test_the_staff_contact_form_shows_the_notice_and_defaults_to_the_usual_basis(
    client, staff, company
):
    client.force_login(staff)
    response = client.get(reverse("companies:contact_add", args=[company.pk]))

    form = response.context["form"]
    assert form["consent_basis"].initial == ConsentBasis.FORM
    html = response.content.decode()
    assert "Collection and use of personal data" in html
    assert "5 years after the company is deactivated" in html
    assert "You may refuse." in html
    assert "Ministry of Science and ICT" in html


def test_a_staff_contact_post_without_consent_fields_still_saves_and_records_the_basis(
    client, staff, company
):
    client.force_login(staff)
    response = client.post(reverse("companies:contact_add", args=[company.pk]), CONTACT)

    assert response.status_code == 302
    person = Person.objects.get(email="seoyeon@example.kr")
    (consent,) = Consent.objects.of(SubjectType.PERSON, person.pk)
    assert (consent.basis, consent.recorded_by) == (ConsentBasis.FORM, staff)


def test_a_staff_contact_post_records_the_chosen_basis_and_the_third_party_consent(
    client, staff, company
):
    client.force_login(staff)
    data = {**CONTACT, "consent_basis": "email", "third_party_consent": "on"}
    client.post(reverse("companies:contact_add", args=[company.pk]), data)

    person = Person.objects.get(email="seoyeon@example.kr")
    assert rows(SubjectType.PERSON, person.pk) == [
        ("collection", "email", ""),
        ("third_party", "email", ministry_ko()),
    ]


def test_ticking_third_party_consent_with_a_contract_basis_is_a_form_error(client, staff, company):
    client.force_login(staff)
    data = {**CONTACT, "consent_basis": "contract", "third_party_consent": "on"}
    response = client.post(reverse("companies:contact_add", args=[company.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["third_party_consent"] == [
        "Provision to a third party needs the person's consent: choose how the consent was "
        "obtained."
    ]
    assert not Person.objects.filter(email="seoyeon@example.kr").exists()
    assert not Consent.objects.exists()


def test_an_unknown_basis_is_a_form_error(client, staff, company):
    client.force_login(staff)
    data = {**CONTACT, "consent_basis": "telepathy"}
    response = client.post(reverse("companies:contact_add", args=[company.pk]), data)

    assert response.status_code == 200
    assert "consent_basis" in response.context["form"].errors
    assert not CompanyContact.objects.filter(company=company).exists()


def test_the_portal_contact_form_records_the_firm_users_consent_entry(client, firm_user):
    client.force_login(firm_user)
    response = client.get(reverse("portal:contact_add"))
    assert "Collection and use of personal data" in response.content.decode()

    client.post(reverse("portal:contact_add"), {**CONTACT, "third_party_consent": "on"})

    person = Person.objects.get(email="seoyeon@example.kr")
    assert rows(SubjectType.PERSON, person.pk) == [
        ("collection", "form", ""),
        ("third_party", "form", ministry_ko()),
    ]
    assert Consent.objects.filter(recorded_by=firm_user).count() == 2


def test_editing_a_contact_keeps_the_recorded_basis_unless_another_is_chosen(
    client, firm_user, company
):
    link = CompanyContactFactory(company=company)
    consent_record(subject_type=SubjectType.PERSON, subject_id=link.person_id, basis="in_person")
    client.force_login(firm_user)
    url = reverse("portal:contact_edit", args=[link.pk])
    assert client.get(url).context["form"]["consent_basis"].initial == ""

    client.post(url, {**CONTACT, "name": "새 이름"})
    assert rows(SubjectType.PERSON, link.person_id) == [("collection", "in_person", "")]

    client.post(url, {**CONTACT, "consent_basis": "email"})
    assert rows(SubjectType.PERSON, link.person_id) == [
        ("collection", "in_person", ""),
        ("collection", "email", ""),
    ]


def test_editing_a_contact_recorded_before_consents_existed_records_the_usual_basis(
    client, firm_user, company
):
    link = CompanyContactFactory(company=company)
    client.force_login(firm_user)
    client.post(reverse("portal:contact_edit", args=[link.pk]), CONTACT)

    assert rows(SubjectType.PERSON, link.person_id) == [("collection", "form", "")]


def test_adding_a_trainee_records_the_basis_and_third_party_consent(client, staff):
    course = TrainingCourseFactory(year=2025)
    client.force_login(staff)
    response = client.get(reverse("training:trainee_add", args=[course.pk]))
    assert "3 years after the end of the course" in response.content.decode()

    client.post(
        reverse("training:trainee_add", args=[course.pk]),
        {"name": "박지훈", "consent_basis": "in_person", "third_party_consent": "on"},
    )

    trainee = Trainee.objects.get(name="박지훈")
    assert rows(SubjectType.TRAINEE, trainee.pk) == [
        ("collection", "in_person", ""),
        ("third_party", "in_person", ministry_ko()),
    ]


def test_creating_a_mentor_profile_records_the_mentors_basis_by_user_id(client, staff):
    mentor = MentorUserFactory()
    client.force_login(staff)
    response = client.post(
        reverse("mentoring:profile_create"),
        {"user": mentor.pk, "expertise": "투자", "consent_basis": "contract"},
    )

    profile = MentorProfile.objects.get(user=mentor)
    assert response["Location"] == profile.get_absolute_url()
    assert rows(SubjectType.MENTOR, mentor.pk) == [("collection", "contract", "")]


def test_editing_a_mentor_profile_keeps_the_basis_and_adds_a_third_party_consent(client, staff):
    profile = MentorProfileFactory()
    consent_record(subject_type=SubjectType.MENTOR, subject_id=profile.user_id, basis="email")
    client.force_login(staff)
    response = client.post(
        reverse("mentoring:profile_update", args=[profile.pk]),
        {"expertise": "AI 모델", "third_party_consent": "on"},
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.expertise == "AI 모델"
    assert rows(SubjectType.MENTOR, profile.user_id) == [
        ("collection", "email", ""),
        ("third_party", "email", ministry_ko()),
    ]


def test_the_consent_list_names_the_people_and_records_the_access(
    client, privacy_officer, assert_flat_queries
):
    from audit.models import AccessRecord

    def grow():
        for _ in range(5):
            person = PersonFactory()
            consent_record(subject_type=SubjectType.PERSON, subject_id=person.pk, third_party=True)
        course = TrainingCourseFactory()
        trainee = Trainee.objects.create(course=course, name="최유진")
        consent_record(subject_type=SubjectType.TRAINEE, subject_id=trainee.pk)

    person = PersonFactory(name="한지민")
    consent_record(subject_type=SubjectType.PERSON, subject_id=person.pk)
    client.force_login(privacy_officer)

    # Expect a fixed number: session, user, count, page, then one name query per kind shown and
    # one access record per kind shown (the second page shows two kinds: the growth's trainee).
    first, last = assert_flat_queries(
        client, reverse("audit:consent_list"), grow, data={"subject_type": "person"}
    )

    assert "한지민" in first.content.decode()
    assert len(last.context["consents"]) == 11
    assert AccessRecord.objects.filter(subject_type="person", action="list").count() == 2


def test_the_consent_list_marks_a_destroyed_person(client, privacy_officer):
    consent_record(subject_type=SubjectType.PERSON, subject_id=999_999)
    client.force_login(privacy_officer)

    response = client.get(reverse("audit:consent_list"))

    assert "(destroyed)" in response.content.decode()
