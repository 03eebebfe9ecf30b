"""seed_scale builds the benchmark's dataset: what issue 7 lists, per company, the same each run."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from audit.services import access_chain_verify
from companies.models import Company, CompanyContact, Interaction, StageChange
from mentoring.models import MentoringSession
from mous.models import Mou
from outcomes.models import OutcomeReport, Patent
from programs.models import SupportAward
from tests.module_data import kept_for_the_module
from users.models import Role, User

# One worker runs the whole module under `--dist loadgroup`, so the dataset is seeded once.
pytestmark = pytest.mark.xdist_group("seed-scale")

N = 200


def fingerprint() -> str:
    """A digest of what the random choices decided (not of ids or of the time of the run)."""
    digest = hashlib.sha256()
    for row in Company.objects.order_by("business_number").values_list(
        "business_number", "name", "stage", "industry", "employee_count", "is_active"
    ):
        digest.update(repr(row).encode())
    for row in Interaction.objects.order_by("company__business_number", "occurred_at").values_list(
        "company__business_number", "occurred_at", "kind", "summary"
    ):
        digest.update(repr(row).encode())
    for row in SupportAward.objects.order_by("company__business_number", "awarded_on").values_list(
        "company__business_number", "awarded_on", "amount_krw"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def seed(companies: int = N) -> str:
    out = io.StringIO()
    call_command("seed_scale", companies=companies, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """`seed_scale` on an empty database, twice: the first run is rolled back (its fingerprint
    kept), the second run's data stays for the module's tests."""
    with kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("media")):
        before = transaction.savepoint_create()
        seed()
        first = fingerprint()
        transaction.savepoint_rollback(before)
        emptied = not Company.objects.exists()
        yield {"output": seed(), "first_fingerprint": first, "emptied": emptied}


def test_seed_scale_builds_every_kind_of_record_for_each_company(seeded):
    assert f"Seeded {N} companies" in seeded["output"]
    companies = Company.objects.filter(business_number__regex=r"^\d{3}88")
    assert companies.count() == N
    per_company = companies.annotate(
        n_contacts=Count("contact_links", distinct=True),
        n_interactions=Count("interactions", distinct=True),
        n_stages=Count("stage_changes", distinct=True),
    )
    assert {(c.n_contacts, c.n_interactions) for c in per_company} == {(2, 40)}
    assert all(c.n_stages >= 1 for c in per_company)
    assert CompanyContact.objects.count() == 2 * N
    assert Interaction.objects.count() == 40 * N
    assert StageChange.objects.count() >= N
    supported = SupportAward.objects.values("company").distinct().count()
    assert 0.4 * N < supported < 0.8 * N  # most firms, not all
    assert 0.05 * N <= Mou.objects.count() <= 0.15 * N  # one in ten
    assert MentoringSession.objects.exists()
    assert OutcomeReport.objects.count() > supported  # yearly reports of the supported firms
    assert Patent.objects.exists()
    assert access_chain_verify().ok
    assert access_chain_verify().checked == 5 * N
    assert User.objects.filter(role=Role.FIRM, company__in=companies).exists()
    assert User.objects.filter(role=Role.STAFF, email__endswith="@scale.test").count() == 10


def test_seed_scale_is_deterministic_and_a_second_run_adds_nothing(seeded):
    counts = (Company.objects.count(), Interaction.objects.count(), Mou.objects.count())
    assert "nothing added" in seed()
    assert (Company.objects.count(), Interaction.objects.count(), Mou.objects.count()) == counts
    # The same command on the same empty database gave the same data both times.
    assert seeded["emptied"]
    assert fingerprint() == seeded["first_fingerprint"]
