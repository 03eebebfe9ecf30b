"""The people and companies tests are about. tests/conftest.py makes them per test as fixtures;
a module that builds its data once (tests/module_data.py) makes them with these functions."""

from tests.factories import CompanyFactory, FirmUserFactory, MentorAssignmentFactory, UserFactory
from users.models import Role


def company():
    return CompanyFactory(name="빛고을헬스케어", business_number="1168200276")


def other_company():
    return CompanyFactory(name="무등에너지")


def staff():
    return UserFactory(role=Role.STAFF, email="staff@example.kr", name="김담당")


def privacy_officer():
    """A staff member who is also the agency's privacy officer (개인정보 보호책임자)."""
    return UserFactory(
        role=Role.STAFF, email="privacy@example.kr", name="정보보호", is_privacy_officer=True
    )


def executive():
    return UserFactory(role=Role.EXECUTIVE, email="exec@example.kr")


def mentor(company, staff):
    """A mentor assigned to `company` by `staff`."""
    user = UserFactory(role=Role.MENTOR, email="mentor@example.kr")
    MentorAssignmentFactory(mentor=user, company=company, assigned_by=staff)
    return user


def unassigned_mentor():
    return UserFactory(role=Role.MENTOR, email="mentor2@example.kr")


def firm_user(company):
    return FirmUserFactory(company=company, email="firm@example.kr")


def other_firm_user(other_company):
    return FirmUserFactory(company=other_company, email="otherfirm@example.kr")
