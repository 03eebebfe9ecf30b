"""The company list and the staff home: Hangul and number search, filters, sorting, paging,
flat query counts."""

import unicodedata
from datetime import date

import pytest
from django.urls import reverse

from tests.companies.pages import LIST, names
from tests.factories import CompanyFactory, InteractionFactory


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
    # At the cap or under it the count is exact; the unfiltered list has a cap of its own.
    exact = client.get(LIST, {"q": "빛고을00"})
    assert (exact.context["paginator"].count, exact.context["paginator"].capped) == (10, False)
    assert "기업 10곳" in exact.content.decode()
    everything = client.get(LIST)
    assert everything.context["paginator"].count == 76
    assert everything.context["paginator"].capped is False
    assert "기업 76곳" in everything.content.decode()
    monkeypatch.setattr(CompanyListView, "count_cap", 70)
    capped = client.get(LIST, {"page": "2"})
    assert (capped.context["paginator"].count, capped.context["paginator"].capped) == (70, True)
    # 무등에너지 sorts first, so the second page starts at 빛고을049.
    assert names(capped) == [f"빛고을{n:03d}" for n in range(49, 69)]
    assert "기업 70곳이 넘게" in capped.content.decode()


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


def test_company_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    CompanyFactory.create_batch(2, assigned_staff=staff)

    def grow():
        for company in CompanyFactory.create_batch(30, assigned_staff=staff):
            InteractionFactory(company=company, staff=staff)

    # Expect 14 queries: session, user, sign-in bookkeeping (9), count, the filter's staff,
    # companies with their interaction counts.
    _, response = assert_flat_queries(client, LIST, grow)
    assert len(response.context["companies"]) == 32


def test_staff_home_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    InteractionFactory(company=CompanyFactory(assigned_staff=staff), staff=staff)

    def grow():
        for company in CompanyFactory.create_batch(25, assigned_staff=staff):
            InteractionFactory(company=company, staff=staff, follow_up_on=date(2024, 4, 1))

    # Expect 17 queries: session, user, sign-in bookkeeping (9), my companies with their
    # interaction counts, follow-ups due, overdue follow-ups, overdue MOU follow-ups, recent
    # interactions, their participants.
    assert_flat_queries(client, reverse("companies:staff_home"), grow)


def test_each_row_shows_the_company_escaped_and_formatted(client, staff):
    """The rows are written by company_rows (format_html): every cell, escaped, in Korean."""
    company = CompanyFactory(
        name="<b>빛&고을</b>",
        business_number="1168200276",
        industry="energy",
        stage="growth",
        employee_count=1234,
        is_in_gwangju=True,
        is_active=False,
        assigned_staff=staff,
    )
    InteractionFactory.create_batch(2, company=company)
    CompanyFactory(
        name="무등", business_number="", founded_on=None, stage="pre_startup", is_in_gwangju=False
    )
    client.force_login(staff)
    html = client.get(LIST).content.decode()
    first = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    cells = [cell.split("</td>", 1)[0] for cell in first.split("<td")[1:]]
    assert '<tr class="app-inactive">' in first
    assert cells == [
        f'><a href="/companies/{company.pk}/">&lt;b&gt;빛&amp;고을&lt;/b&gt;</a>'
        ' <span class="krds-badge">비활성</span>',
        ' class="nowrap">116-82-00276',
        ">에너지",
        ">성장",
        ' class="num">1,234',
        ">예",
        f">{staff.display_name}",
        ' class="num">2',
    ]
    second = html.split("<tbody>", 1)[1].split("</tr>", 2)[1]
    assert "<tr>" in second and '"nowrap">—<' in second and "<td>-</td>" in second
    assert "<td>아니오</td>" in second
