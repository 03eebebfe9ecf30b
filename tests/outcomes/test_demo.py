import random

from django.db.models import Sum

from demo.outcomes import seed_outcomes
from outcomes.models import OutcomeReport, OutcomeStatus, Patent, PatentStatus
from tests.factories import CompanyFactory
from training.models import Trainee, TrainingTrack
from users.models import Role


def test_demo_outcomes_give_the_published_figures(staff, firm_user, company):
    companies = [company, *CompanyFactory.create_batch(100)]
    users = {Role.STAFF: [staff], Role.FIRM: [firm_user]}
    assert seed_outcomes(rng=random.Random(5), companies=companies, users=users)
    accepted = OutcomeReport.objects.accepted()
    jobs = accepted.filter(period__year__range=(2020, 2022)).aggregate(n=Sum("new_hires"))
    assert jobs["n"] == 436
    survey = accepted.for_year(2021)
    assert survey.count() == 82
    assert survey.aggregate(n=Sum("revenue_krw"))["n"] == 24_000_000_000
    assert survey.aggregate(n=Sum("new_hires"))["n"] == 300
    patents = Patent.objects.accepted().filter(
        report__period__year__range=(2020, 2022),
        status__in=[PatentStatus.FILED, PatentStatus.REGISTERED],
    )
    assert patents.count() == 192
    assert OutcomeReport.objects.exclude(status=OutcomeStatus.ACCEPTED).count() == 10
    assert OutcomeReport.objects.get(company=company).status == OutcomeStatus.DRAFT
    trained = Trainee.objects.filter(course__year__lte=2021).count()
    assert trained == 1254
    assert Trainee.objects.filter(course__year=2022).count() == 1490
    undergraduate = Trainee.objects.filter(course__track=TrainingTrack.AI_UNDERGRADUATE)
    assert undergraduate.count() == 400
    # A second run does nothing.
    assert seed_outcomes(rng=random.Random(5), companies=companies, users=users) == {}
