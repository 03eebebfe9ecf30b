"""Programme screens: forms keep input and show errors, lists filter, pages stay flat in queries."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import GrowthStage
from programs.models import (
    Application,
    AwardStatus,
    Call,
    Decision,
    Disbursement,
    Evaluation,
    Program,
    SupportAward,
    SupportType,
)
from tests.factories import CompanyFactory, StaffFactory
from tests.programs.factories import (
    ApplicationFactory,
    AwardInstalmentFactory,
    CallFactory,
    DisbursementFactory,
    EvaluationFactory,
    ProgramBudgetFactory,
    ProgramFactory,
    SelectedApplicationFactory,
    SupportAwardFactory,
)

HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def english(client):
    """Pages in English, so tests read the source messages whatever the catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form_errors(response, field=None, form="form"):
    errors = response.context[form].errors
    return errors.get(field or "__all__", [])


def content(response) -> str:
    return response.content.decode()


# --- programmes -------------------------------------------------------------------------------


def program_post(**overrides):
    data = {
        "name": "AI 바우처",
        "support_type": SupportType.PROTOTYPE,
        "description": "",
        "budget_year": "2022",
        "budget_krw": "500000000",
    }
    data.update(overrides)
    return data


def test_staff_create_a_program_with_its_first_budget(client, staff):
    client.force_login(staff)
    response = client.post(reverse("programs:create"), program_post())
    program = Program.objects.get()
    assert response["Location"] == program.get_absolute_url()
    assert list(program.budgets.values_list("year", "amount_krw")) == [(2022, 500_000_000)]


def test_program_bad_budget_keeps_what_was_typed(english, staff):
    english.force_login(staff)
    response = english.post(reverse("programs:create"), program_post(budget_krw="5억"))
    assert response.status_code == 200
    assert form_errors(response, "budget_krw") == ["Enter a whole number."]
    assert 'value="AI 바우처"' in content(response)
    assert not Program.objects.exists()


def test_budget_year_without_amount_is_a_form_error(english, staff):
    english.force_login(staff)
    response = english.post(reverse("programs:create"), program_post(budget_krw=""))
    assert form_errors(response, "budget_krw") == [
        "Give both the budget year and the amount, or neither."
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "가" * 300),
        ("name", ""),
        ("support_type", "unicorn"),
        ("budget_year", "20a2"),
        ("budget_year", "1899"),
        ("budget_krw", "-1"),
        ("budget_krw", "1e9"),
        ("budget_krw", "9" * 40),
        ("budget_krw", HOSTILE),
    ],
)
def test_hostile_program_input_is_a_form_error_not_a_500(client, staff, field, value):
    client.force_login(staff)
    response = client.post(reverse("programs:create"), program_post(**{field: value}))
    assert response.status_code == 200
    assert form_errors(response, field)
    assert not Program.objects.exists()


def test_hostile_text_is_escaped_when_the_form_comes_back(client, staff):
    client.force_login(staff)
    response = client.post(reverse("programs:create"), program_post(name=HOSTILE, budget_krw="x"))
    assert HOSTILE not in content(response)
    assert "&lt;script&gt;" in content(response)


def test_program_edit_and_budget(client, staff):
    program = ProgramFactory(name="창업 멘토링")
    client.force_login(staff)
    client.post(
        reverse("programs:update", args=[program.pk]),
        {"name": "창업 멘토링 (개편)", "support_type": SupportType.MENTORING, "description": ""},
    )
    response = client.post(
        reverse("programs:budget", args=[program.pk]),
        {"year": "2023", "amount_krw": "900000000"},
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "창업 멘토링 (개편)"
    assert dict(program.budgets.values_list("year", "amount_krw")) == {2023: 900_000_000}


def test_program_detail_shows_budget_beside_awards(english, staff):
    program = ProgramFactory()
    ProgramBudgetFactory(program=program, year=2022, amount_krw=100_000_000)
    SupportAwardFactory(program=program, amount_krw=30_000_000, awarded_on=date(2022, 4, 1))
    SupportAwardFactory(
        program=program,
        amount_krw=5_000_000,
        status=AwardStatus.CANCELLED,
        awarded_on=date(2022, 5, 1),
    )
    english.force_login(staff)
    response = english.get(reverse("programs:detail", args=[program.pk]))
    (row,) = response.context["years"]
    assert (row.year, row.budget_krw, row.award_count, row.awarded_krw, row.unallocated_krw) == (
        2022,
        100_000_000,
        1,
        30_000_000,
        70_000_000,
    )


def test_executive_reads_programs_but_sees_no_write_buttons(client, executive):
    program = ProgramFactory()
    client.force_login(executive)
    response = client.get(reverse("programs:detail", args=[program.pk]))
    assert response.status_code == 200
    assert reverse("programs:update", args=[program.pk]) not in content(response)
    assert client.post(reverse("programs:create"), program_post()).status_code == 403


def test_program_list_filters_by_support_type(client, staff):
    ProgramFactory(name="멘토링", support_type=SupportType.MENTORING)
    ProgramFactory(name="해외", support_type=SupportType.OVERSEAS)
    client.force_login(staff)
    response = client.get(reverse("programs:list"), {"support_type": "overseas"})
    assert [p.name for p in response.context["programs"]] == ["해외"]
    response = client.get(reverse("programs:list"), {"support_type": "unicorn"})
    assert response.status_code == 200
    assert list(response.context["programs"]) == []


def test_program_list_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    for program in ProgramFactory.create_batch(2):
        ProgramBudgetFactory(program=program)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programs:list"))
    for program in ProgramFactory.create_batch(15):
        ProgramBudgetFactory(program=program, year=2021)
        ProgramBudgetFactory(program=program, year=2022)
        CallFactory(program=program)
        SupportAwardFactory(program=program)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("programs:list"))
    assert len(response.context["programs"]) == 17


# --- calls ------------------------------------------------------------------------------------


def call_post(for_program, **overrides):
    data = {
        "program": str(for_program.pk),
        "title": "2022년 창업 멘토링 참여기업 모집 공고",
        "opens_on": "2022-03-02",
        "closes_on": "2022-03-31",
        "eligible_stages": ["early", "pre_startup"],
        "description": "",
    }
    data.update(overrides)
    return data


def test_staff_create_a_call(client, staff):
    program = ProgramFactory()
    client.force_login(staff)
    response = client.post(reverse("programs:call_create"), call_post(program))
    call = Call.objects.get()
    assert response["Location"] == call.get_absolute_url()
    assert call.eligible_stages == ["pre_startup", "early"]


def test_call_closing_before_it_opens_keeps_input(english, staff):
    program = ProgramFactory()
    english.force_login(staff)
    response = english.post(
        reverse("programs:call_create"), call_post(program, closes_on="2022-03-01")
    )
    assert form_errors(response, "closes_on") == ["A call cannot close before it opens."]
    assert 'value="2022년 창업 멘토링 참여기업 모집 공고"' in content(response)
    assert re.search(r'value="early"[^>]*checked', content(response))
    assert not re.search(r'value="growth"[^>]*checked', content(response))
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("eligible_stages", ["unicorn"]),
        ("eligible_stages", []),
        ("opens_on", "2022-02-30"),
        ("closes_on", HOSTILE),
        ("title", "가" * 201),
        ("program", "999999"),
        ("program", HOSTILE),
    ],
)
def test_hostile_call_input_is_a_form_error(client, staff, field, value):
    program = ProgramFactory()
    client.force_login(staff)
    response = client.post(reverse("programs:call_create"), call_post(program, **{field: value}))
    assert response.status_code == 200
    assert form_errors(response, field)
    assert not Call.objects.exists()


def test_call_list_filters_by_program_and_year(client, staff):
    program = ProgramFactory()
    CallFactory(
        program=program, title="올해", opens_on=date(2022, 3, 2), closes_on=date(2022, 3, 9)
    )
    CallFactory(
        program=program, title="작년", opens_on=date(2021, 3, 2), closes_on=date(2021, 3, 9)
    )
    CallFactory(title="다른 사업", opens_on=date(2022, 3, 2), closes_on=date(2022, 3, 9))
    client.force_login(staff)
    response = client.get(reverse("programs:call_list"), {"program": program.pk, "year": "2022"})
    assert [c.title for c in response.context["calls"]] == ["올해"]
    response = client.get(reverse("programs:call_list"), {"year": "abcd"})
    assert list(response.context["calls"]) == []


def test_call_detail_lists_applications_with_average_scores(client, staff):
    call = CallFactory()
    application = ApplicationFactory(call=call)
    EvaluationFactory(application=application, score=80)
    EvaluationFactory(application=application, score=91)
    client.force_login(staff)
    response = client.get(reverse("programs:call_detail", args=[call.pk]))
    (row,) = response.context["applications"]
    assert (row.average_score, row.evaluation_count) == (85.5, 2)
    assert "85.5" in content(response)


def test_call_detail_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    call = CallFactory()
    client.force_login(staff)
    ApplicationFactory(call=call)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programs:call_detail", args=[call.pk]))
    for _ in range(12):
        application = SelectedApplicationFactory(call=call)
        EvaluationFactory(application=application)
        SupportAwardFactory(
            application=application, company=application.company, program=call.program
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("programs:call_detail", args=[call.pk]))
    assert len(response.context["applications"]) == 13


# --- applications -----------------------------------------------------------------------------


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
    assert f'value="{company.pk}" selected' in content(response)
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


def test_application_detail_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    application = ApplicationFactory()
    client.force_login(staff)
    EvaluationFactory(application=application)
    with CaptureQueriesContext(connection) as few:
        client.get(application.get_absolute_url())
    for _ in range(10):
        EvaluationFactory(application=application)
        SupportAwardFactory(
            company=application.company,
            program__support_type=application.call.program.support_type,
            awarded_on=date(2022, 1, 5),
            duplicate_reason="중복",
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(application.get_absolute_url())
    assert len(response.context["evaluations"]) == 11
    assert len(response.context["duplicates"]) == 10


# --- awards ------------------------------------------------------------------------------------


def award_post(**overrides):
    data = {
        "awarded_on": "2022-04-15",
        "amount_krw": "10000000",
        "starts_on": "2022-05-01",
        "ends_on": "2022-12-31",
        "status": "active",
        "duplicate_reason": "",
    }
    data.update(overrides)
    return data


def test_award_from_a_selected_application(client, staff):
    application = SelectedApplicationFactory()
    client.force_login(staff)
    response = client.post(
        reverse("programs:award_create_for_application", args=[application.pk]), award_post()
    )
    award = SupportAward.objects.get()
    assert response["Location"] == award.get_absolute_url()
    assert (award.application, award.company, award.program, award.recorded_by) == (
        application,
        application.company,
        application.call.program,
        staff,
    )


def test_award_for_a_rejected_application_is_refused_on_the_form(english, staff):
    application = SelectedApplicationFactory(
        decision=Decision.NOT_SELECTED, decision_reason="점수 미달"
    )
    english.force_login(staff)
    response = english.post(
        reverse("programs:award_create_for_application", args=[application.pk]), award_post()
    )
    assert form_errors(response) == [
        "Only a selected application can receive an award; this one is Not selected."
    ]
    assert 'value="10000000"' in content(response)
    assert not SupportAward.objects.exists()


def test_direct_award_with_duplicate_support_needs_a_reason(english, staff, company):
    program = ProgramFactory(support_type=SupportType.OVERSEAS)
    SupportAwardFactory(company=company, program=program, awarded_on=date(2022, 1, 10))
    english.force_login(staff)
    data = award_post(program=str(program.pk), company=str(company.pk))
    response = english.post(reverse("programs:award_create"), data)
    assert form_errors(response, "duplicate_reason")
    assert len(response.context["form"].duplicates) == 1
    data["duplicate_reason"] = "2차 해외 전시회"
    assert english.post(reverse("programs:award_create"), data).status_code == 302
    assert SupportAward.objects.filter(duplicate_reason="2차 해외 전시회").count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount_krw", "0"),
        ("amount_krw", "1,000"),
        ("amount_krw", "9" * 30),
        ("ends_on", "2022-04-30"),
        ("status", "lost"),
        ("awarded_on", HOSTILE),
    ],
)
def test_hostile_award_input_is_a_form_error(client, staff, company, field, value):
    program = ProgramFactory()
    client.force_login(staff)
    data = award_post(program=str(program.pk), company=str(company.pk), **{field: value})
    response = client.post(reverse("programs:award_create"), data)
    assert response.status_code == 200
    assert form_errors(response, field)
    assert not SupportAward.objects.exists()


def test_disbursement_over_the_award_is_a_form_error_keeping_input(english, staff):
    award = SupportAwardFactory(amount_krw=10_000_000)
    DisbursementFactory(award=award, amount_krw=6_000_000)
    english.force_login(staff)
    response = english.post(
        reverse("programs:award_disburse", args=[award.pk]),
        {"paid_on": "2022-06-01", "amount_krw": "5000000", "note": "2차"},
    )
    assert form_errors(response, "amount_krw") == [
        "This disbursement would exceed the award: 4,000,000 won left"
    ]
    assert 'value="5000000"' in content(response)
    assert Disbursement.objects.count() == 1
    response = english.post(
        reverse("programs:award_disburse", args=[award.pk]),
        {"paid_on": "2022-06-01", "amount_krw": "4000000", "note": "잔금"},
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.disbursed_krw == 10_000_000


@pytest.mark.parametrize("amount", ["abc", "-5", "0", HOSTILE, "1" * 25])
def test_bad_disbursement_amounts_are_form_errors(client, staff, amount):
    award = SupportAwardFactory()
    client.force_login(staff)
    response = client.post(
        reverse("programs:award_disburse", args=[award.pk]),
        {"paid_on": "2022-06-01", "amount_krw": amount},
    )
    assert response.status_code == 200
    assert form_errors(response, "amount_krw")
    award.refresh_from_db()
    assert award.disbursed_krw == 0


def test_schedule_over_the_award_is_a_form_error(english, staff):
    award = SupportAwardFactory(amount_krw=10_000_000)
    AwardInstalmentFactory(award=award, amount_krw=8_000_000)
    english.force_login(staff)
    response = english.post(
        reverse("programs:award_instalment_add", args=[award.pk]),
        {"due_on": "2022-09-01", "amount_krw": "3000000"},
    )
    assert form_errors(response, "amount_krw") == [
        "The schedule would exceed the award: 2,000,000 won left to schedule."
    ]


def test_award_status_change(client, staff):
    award = SupportAwardFactory(status=AwardStatus.ACTIVE)
    client.force_login(staff)
    response = client.post(
        reverse("programs:award_status", args=[award.pk]), {"status": "completed"}
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.COMPLETED


def test_award_list_filters(client, staff):
    mentoring = ProgramFactory(name="멘토링", support_type=SupportType.MENTORING)
    fund = ProgramFactory(name="펀드", support_type=SupportType.INVESTMENT_FUND)
    a = SupportAwardFactory(program=mentoring, awarded_on=date(2022, 4, 1))
    b = SupportAwardFactory(program=fund, awarded_on=date(2022, 5, 1), status=AwardStatus.COMPLETED)
    c = SupportAwardFactory(program=fund, awarded_on=date(2021, 5, 1))
    client.force_login(staff)
    url = reverse("programs:award_list")

    def pks(**params):
        return {award.pk for award in client.get(url, params).context["awards"]}

    assert pks() == {a.pk, b.pk, c.pk}
    assert pks(program=fund.pk) == {b.pk, c.pk}
    assert pks(support_type="mentoring") == {a.pk}
    assert pks(year="2022") == {a.pk, b.pk}
    assert pks(status="completed", year="2022") == {b.pk}
    assert pks(year="'; DROP TABLE") == set()
    assert pks(program=HOSTILE) == set()


def test_award_list_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    SupportAwardFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programs:award_list"))
    SupportAwardFactory.create_batch(25)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("programs:award_list"))
    assert len(response.context["awards"]) == 27


def test_award_detail_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    award = SupportAwardFactory(amount_krw=100_000_000)
    # One of each row kind first: the page's change history looks up each kind's related names.
    AwardInstalmentFactory(award=award, amount_krw=1_000_000, recorded_by=StaffFactory())
    DisbursementFactory(award=award, amount_krw=1_000_000, recorded_by=StaffFactory())
    client.force_login(staff)
    with CaptureQueriesContext(connection) as few:
        client.get(award.get_absolute_url())
    for _ in range(7):
        AwardInstalmentFactory(award=award, amount_krw=1_000_000, recorded_by=StaffFactory())
        DisbursementFactory(award=award, amount_krw=1_000_000, recorded_by=StaffFactory())
    with django_assert_max_num_queries(len(few)):
        response = client.get(award.get_absolute_url())
    assert len(response.context["disbursements"]) == 8


# --- company page and portal ------------------------------------------------------------------


def test_company_page_lists_all_awards_across_programs_and_years(client, staff, company):
    SupportAwardFactory(company=company, program__name="창업 멘토링", awarded_on=date(2020, 5, 1))
    SupportAwardFactory(
        company=company, program__name="해외 진출 지원", awarded_on=date(2022, 6, 1)
    )
    SupportAwardFactory(program__name="남의 사업")
    client.force_login(staff)
    response = client.get(reverse("companies:sections", args=[company.pk]))
    names = [award.program.name for award in response.context["company_awards"]]
    assert names == ["해외 진출 지원", "창업 멘토링"]
    assert "남의 사업" not in content(response)
    assert response.context["company_award_totals"]["amount_krw"] == 20_000_000


def test_mentor_sees_no_awards_on_the_company_page(client, mentor, company):
    SupportAwardFactory(company=company, program__name="창업 멘토링")
    client.force_login(mentor)
    response = client.get(company.get_absolute_url())
    assert response.status_code == 200
    assert "창업 멘토링" not in content(response)


def test_company_page_awards_queries_do_not_grow(
    client, staff, company, django_assert_max_num_queries
):
    client.force_login(staff)
    SupportAwardFactory(company=company)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("companies:sections", args=[company.pk]))
    for _ in range(10):
        application = SelectedApplicationFactory(company=company)
        SupportAwardFactory(
            company=company, application=application, program=application.call.program
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("companies:sections", args=[company.pk]))
    assert len(response.context["company_awards"]) == 11


def test_firm_sees_its_own_awards_in_the_portal(client, firm_user, company, other_company):
    own = SupportAwardFactory(company=company, program__name="시제품 제작 지원")
    SupportAwardFactory(company=other_company, program__name="남의 펀드")
    client.force_login(firm_user)
    home = content(client.get(reverse("portal:home")))
    assert "시제품 제작 지원" in home
    assert "남의 펀드" not in home
    listing = client.get(reverse("portal:awards"))
    assert list(listing.context["awards"]) == [own]
    detail = client.get(reverse("portal:award_detail", args=[own.pk]))
    assert detail.status_code == 200


def test_firm_cannot_reach_another_firms_award(client, other_firm_user, company):
    award = SupportAwardFactory(company=company)
    client.force_login(other_firm_user)
    assert client.get(reverse("portal:award_detail", args=[award.pk])).status_code == 404
    assert client.get(reverse("programs:award_detail", args=[award.pk])).status_code == 403


def test_portal_home_queries_do_not_grow(client, firm_user, company, django_assert_max_num_queries):
    client.force_login(firm_user)
    SupportAwardFactory(company=company)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:home"))
    SupportAwardFactory.create_batch(10, company=company)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("portal:home"))
    assert len(response.context["portal_awards"]) == 11


def test_portal_award_list_queries_do_not_grow(
    client, firm_user, company, django_assert_max_num_queries
):
    client.force_login(firm_user)
    SupportAwardFactory(company=company)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:awards"))
    SupportAwardFactory.create_batch(10, company=company)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("portal:awards"))
