import unicodedata
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, GrowthStage, Interaction, StageChange
from tests.factories import (
    CompanyContactFactory,
    CompanyFactory,
    InteractionFactory,
    StageChangeFactory,
    valid_business_number,
)

LIST = reverse("companies:list")


def names(response):
    return [company.name for company in response.context["companies"]]


def company_post(**overrides):
    data = {
        "name": "첨단모빌리티",
        "business_number": "134-86-72683",
        "corporate_number": "",
        "representative": "홍길동",
        "founded_on": "2021-03-02",
        "address": "광주광역시 북구 첨단과기로 123",
        "is_in_gwangju": "on",
        "industry": "automotive",
        "ksic_code": "J58221",
        "employee_count": "12",
        "website": "https://example.kr",
        "description": "자율주행 AI",
        "assigned_staff": "",
        "stage": "early",
        "stage_effective_on": "2021-03-02",
    }
    data.update(overrides)
    return data


# --- list, search, filters ---------------------------------------------------------------


def test_hangul_search_finds_by_part_of_the_name(client, staff):
    CompanyFactory(name="빛고을헬스케어")
    CompanyFactory(name="무등에너지")
    client.force_login(staff)
    assert names(client.get(LIST, {"q": "헬스"})) == ["빛고을헬스케어"]


def test_decomposed_hangul_query_finds_composed_name(client, staff):
    CompanyFactory(name="빛고을헬스케어")
    client.force_login(staff)
    query = unicodedata.normalize("NFD", "고을헬스")
    assert query != "고을헬스"
    assert names(client.get(LIST, {"q": query})) == ["빛고을헬스케어"]


@pytest.mark.parametrize("query", ["116-82-00276", "1168200276", "82-002", "8200276"])
def test_search_by_registration_number_with_or_without_hyphens(client, staff, query):
    CompanyFactory(name="찾는회사", business_number="1168200276")
    CompanyFactory(name="다른회사")
    client.force_login(staff)
    assert names(client.get(LIST, {"q": query})) == ["찾는회사"]


def test_filters_combine(client, staff):
    CompanyFactory(name="가", industry="energy", stage="growth", is_in_gwangju=True)
    CompanyFactory(name="나", industry="energy", stage="early", is_in_gwangju=True)
    CompanyFactory(name="다", industry="energy", stage="growth", is_in_gwangju=False)
    CompanyFactory(name="라", industry="automotive", stage="growth", is_in_gwangju=True)
    CompanyFactory(name="마", industry="energy", stage="growth", is_active=False)
    client.force_login(staff)
    response = client.get(
        LIST,
        {"industry": "energy", "stage": "growth", "is_in_gwangju": "true", "is_active": "true"},
    )
    assert names(response) == ["가"]
    assert names(client.get(LIST, {"assigned_staff": staff.pk})) == []


def test_sorting_by_employees_descending(client, staff):
    CompanyFactory(name="작은", employee_count=3)
    CompanyFactory(name="큰", employee_count=300)
    CompanyFactory(name="중간", employee_count=30)
    client.force_login(staff)
    assert names(client.get(LIST, {"o": "-employee_count"})) == ["큰", "중간", "작은"]


@pytest.mark.parametrize(("page", "first"), [("abc", 0), ("99999", 50), ("-1", 50), ("2", 50)])
def test_bad_page_numbers_are_handled(client, staff, page, first):
    for n in range(60):
        CompanyFactory(name=f"회사{n:03d}")
    client.force_login(staff)
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert names(response)[0] == f"회사{first:03d}"


def test_a_broad_search_counts_up_to_the_cap_and_pages_through_that_many(
    client, staff, monkeypatch
):
    from companies.views.companies import CompanyListView

    monkeypatch.setattr(CompanyListView, "search_count_cap", 60)
    for n in range(75):
        CompanyFactory(name=f"빛고을{n:03d}")
    CompanyFactory(name="무등에너지")
    client.force_login(staff)
    first = client.get(LIST, {"q": "빛고을"})
    assert first.context["paginator"].count == 60
    assert first.context["paginator"].capped is True
    assert first.context["paginator"].num_pages == 2
    assert "기업 60곳이 넘게 검색되어 앞의 60곳만 보여 줍니다" in first.content.decode()
    last = client.get(LIST, {"q": "빛고을", "page": "9"})
    assert names(last) == [f"빛고을{n:03d}" for n in range(50, 60)]
    # At the cap or under it the count is exact; the unfiltered list is never capped.
    exact = client.get(LIST, {"q": "빛고을00"})
    assert (exact.context["paginator"].count, exact.context["paginator"].capped) == (10, False)
    assert "기업 10곳" in exact.content.decode()
    everything = client.get(LIST)
    assert everything.context["paginator"].count == 76
    assert not getattr(everything.context["paginator"], "capped", False)
    assert "기업 76곳" in everything.content.decode()


def test_a_search_sorted_by_another_column_pages_in_that_order(client, staff):
    for n in range(55):
        CompanyFactory(name=f"빛고을{n:03d}", employee_count=n)
    client.force_login(staff)
    params = {"q": "빛고을", "o": "-employee_count"}
    first = client.get(LIST, params)
    second = client.get(LIST, {**params, "page": "2"})
    assert names(first) == [f"빛고을{n:03d}" for n in range(54, 4, -1)]
    assert names(second) == [f"빛고을{n:03d}" for n in range(4, -1, -1)]


def test_empty_state(client, staff):
    client.force_login(staff)
    response = client.get(LIST, {"q": "없는회사"})
    assert response.status_code == 200
    assert list(response.context["companies"]) == []
    assert b'class="app-empty"' in response.content


def test_htmx_filter_returns_only_the_results_fragment(client, staff, company):
    client.force_login(staff)
    response = client.get(LIST, {"q": "빛고을"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results">')
    assert "<html" not in content
    assert company.name in content


def test_invalid_filter_value_gives_an_empty_list_not_an_error(client, staff, company):
    client.force_login(staff)
    response = client.get(LIST, {"stage": "unicorn"})
    assert response.status_code == 200
    assert names(response) == []


def test_mentor_sees_only_assigned_companies_in_the_list(client, mentor, company, other_company):
    client.force_login(mentor)
    assert names(client.get(LIST)) == [company.name]


def test_company_list_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    CompanyFactory.create_batch(2, assigned_staff=staff)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for company in CompanyFactory.create_batch(30, assigned_staff=staff):
        InteractionFactory(company=company, staff=staff)
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)
    assert len(response.context["companies"]) == 32


def test_staff_home_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    InteractionFactory(company=CompanyFactory(assigned_staff=staff), staff=staff)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("companies:staff_home"))
    for company in CompanyFactory.create_batch(25, assigned_staff=staff):
        InteractionFactory(company=company, staff=staff, follow_up_on=date(2024, 4, 1))
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("companies:staff_home"))


# --- detail ------------------------------------------------------------------------------


def test_company_detail_shows_timeline_newest_first(client, staff, company):
    StageChangeFactory(company=company, stage=GrowthStage.EARLY, effective_on=date(2020, 1, 1))
    InteractionFactory(company=company, summary="첫 상담")
    client.force_login(staff)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    content = response.content.decode()
    assert "116-82-00276" in content
    assert content.index("첫 상담") < content.index("2020-01-01")


def test_company_detail_queries_do_not_grow(client, staff, company, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("companies:detail", args=[company.pk])
    contact = CompanyContactFactory(company=company)
    InteractionFactory(company=company).participants.add(contact.person)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        contact = CompanyContactFactory(company=company)
        InteractionFactory(company=company).participants.add(contact.person)
        StageChangeFactory(company=company, effective_on=date(2000 + n, 1, 1))
    with django_assert_max_num_queries(len(few)):
        client.get(url)


# --- create, edit, bad input -------------------------------------------------------------


def test_staff_registers_a_company_with_its_first_stage(client, staff):
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post())
    company = Company.objects.get(business_number="1348672683")
    assert response.status_code == 302
    assert response["Location"] == company.get_absolute_url()
    assert company.stage == GrowthStage.EARLY
    assert StageChange.objects.get(company=company).effective_on == date(2021, 3, 2)


def form_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_wrong_check_digit_is_refused_and_input_kept(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("companies:create"), company_post(business_number="134-86-72684")
    )
    assert response.status_code == 200
    assert form_errors(response, "business_number") == [
        "사업자등록번호 검증번호가 맞지 않습니다. 번호를 확인해 주세요."
    ]
    assert 'value="134-86-72684"' in response.content.decode()
    assert 'value="첨단모빌리티"' in response.content.decode()
    assert not Company.objects.exists()


def test_duplicate_registration_number_names_the_existing_company(client, staff):
    CompanyFactory(name="먼저등록", business_number="1348672683")
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post(business_number="1348672683"))
    assert form_errors(response, "business_number") == [
        "사업자등록번호 134-86-72683은(는) 이미 먼저등록(으)로 등록되어 있습니다."
    ]
    assert Company.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "가" * 50_000),
        ("name", "빛고을\x00헬스"),
        ("representative", "a\x00b"),
        ("description", "x" * 50_000),
        ("employee_count", "-5"),
        ("employee_count", "열두명"),
        ("founded_on", "2021-13-40"),
        ("website", "javascript:alert(1)"),
        ("ksic_code", "DROP TABLE"),
        ("industry", "mining"),
        ("corporate_number", "12345"),
    ],
)
def test_bad_input_gives_a_form_error_not_a_500(client, staff, field, value):
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post(**{field: value}))
    assert response.status_code == 200
    assert form_errors(response, field)
    assert not Company.objects.exists()


def test_future_founding_date_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post(founded_on="2999-01-01"))
    assert form_errors(response, "founded_on")


def test_decomposed_hangul_name_is_stored_composed(client, staff):
    client.force_login(staff)
    client.post(
        reverse("companies:create"), company_post(name=unicodedata.normalize("NFD", "첨단모빌리티"))
    )
    assert Company.objects.get().name == "첨단모빌리티"
    assert names(client.get(LIST, {"q": "모빌"})) == ["첨단모빌리티"]


def test_staff_edits_and_deactivates_a_company(client, staff, company):
    client.force_login(staff)
    data = company_post(business_number=company.business_number, is_active="")
    data.pop("stage")
    response = client.post(reverse("companies:update", args=[company.pk]), data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.name, company.is_active) == ("첨단모빌리티", False)
    assert company.deactivated_on == timezone.localdate()  # left empty: today in Seoul


def test_deactivation_keeps_the_date_given_and_reactivation_clears_it(client, staff, company):
    client.force_login(staff)
    url = reverse("companies:update", args=[company.pk])
    data = company_post(business_number=company.business_number, is_active="")
    data.pop("stage")
    client.post(url, {**data, "deactivated_on": "2024-03-31"})
    company.refresh_from_db()
    assert (company.is_active, company.deactivated_on) == (False, date(2024, 3, 31))
    client.post(url, {**data, "is_active": "on", "deactivated_on": "2024-03-31"})
    company.refresh_from_db()
    assert (company.is_active, company.deactivated_on) == (True, None)


def test_deactivation_date_in_the_future_is_a_form_error(client, staff, company):
    client.force_login(staff)
    data = company_post(business_number=company.business_number, is_active="")
    data.pop("stage")
    response = client.post(
        reverse("companies:update", args=[company.pk]), {**data, "deactivated_on": "2999-01-01"}
    )
    assert response.status_code == 200
    assert form_errors(response, "deactivated_on")
    company.refresh_from_db()
    assert company.is_active


def test_stage_change_view_records_history(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:stage_change", args=[company.pk]),
        {"stage": "growth", "effective_on": "2023-01-02", "note": "매출 성장"},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.stage == "growth"
    assert company.stage_changes.get().recorded_by == staff


def test_stage_change_in_the_future_is_a_form_error(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:stage_change", args=[company.pk]),
        {"stage": "growth", "effective_on": "2999-01-02"},
    )
    assert response.status_code == 200
    assert form_errors(response, "effective_on")


def test_add_contact(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:contact_add", args=[company.pk]),
        {"name": "이영희", "title": "CTO", "email": "lee@example.kr", "phone": "010-1234-5678"},
    )
    assert response.status_code == 302
    assert company.contact_links.get().person.name == "이영희"


def test_add_contact_with_bad_phone_keeps_input(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:contact_add", args=[company.pk]),
        {"name": "이영희", "phone": "<script>"},
    )
    assert form_errors(response, "phone")
    assert 'value="이영희"' in response.content.decode()


# --- interactions -------------------------------------------------------------------------


def interaction_post(**overrides):
    data = {
        "kind": "visit",
        "occurred_at": "2024-03-05T14:30",
        "summary": "실증센터 장비 수요 조사",
        "other_participants": "",
        "follow_up_on": "2024-03-19",
    }
    data.update(overrides)
    return data


def test_log_interaction_with_htmx_swaps_the_panel(client, staff, company):
    contact = CompanyContactFactory(company=company)
    client.force_login(staff)
    response = client.post(
        reverse("companies:interaction_create", args=[company.pk]),
        interaction_post(participants=[contact.person.pk]),
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="interaction-panel"')
    assert "실증센터 장비 수요 조사" in content
    interaction = Interaction.objects.get()
    assert interaction.staff == staff
    assert list(interaction.participants.all()) == [contact.person]
    assert interaction.occurred_at.isoformat() == "2024-03-05T05:30:00+00:00"


def test_log_interaction_without_htmx_redirects(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:interaction_create", args=[company.pk]), interaction_post()
    )
    assert response.status_code == 302
    assert Interaction.objects.count() == 1


def test_interaction_with_follow_up_before_it_is_refused(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:interaction_create", args=[company.pk]),
        interaction_post(follow_up_on="2024-03-01"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "실증센터 장비 수요 조사" in response.content.decode()  # input kept
    assert not Interaction.objects.exists()


def test_participant_from_another_company_is_refused(client, staff, company):
    stranger = CompanyContactFactory()
    client.force_login(staff)
    response = client.post(
        reverse("companies:interaction_create", args=[company.pk]),
        interaction_post(participants=[stranger.person.pk]),
    )
    assert form_errors(response, "participants")
    assert not Interaction.objects.exists()


def test_business_numbers_made_by_the_factory_are_valid():
    from core.validators import clean_business_number

    for n in range(50):
        assert clean_business_number(valid_business_number(n))


def test_field_errors_are_linked_to_their_input_for_screen_readers(client, staff):
    client.force_login(staff)
    response = client.post(reverse("companies:create"), company_post(business_number="12"))
    content = response.content.decode()
    assert 'aria-describedby="id_business_number_helptext id_business_number_error"' in content
    assert 'aria-invalid="true"' in content
    assert content.count('id="id_business_number_error"') == 1


def test_the_company_page_shows_the_newest_entries_and_offers_the_rest(client, staff, company):
    from tests.factories import InteractionFactory

    InteractionFactory.create_batch(25, company=company, staff=staff)
    client.force_login(staff)
    url = reverse("companies:detail", args=[company.pk])
    short = client.get(url)
    assert len(short.context["timeline"]) == 20
    assert short.context["timeline_more"] is True
    assert "?timeline=all" in short.content.decode()
    full = client.get(url, {"timeline": "all"})
    assert len(full.context["timeline"]) == 25
    assert full.context["timeline_more"] is False
