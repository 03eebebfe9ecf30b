from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from core.templatetags.formatting import krw, krw_eok, krw_million


def test_money_filters_in_korean():
    with translation.override("ko"):
        assert krw(12_345_678) == "12,345,678원"
        assert krw_million(4_200_000) == "4.2백만원"
        assert krw_eok(24_000_000_000) == "240.0억 원"
        assert krw(None) == ""


def test_million_rounds_half_up():
    with translation.override("en"):
        assert krw_million(1_250_000) == "1.3 million won"
        assert krw_million(1_249_999) == "1.2 million won"


def test_sort_url_toggles_and_keeps_filters():
    request = RequestFactory().get("/companies/", {"stage": "early", "o": "name", "page": "3"})
    rendered = Template("{% load formatting %}{% sort_url 'name' %}").render(
        Context({"request": request})
    )
    assert rendered == "?o=-name&amp;stage=early"


def test_label_gives_the_choice_label_in_the_active_language():
    from django.utils import translation

    from core.templatetags.formatting import label
    from tests.factories import CompanyFactory

    company = CompanyFactory.build(industry="energy", stage="")
    with translation.override("ko"):
        assert label(company, "industry") == company.get_industry_display() == "에너지"
    with translation.override("en"):
        assert label(company, "industry") == "Energy"
    assert label(company, "stage") == ""
