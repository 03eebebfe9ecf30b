"""Programme and call screens: forms keep input and show errors, lists filter, pages stay flat
in queries."""

import re
from datetime import date

import pytest
from django.urls import reverse

from programs.models import AwardStatus, Call, Program, SupportType
from tests.programs.factories import (
    ApplicationFactory,
    CallFactory,
    EvaluationFactory,
    ProgramBudgetFactory,
    ProgramFactory,
    SelectedApplicationFactory,
    SupportAwardFactory,
)
from tests.programs.helpers import HOSTILE, content, form_errors

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
    assert form_errors(response, "budget_krw") == [
        "Write the amount in digits: 500,000,000 for 5억."
    ]
    assert 'value="5억"' in content(response)
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


def test_a_programmes_post_support_years_are_set_or_left_at_five(client, staff):
    program = ProgramFactory()
    client.force_login(staff)
    url = reverse("programs:update", args=[program.pk])
    data = {"name": program.name, "support_type": program.support_type, "description": ""}
    client.post(url, {**data, "follow_up_years": "3"})
    program.refresh_from_db()
    assert program.follow_up_years == 3
    client.post(url, {**data, "follow_up_years": ""})
    program.refresh_from_db()
    assert program.follow_up_years == 5
    response = client.post(url, {**data, "follow_up_years": "21"})
    assert "follow_up_years" in response.context["form"].errors


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


def test_program_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    for program in ProgramFactory.create_batch(2):
        ProgramBudgetFactory(program=program)

    def grow():
        for program in ProgramFactory.create_batch(15):
            ProgramBudgetFactory(program=program, year=2021)
            ProgramBudgetFactory(program=program, year=2022)
            CallFactory(program=program)
            SupportAwardFactory(program=program)

    # Expect 14 queries: session, user, sign-in bookkeeping (9), count, programmes with their
    # call and award counts, budgets.
    _, response = assert_flat_queries(client, reverse("programs:list"), grow)
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


def test_call_detail_queries_do_not_grow(client, staff, assert_flat_queries):
    call = CallFactory()
    client.force_login(staff)
    ApplicationFactory(call=call)

    def grow():
        for _ in range(12):
            application = SelectedApplicationFactory(call=call)
            EvaluationFactory(application=application)
            SupportAwardFactory(
                application=application, company=application.company, program=call.program
            )

    # Expect 14 queries: session, user, sign-in bookkeeping (9), call with its programme,
    # count, applications with their average scores.
    _, response = assert_flat_queries(client, reverse("programs:call_detail", args=[call.pk]), grow)
    assert len(response.context["applications"]) == 13
