"""Reading MOUs: the list and the relocation list (filters, search, sorting, paging), the MOU
page, the summary and the company page's section, all flat in queries."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from mous.models import MouStage, MouStageChange, RelocationType
from tests.factories import CompanyFactory
from tests.mous.factories import MouFactory, RelocationFactory
from tests.mous.helpers import LIST, LONG, RELOCATIONS, SEOUL, SUMMARY, names

# --- list: filters, search, sorting ------------------------------------------------------


def test_list_filters_by_stage_type_and_year(client, staff):
    MouFactory(company=CompanyFactory(name="가온"), stage=MouStage.CONSIDERING)
    MouFactory(company=CompanyFactory(name="나래"), relocation_type=RelocationType.LAB)
    MouFactory(company=CompanyFactory(name="다온"), signed_on=date(2022, 7, 1))
    client.force_login(staff)
    assert names(client.get(LIST, {"stage": "considering"})) == ["가온"]
    assert names(client.get(LIST, {"relocation_type": "lab"})) == ["나래"]
    assert names(client.get(LIST, {"year": "2022"})) == ["다온"]
    assert sorted(names(client.get(LIST, {"year": "2021"}))) == ["가온", "나래"]


def test_list_search_and_sort(client, staff):
    MouFactory(company=CompanyFactory(name="빛고을모빌리티"), planned_investment_krw=5)
    MouFactory(company=CompanyFactory(name="빛고을에너지"), planned_investment_krw=50)
    MouFactory(company=CompanyFactory(name="무등AI"), planned_investment_krw=10)
    client.force_login(staff)
    assert sorted(names(client.get(LIST, {"q": "빛고을"}))) == ["빛고을모빌리티", "빛고을에너지"]
    assert names(client.get(LIST, {"o": "-planned_investment_krw"})) == [
        "빛고을에너지",
        "무등AI",
        "빛고을모빌리티",
    ]
    assert names(client.get(LIST, {"o": "company"})) == ["무등AI", "빛고을모빌리티", "빛고을에너지"]


@time_machine.travel(datetime(2024, 3, 6, 0, 30, tzinfo=SEOUL), tick=False)
def test_list_overdue_filter(client, staff):
    MouFactory(company=CompanyFactory(name="늦음"), next_follow_up_on=date(2024, 3, 5))
    MouFactory(company=CompanyFactory(name="오늘"), next_follow_up_on=date(2024, 3, 6))
    MouFactory(
        company=CompanyFactory(name="종료"),
        stage=MouStage.LAPSED,
        next_follow_up_on=date(2024, 1, 1),
    )
    client.force_login(staff)
    response = client.get(LIST, {"overdue": "true"})
    assert names(response) == ["늦음"]
    assert [mou.is_follow_up_overdue for mou in response.context["mous"]] == [True]
    assert sorted(names(client.get(LIST, {"overdue": "false"}))) == ["오늘", "종료"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "twenty"}, "year"),
        ({"year": "1800"}, "year"),
        ({"stage": "nonsense"}, "stage"),
        ({"q": LONG}, "q"),
        ({"q": "빛\x00고을"}, "q"),
        ({"year": "9" * 50_000}, "year"),
    ],
)
def test_bad_filter_input_is_a_form_error_and_kept(client, staff, params, field):
    MouFactory()
    client.force_login(staff)
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert list(response.context["mous"]) == []
    assert b'class="app-empty"' in response.content
    if field == "year" and params["year"] == "twenty":
        assert 'value="twenty"' in response.content.decode()


def test_bad_page_numbers_are_handled(client, staff):
    for n in range(55):
        MouFactory(company=CompanyFactory(name=f"회사{n:03d}"))
    client.force_login(staff)
    for page in ("abc", "99999", "-1"):
        assert client.get(LIST, {"page": page, "o": "company"}).status_code == 200
    assert len(names(client.get(LIST, {"page": "2"}))) == 5


def test_empty_state(client, staff):
    client.force_login(staff)
    response = client.get(LIST)
    assert b'class="app-empty"' in response.content


def test_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    MouFactory.create_batch(2)

    def grow():
        for _ in range(20):
            mou = MouFactory()
            RelocationFactory(company=mou.company, mou=mou)

    # Expect 13 queries: session, user, sign-in bookkeeping (9), count, MOUs with their
    # companies and relocation counts.
    _, response = assert_flat_queries(client, LIST, grow)
    assert len(response.context["mous"]) == 22


def test_relocation_list_filters_and_queries(client, executive, assert_flat_queries):
    mou = MouFactory(company=CompanyFactory(name="연결"))
    RelocationFactory(company=mou.company, mou=mou, from_region="gyeonggi")
    RelocationFactory(company=CompanyFactory(name="단독"), moved_on=date(2022, 1, 3))
    client.force_login(executive)

    def filter_then_grow():
        assert [
            r.company.name for r in client.get(RELOCATIONS, {"year": "2022"}).context["relocations"]
        ] == ["단독"]
        assert [
            r.company.name
            for r in client.get(RELOCATIONS, {"from_region": "gyeonggi"}).context["relocations"]
        ] == ["연결"]
        for _ in range(15):
            mou = MouFactory()
            RelocationFactory(company=mou.company, mou=mou)

    # Expect 13 queries: session, user, sign-in bookkeeping (9), count, relocations with their
    # MOUs and companies.
    first, response = assert_flat_queries(
        client, RELOCATIONS, filter_then_grow, data={"has_mou": "true"}
    )
    assert [r.company.name for r in first.context["relocations"]] == ["연결"]
    assert len(response.context["relocations"]) == 16


# --- detail, summary, company page ---------------------------------------------------------


def test_detail_shows_commitments_beside_what_happened(client, executive):
    company = CompanyFactory(name="첨단모빌리티", employee_count=37)
    mou = MouFactory(company=company, planned_local_hires=25, planned_investment_krw=1_500_000_000)
    RelocationFactory(company=company, mou=mou, moved_on=date(2021, 9, 1))
    MouStageChange.objects.create(
        mou=mou, stage=MouStage.OPENED, effective_on=date(2021, 9, 1), recorded_by=mou.created_by
    )
    client.force_login(executive)
    response = client.get(mou.get_absolute_url())
    content = response.content.decode()
    assert "1,500,000,000" in content
    assert "37" in content and "25" in content
    assert "2021-09-01" in content
    assert [c.stage for c in response.context["mou"].stage_changes.all()] == [
        MouStage.OPENED,
        MouStage.SIGNED,
    ]
    # Executives read; only staff see the edit buttons.
    assert reverse("mous:update", args=[mou.pk]) not in content


def test_detail_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    mou = MouFactory()

    def grow():
        for n in range(8):
            RelocationFactory(company=mou.company, mou=mou, moved_on=date(2021, 1, 1 + n))
            MouStageChange.objects.create(
                mou=mou,
                stage=MouStage.CONSIDERING if n % 2 else MouStage.OPENED,
                effective_on=date(2021, 4, 1 + n),
                recorded_by=mou.created_by,
            )

    # Expect 17 queries: session, user, sign-in bookkeeping (9), MOU with its company and
    # author, stage changes, relocations, change history and its related names (3).
    assert_flat_queries(client, mou.get_absolute_url(), grow)


def test_summary_page_and_queries(client, executive, assert_flat_queries):
    client.force_login(executive)
    MouFactory(signed_on=date(2020, 5, 1))

    def grow():
        for year in (2020, 2021, 2022):
            for stage in MouStage.values[1:]:
                mou = MouFactory(signed_on=date(year, 6, 1), stage=stage)
                RelocationFactory(company=mou.company, mou=mou)

    # Expect 16 queries: session, user, sign-in bookkeeping (9), MOUs by year and stage, moved
    # firms by year, drafts and overdue follow-ups, relocated firms, firms by region.
    first, response = assert_flat_queries(client, SUMMARY, grow)
    assert first.context["summary"].total.signed == 1
    summary = response.context["summary"]
    assert [row.year for row in summary.years] == [2020, 2021, 2022]
    assert summary.total.signed == 16
    assert summary.relocated_firms == 15


def test_company_page_section_and_queries(client, staff, company, assert_flat_queries):
    client.force_login(staff)
    url = reverse("companies:detail", args=[company.pk])
    MouFactory(company=company)

    def grow():
        for n in range(6):
            mou = MouFactory(company=company, signed_on=date(2021, 1, 1 + n))
            RelocationFactory(company=company, mou=mou, moved_on=date(2022, 1, 1 + n))

    # Expect 20 queries: session, user, sign-in bookkeeping (9), company, MOUs with their
    # relocation counts, relocations, awards, allocations with their usage, bookings, mentor
    # assignments with their hours, sessions, change history.
    first, response = assert_flat_queries(client, url, grow)
    assert len(first.context["mou_section"]["mous"]) == 1
    assert 'id="company-mous"' in first.content.decode()
    section = response.context["mou_section"]
    assert (len(section["mous"]), len(section["relocations"])) == (7, 6)
    assert all(mou.relocation_count <= 1 for mou in section["mous"])


def test_mentor_sees_no_mou_section_on_the_company_page(client, mentor, company):
    MouFactory(company=company)
    client.force_login(mentor)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    assert response.status_code == 200
    assert "mou_section" not in response.context
    assert 'id="company-mous"' not in response.content.decode()
