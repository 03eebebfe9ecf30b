from datetime import date, datetime, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from companies.models import Industry
from compute.models import ComputeAllocation, ComputeCapacity, ComputeUsage, ComputeUsageImport
from equipment.models import BookingStatus, DemoCentre, Equipment, EquipmentBooking
from tests.factories import SEOUL, CompanyFactory, FirmUserFactory, StaffFactory


class ComputeCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComputeCapacity
        django_get_or_create = ("label",)

    label = factory.Sequence(lambda n: f"{2021 + n}")
    starts_on = date(2021, 1, 1)
    ends_on = date(2021, 12, 31)
    capacity_pf = Decimal("8.85")


class ComputeAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComputeAllocation

    capacity = factory.SubFactory(ComputeCapacityFactory)
    company = factory.SubFactory(CompanyFactory)
    project_code = factory.Sequence(lambda n: f"2021-{n + 1:03d}")
    project_title = "자율주행 객체 인식 AI 모델 개발"
    pf_allocated = Decimal("0.10")
    gpu_hours_allocated = Decimal("1000.00")
    agreement_signed_on = date(2021, 3, 2)
    recorded_by = factory.SubFactory(StaffFactory)


class ComputeUsageImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComputeUsageImport

    filename = "usage.csv"
    row_count = 1
    imported_by = factory.SubFactory(StaffFactory)


class ComputeUsageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComputeUsage

    allocation = factory.SubFactory(ComputeAllocationFactory)
    used_on = factory.Sequence(lambda n: date(2021, 4, 1) + timedelta(days=n % 200))
    gpu_hours = Decimal("10.00")
    source = factory.SubFactory(ComputeUsageImportFactory)


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
