import random

from demo.outcomes import seed_outcomes
from outcomes.models import OutcomeReport
from tests.factories import CompanyFactory
from users.models import Role


def test_demo_outcomes_come_only_from_supported_firms(staff, firm_user, company):
    """Firms never supported report nothing; the published figures, from the supported firms
    of the whole demo, are checked on seed_demo (tests/test_seed_demo.py)."""
    companies = [company, *CompanyFactory.create_batch(5)]
    users = {Role.STAFF: [staff], Role.FIRM: [firm_user]}
    assert seed_outcomes(rng=random.Random(5), companies=companies, users=users) == {}
    assert not OutcomeReport.objects.exists()
