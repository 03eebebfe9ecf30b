from datetime import date, timedelta
from decimal import Decimal

import factory

from compute.models import ComputeAllocation, ComputeCapacity, ComputeUsage, ComputeUsageImport
from tests.factories import CompanyFactory, StaffFactory


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
    starts_on = factory.LazyAttribute(lambda allocation: allocation.capacity.starts_on)
    ends_on = factory.LazyAttribute(lambda allocation: allocation.capacity.ends_on)
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
