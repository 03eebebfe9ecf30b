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


def test_decimal_filters_round_half_up_with_separators():
    from decimal import Decimal

    from core.templatetags.formatting import hours, number, percent, pf

    with translation.override("ko"):
        assert pf(Decimal("1.2345")) == "1.23"
        assert pf(Decimal("1234.5")) == "1,234.50"
        assert hours(Decimal("1234.50")) == "1,235"
        assert hours(Decimal("999.49")) == "999"
        assert percent(Decimal("12.345")) == "12.3%"
        assert percent(12.35) == "12.4%"
        assert number(Decimal("1.25"), 1) == "1.3"
        assert str(number(1234567)) == "1,234,567"
        assert (pf(None), hours(None), percent(None), number(None)) == ("", "", "", "")


def test_a_count_keeps_its_plural_and_shows_separators():
    template = Template(
        "{% load formatting i18n %}{% blocktranslate count counter=n|number %}"
        "{{ counter }} company{% plural %}{{ counter }} companies{% endblocktranslate %}"
    )
    with translation.override("en"):
        assert template.render(Context({"n": 1})) == "1 company"
        assert template.render(Context({"n": 123456})) == "123,456 companies"


def test_moments_are_shown_in_seoul_in_one_format_in_both_languages():
    from datetime import UTC, date, datetime

    from core.templatetags.formatting import moment

    utc = datetime(2024, 3, 4, 23, 30, tzinfo=UTC)  # already the 5th in Seoul
    for language in ("ko", "en"):
        with translation.override(language):
            assert moment(utc) == "2024-03-05 08:30"
            assert moment(date(2024, 3, 5)) == "2024-03-05"
            # Django's own rendering of a moment and a date follows the same formats.
            rendered = Template("{{ at }} {{ day }}").render(
                Context({"at": utc, "day": utc.date()})
            )
            assert rendered == "2024-03-05 08:30 2024-03-04"
