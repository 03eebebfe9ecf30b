"""Application screens: registering, eligibility and duplicate support on the form, scores,
decisions, a flat detail page."""

from datetime import date

import pytest
from django.urls import reverse

from companies.models import GrowthStage
from programs.models import Application, Decision, Evaluation, SupportType
from tests.factories import CompanyFactory
from tests.programs.factories import (
    ApplicationFactory,
    CallFactory,
    EvaluationFactory,
    ProgramFactory,
    SupportAwardFactory,
)
from tests.programs.helpers import HOSTILE, content, form_errors


def application_post(firm, **overrides):
    data = {"company": str(firm.pk), "applied_on": "2022-03-10", "duplicate_reason": ""}
    data.update(overrides)
    return data


def test_staff_register_an_application(client, staff, company):
    call = CallFactory()
    client.force_login(staff)
    response = client.post(
        reverse("programs:application_create", args=[call.pk]), application_post(company)
    )
    application = Application.objects.get()
    assert response["Location"] == application.get_absolute_url()
    assert (application.company, application.stage) == (company, GrowthStage.EARLY)


def test_ineligible_company_is_a_clear_form_error(english, staff):
    company = CompanyFactory(name="무등도약", stage=GrowthStage.SCALE_UP)
    call = CallFactory(eligible_stages=["early"])
    english.force_login(staff)
    response = english.post(
        reverse("programs:application_create", args=[call.pk]), application_post(company)
    )
    assert form_errors(response) == [
        "무등도약 is in the Scale-up stage, which this call does not accept (eligible: Early)."
    ]
    # The picker keeps the chosen company: its id, and its name in the text box.
    assert f'name="company" value="{company.pk}"' in content(response)
    assert 'value="무등도약 (' in content(response)
    assert 'value="2022-03-10"' in content(response)


def test_duplicate_support_shows_the_other_awards_and_asks_for_a_reason(english, staff, company):
    other = SupportAwardFactory(
        company=company,
        program=ProgramFactory(name="청년 창업 멘토링", support_type=SupportType.MENTORING),
        awarded_on=date(2022, 2, 1),
    )
    call = CallFactory(program=ProgramFactory(support_type=SupportType.MENTORING))
    english.force_login(staff)
    url = reverse("programs:application_create", args=[call.pk])
    response = english.post(url, application_post(company))
    assert response.status_code == 200
    assert response.context["form"].duplicates == [other]
    assert "청년 창업 멘토링" in content(response)
    assert form_errors(response, "duplicate_reason") == [
        "This company already has support of this type in 2022 (listed above); "
        "give a reason to go ahead."
    ]
    assert not Application.objects.exists()
    response = english.post(url, application_post(company, duplicate_reason="후속 멘토링"))
    assert response.status_code == 302
    assert Application.objects.get().duplicate_reason == "후속 멘토링"


@pytest.mark.parametrize(
    ("field", "value"),
    [("company", "999999"), ("company", HOSTILE), ("applied_on", "어제"), ("applied_on", "")],
)
def test_hostile_application_input_is_a_form_error(client, staff, company, field, value):
    call = CallFactory()
    client.force_login(staff)
    response = client.post(
        reverse("programs:application_create", args=[call.pk]),
        application_post(company, **{field: value}),
    )
    assert response.status_code == 200
    assert form_errors(response, field)


def test_scoring_and_average_on_the_application_page(client, staff):
    application = ApplicationFactory()
    EvaluationFactory(application=application, score=70)
    client.force_login(staff)
    response = client.post(
        reverse("programs:application_evaluate", args=[application.pk]),
        {"score": "85", "comment": "사업성 우수"},
    )
    assert response.status_code == 302
    response = client.get(application.get_absolute_url())
    assert response.context["average_score"] == 77.5
    assert "77.5" in content(response)
    assert "evaluation_form" not in response.context  # already scored


@pytest.mark.parametrize("score", ["101", "-1", "8.5", HOSTILE, ""])
def test_bad_scores_are_form_errors(client, staff, score):
    application = ApplicationFactory()
    client.force_login(staff)
    response = client.post(
        reverse("programs:application_evaluate", args=[application.pk]), {"score": score}
    )
    assert response.status_code == 200
    assert form_errors(response, "score")
    assert not Evaluation.objects.exists()


def test_rejection_without_reason_is_refused_then_recorded(english, staff):
    application = ApplicationFactory()
    english.force_login(staff)
    url = reverse("programs:application_decide", args=[application.pk])
    response = english.post(url, {"decision": "not_selected", "decision_reason": ""})
    assert form_errors(response, "decision_reason") == [
        "Give a reason when an application is not selected."
    ]
    response = english.post(url, {"decision": "not_selected", "decision_reason": "점수 미달"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.decision, application.decided_by) == (Decision.NOT_SELECTED, staff)


def test_application_detail_queries_do_not_grow(client, staff, assert_flat_queries):
    application = ApplicationFactory()
    client.force_login(staff)
    EvaluationFactory(application=application)

    def grow():
        for _ in range(10):
            EvaluationFactory(application=application)
            SupportAwardFactory(
                company=application.company,
                program__support_type=application.call.program.support_type,
                awarded_on=date(2022, 1, 5),
                duplicate_reason="중복",
            )

    # Expect 14 queries: session, user, sign-in bookkeeping (9), application with its call,
    # programme and company, evaluations, duplicate awards.
    _, response = assert_flat_queries(client, application.get_absolute_url(), grow)
    assert len(response.context["evaluations"]) == 11
    assert len(response.context["duplicates"]) == 10
