from datetime import date, datetime, timedelta

import factory
from django.utils import timezone

from companies.models import Industry
from equipment.models import BookingStatus, DemoCentre, Equipment, EquipmentBooking
from tests.factories import SEOUL, CompanyFactory, FirmUserFactory


class DemoCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemoCentre
        django_get_or_create = ("industry",)

    name = factory.LazyAttribute(lambda o: f"{o.industry} 실증센터")
    host_institution = "광주그린카진흥원"
    industry = Industry.AUTOMOTIVE
    opened_on = date(2021, 12, 15)


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    centre = factory.SubFactory(DemoCentreFactory)
    name = factory.Sequence(lambda n: f"라이다 성능 시험 장비 {n}")
    in_service_year = 2021


def future(days: int = 7, hour: int = 10) -> datetime:
    """A moment `days` ahead at `hour` o'clock, Seoul time."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


class EquipmentBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EquipmentBooking

    equipment = factory.SubFactory(EquipmentFactory)
    company = factory.SubFactory(CompanyFactory)
    starts_at = factory.Sequence(lambda n: future(days=7 + n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    purpose = "시제품 성능 검증"
    status = BookingStatus.REQUESTED
    requested_by = factory.SubFactory(FirmUserFactory, company=factory.SelfAttribute("..company"))
