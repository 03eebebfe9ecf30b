from datetime import date

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from companies.models import GrowthStage
from reports.models import KpiIndicator
from tests.factories import CompanyFactory
from tests.reports.factories import supported_company


def test_dashboard_shows_year_and_cumulative_figures(client, executive):
    supported_company(awarded_on=date(2021, 5, 1))
    supported_company(awarded_on=date(2022, 5, 1), stage=GrowthStage.GROWTH)
    client.force_login(executive)
    response = client.get(reverse("reports:dashboard"), {"year": 2022})
    report = response.context["report"]
    assert (report.figures["firms_supported"], report.cumulative["firms_supported"]) == (1, 2)
    html = response.content.decode()
    assert "<svg" in html
    assert "<script" not in html.split("<main", 1)[-1]
    assert f"{reverse('reports:drilldown', args=['firms_supported'])}?year=2022" in html
    assert 'style="' not in html.split("<main", 1)[-1]


def test_dashboard_ignores_a_bad_year(client, staff):
    client.force_login(staff)
    response = client.get(reverse("reports:dashboard"), {"year": "abc"})
    assert response.status_code == 200
    assert response.context["year"] == response.context["years"][1]


def test_dashboard_queries_do_not_grow(client, executive, assert_flat_queries):
    client.force_login(executive)
    supported_company(stage=GrowthStage.EARLY)

    def grow():
        for index in range(15):
            supported_company(stage=GrowthStage.GROWTH, awarded_on=date(2021 + index % 2, 3, 1))
        CompanyFactory.create_batch(5)

    # Expect 34 queries: session, user, sign-in bookkeeping (9), the indicators of the year,
    # their figures for the year (6, one per family's records) and to date (6), MOUs,
    # relocations and awards by year (3), awards by industry and by programme (2), by stage at
    # the year's end, the cohorts' follow-up (3), the year's report files.
    assert_flat_queries(client, reverse("reports:dashboard"), grow, data={"year": 2022})


def test_drilldown_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    supported_company()
    url = reverse("reports:drilldown", args=["firms_supported"])

    def grow():
        for _ in range(15):
            supported_company()

    # Expect 14 queries: session, user, sign-in bookkeeping (9), the indicator's name, count,
    # the supported companies with their stage at the year's end.
    _, response = assert_flat_queries(client, url, grow, data={"year": 2022})
    assert response.context["paginator"].count == 16


def test_drilldown_unknown_indicator_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("reports:drilldown", args=["nothing"])).status_code == 404


def test_indicators_are_seeded_and_staff_edit_their_wording(client, staff):
    assert KpiIndicator.objects.count() == 17
    indicator = KpiIndicator.objects.get(code="compute_pf")
    assert (indicator.unit, indicator.cumulative_rule) == ("pf", "sum")
    client.force_login(staff)
    url = reverse("reports:indicator_update", args=[indicator.pk])
    data = {
        "name_ko": "연산자원 제공",
        "name_en": "Compute provided",
        "formula": "배분 PF − 회수 PF",
        "counting_rule": "자원 기간 시작 연도 기준",
        "required_evidence": "협약서",
        "period": "quarterly",
        "first_year": 2021,
        "last_year": "",
        "program": "AI 집적단지",
        "position": 8,
        # Not fields of the form: the computation fixes them.
        "unit": "won",
        "cumulative_rule": "none",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name_ko, indicator.period, indicator.first_year) == (
        "연산자원 제공",
        "quarterly",
        2021,
    )
    assert (indicator.unit, indicator.cumulative_rule) == ("pf", "sum")


def test_indicator_years_must_be_in_order(client, staff):
    indicator = KpiIndicator.objects.get(code="patents")
    client.force_login(staff)
    response = client.post(
        reverse("reports:indicator_update", args=[indicator.pk]),
        {
            "name_ko": "특허",
            "name_en": "Patents",
            "counting_rule": "출원번호 기준",
            "period": "yearly",
            "first_year": 2023,
            "last_year": 2022,
            "program": "AI 집적단지",
            "position": 7,
        },
    )
    assert response.status_code == 200
    with translation.override("ko"):  # the page's language
        message = translation.gettext("The last year cannot be before the first year.")
    assert message in str(response.context["form"].errors)


def test_indicator_form_keeps_input_on_error(client, staff):
    indicator = KpiIndicator.objects.get(code="patents")
    client.force_login(staff)
    response = client.post(
        reverse("reports:indicator_update", args=[indicator.pk]),
        {"name_ko": "", "name_en": "Patents", "period": "yearly"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name_ko"]
    assert 'value="Patents"' in response.content.decode()


def test_indicator_list_is_filtered(client, executive):
    client.force_login(executive)
    response = client.get(reverse("reports:indicator_list"), {"unit": "pf"})
    assert [i.code for i in response.context["indicators"]] == ["compute_pf"]
    assert reverse("reports:indicator_update", args=[1]) not in response.content.decode()


def test_drilldown_by_stage_shows_the_stage_at_the_report_date(client, staff):
    firm = supported_company(stage=GrowthStage.GROWTH, stage_on=date(2021, 1, 1))
    firm.stage = GrowthStage.SCALE_UP  # today's stage differs from the 2022 one
    firm.save()
    supported_company(stage=GrowthStage.EARLY)
    client.force_login(staff)
    response = client.get(
        reverse("reports:drilldown", args=["firms_supported"]), {"year": 2022, "stage": "growth"}
    )
    companies = list(response.context["companies"])
    assert companies == [firm]
    assert companies[0].stage_at_label == GrowthStage.GROWTH.label


def test_the_dashboard_shows_a_new_award_at_once_despite_its_cache(client, executive):
    """The figures are cached, but a saved record that they read invalidates them."""
    from tests.reports.factories import supported_company

    client.force_login(executive)
    supported_company(awarded_on=date(2022, 3, 1))
    first = client.get(reverse("reports:dashboard"), {"year": 2022}).context["report"]
    assert first.figures["firms_supported"] == 1
    supported_company(awarded_on=date(2022, 5, 1))
    second = client.get(reverse("reports:dashboard"), {"year": 2022}).context["report"]
    assert second.figures["firms_supported"] == 2


def test_a_cached_dashboard_takes_few_queries(client, executive, django_assert_max_num_queries):
    from tests.reports.factories import supported_company

    supported_company(awarded_on=date(2022, 3, 1))
    client.force_login(executive)
    client.get(reverse("reports:dashboard"), {"year": 2022})  # computes and caches
    with django_assert_max_num_queries(6):
        response = client.get(reverse("reports:dashboard"), {"year": 2022})
    assert response.context["report"].figures["firms_supported"] == 1


def test_a_bulk_import_invalidates_the_cached_figures(client, executive, staff):
    from companies.imports import companies_import
    from core.imports import ImportResult

    client.force_login(executive)
    client.get(reverse("reports:dashboard"), {"year": 2022})
    version = cache.get("reports:kpi-version")
    row = {"name": "가져온기업", "business_number": "2208162517"}
    companies_import(result=ImportResult(rows=[{"company": row, "contact": None}]), by=staff)
    assert cache.get("reports:kpi-version") == version + 1
