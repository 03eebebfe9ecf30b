"""The demo's MOUs and relocations: the published counts, a second run adding nothing, the same
seed giving the same data, a real PDF."""

import random
from datetime import date

from django.core.files.base import ContentFile

from core.uploads import PDF, PDF_KINDS, validate_upload
from demo.mous import MOU_COUNT, RELOCATED_FIRMS, demo_pdf, seed_mous
from mous.models import Mou, MouStage, MouStageChange, Relocation
from tests.factories import CompanyFactory, StaffFactory
from users.models import Role


def _demo_cast():
    staff = [StaffFactory(), StaffFactory()]
    companies = []
    for n in range(300):
        in_gwangju = n % 5 != 0
        companies.append(
            CompanyFactory.build(
                founded_on=date(2010 + n % 13, 1 + n % 12, 1),
                is_in_gwangju=in_gwangju,
                address="광주광역시 북구 첨단과기로 1" if in_gwangju else "서울특별시 강남구",
            )
        )
    from companies.models import Company

    Company.objects.bulk_create(companies)
    return list(Company.objects.order_by("pk")), {Role.STAFF: staff}


def test_demo_seed_makes_135_mous_and_94_relocated_firms(settings):
    companies, users = _demo_cast()
    assert seed_mous(rng=random.Random(7), companies=companies, users=users) == MOU_COUNT
    assert Mou.objects.count() == MOU_COUNT == 135
    assert Mou.objects.values("company").distinct().count() == 135
    assert Relocation.objects.values("company").distinct().count() == RELOCATED_FIRMS == 94
    signed_years = set(Mou.objects.values_list("signed_on__year", flat=True))
    assert signed_years <= {2020, 2021, 2022}
    # The 94 attracted firms are cumulative to 2022, as PROGRAMME.md reports them.
    assert not Relocation.objects.filter(moved_on__year__gt=2022).exists()
    for relocation in Relocation.objects.select_related("mou"):
        has_mou = Mou.objects.filter(company=relocation.company_id).exists()
        # A firm with an MOU has every relocation linked to it, and only to its own.
        assert (relocation.mou is not None) == has_mou
        if relocation.mou:
            assert relocation.mou.company_id == relocation.company_id
    for mou in Mou.objects.prefetch_related("stage_changes", "relocations"):
        history = sorted(mou.stage_changes.all(), key=lambda c: (c.effective_on, c.pk))
        assert history[0].stage == MouStage.SIGNED and history[0].effective_on == mou.signed_on
        assert history[-1].stage == mou.stage
        moved = bool(mou.relocations.all())
        assert moved == (mou.stage in (MouStage.OPENED, MouStage.RELOCATED))
        if mou.document:
            assert mou.document.open("rb").read(5) == b"%PDF-"
        mou.full_clean()
    # A second run adds nothing.
    assert seed_mous(rng=random.Random(7), companies=companies, users=users) == 0
    assert Mou.objects.count() == 135


def test_demo_seed_is_deterministic():
    def snapshot():
        return list(
            Mou.objects.order_by("company__business_number").values_list(
                "company__business_number", "signed_on", "stage", "planned_investment_krw"
            )
        )

    companies, users = _demo_cast()
    seed_mous(rng=random.Random(3), companies=companies, users=users)
    first = snapshot()
    Relocation.objects.all().delete()
    MouStageChange.objects.all().delete()
    Mou.objects.all().delete()
    seed_mous(rng=random.Random(3), companies=companies, users=users)
    assert snapshot() == first


def test_demo_pdf_is_a_pdf():
    data = demo_pdf("MOU 2021-03-02")
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    # The service accepts it as a signed document.
    assert validate_upload(ContentFile(data, name="x.pdf"), kinds=PDF_KINDS) == PDF
