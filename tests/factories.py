from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory

from companies.models import (
    Company,
    CompanyContact,
    GrowthStage,
    Industry,
    Interaction,
    InteractionKind,
    Person,
    StageChange,
)
from core.validators import business_number_of
from mentoring.models import MentorAssignment
from users.models import Role, User

SEOUL = ZoneInfo("Asia/Seoul")
TEST_PASSWORD = "correct-horse-battery-77"


def valid_business_number(n: int) -> str:
    return business_number_of(101 + n % 800, 81 + n % 7, 1000 + n % 9000)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kr")
    name = factory.Faker("name", locale="ko_KR")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Faker("company", locale="ko_KR")
    business_number = factory.Sequence(valid_business_number)
    representative = factory.Faker("name", locale="ko_KR")
    founded_on = date(2019, 5, 1)
    address = "광주광역시 북구 첨단과기로 123"
    is_in_gwangju = True
    industry = Industry.HEALTHCARE
    employee_count = 10
    stage = GrowthStage.EARLY
    is_active = True
    # Inactive companies carry the date they closed or left (a database constraint).
    deactivated_on = factory.LazyAttribute(lambda o: None if o.is_active else date(2024, 6, 30))


class StaffFactory(UserFactory):
    role = Role.STAFF


class FirmUserFactory(UserFactory):
    role = Role.FIRM
    company = factory.SubFactory(CompanyFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="ko_KR")
    email = factory.Sequence(lambda n: f"person{n}@example.kr")
    phone = "062-123-4567"


class CompanyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyContact

    company = factory.SubFactory(CompanyFactory)
    person = factory.SubFactory(PersonFactory)
    title = "대표이사"


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    company = factory.SubFactory(CompanyFactory)
    stage = GrowthStage.EARLY
    effective_on = date(2020, 1, 1)
    recorded_by = factory.SubFactory(StaffFactory)


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    company = factory.SubFactory(CompanyFactory)
    kind = InteractionKind.MEETING
    occurred_at = datetime(2024, 3, 5, 10, 0, tzinfo=SEOUL)
    staff = factory.SubFactory(StaffFactory)
    summary = "업무협약 후속 회의"


class MentorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorAssignment

    mentor = factory.SubFactory(UserFactory, role=Role.MENTOR)
    company = factory.SubFactory(CompanyFactory)
    started_on = date(2020, 1, 1)
    assigned_by = factory.SubFactory(StaffFactory)
