from datetime import date

import factory

from mous.models import Mou, MouStage, MouStageChange, Region, Relocation, RelocationType
from tests.factories import CompanyFactory, StaffFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class MouFactory(factory.django.DjangoModelFactory):
    """A signed MOU (signed outside the system) with its first history row."""

    class Meta:
        model = Mou
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(
            stage=MouStage.DRAFT, signed_on=None, is_signed_outside=False, signed_outside_on=None
        )
        with_document = factory.Trait(
            is_signed_outside=False,
            signed_outside_on=None,
            document=factory.django.FileField(data=PDF_BYTES, filename="협약서.pdf"),
            document_name="협약서.pdf",
        )

    company = factory.SubFactory(CompanyFactory)
    signed_on = date(2021, 3, 2)
    parties = "광주광역시, 인공지능산업융합사업단"
    planned_investment_krw = 1_500_000_000
    planned_local_hires = 20
    relocation_type = RelocationType.HEADQUARTERS
    stage = MouStage.SIGNED
    is_signed_outside = True
    signed_outside_on = date(2021, 3, 2)
    created_by = factory.SubFactory(StaffFactory)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create and obj.stage != MouStage.DRAFT:
            MouStageChange.objects.create(
                mou=obj,
                stage=MouStage.SIGNED,
                effective_on=obj.signed_on,
                recorded_by=obj.created_by,
            )
            if obj.stage != MouStage.SIGNED:
                MouStageChange.objects.create(
                    mou=obj, stage=obj.stage, effective_on=obj.signed_on, recorded_by=obj.created_by
                )


class RelocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relocation

    company = factory.SubFactory(CompanyFactory)
    mou = None
    from_region = Region.SEOUL
    moved_on = date(2021, 9, 1)
    relocation_type = RelocationType.BRANCH
    gwangju_address = "광주광역시 북구 첨단과기로 208"
    recorded_by = factory.SubFactory(StaffFactory)
