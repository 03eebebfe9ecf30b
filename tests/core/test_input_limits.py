"""The shared limits on what enters the CRM: the date window (1900-01-01 to 2100-12-31), whole
numbers within their column, decimals within their digits, long text filters cut, ids that fit
a key; and the meta-tests that every date field, form and filter uses them."""

import importlib
import inspect
import pkgutil
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from companies.models import Company
from core.filters import YearFilter
from core.forms import (
    InputLimitsMixin,
    NormalizedFilterForm,
    NormalizedFormMixin,
)
from core.imports import sheet_date
from core.text import ascii_id
from core.validators import date_in_window, validate_date_window
from outcomes.models import OutcomeReport
from tests.factories import CompanyFactory

SEOUL = ZoneInfo("Asia/Seoul")
WINDOW_MESSAGE = "Enter a date between 1900-01-01 and 2100-12-31."
LIMITED = (forms.DateField, forms.DateTimeField, forms.IntegerField)
PROJECT_APPS = {
    "audit",
    "companies",
    "compute",
    "core",
    "equipment",
    "mentoring",
    "mous",
    "notices",
    "outcomes",
    "portal",
    "programs",
    "reports",
    "training",
    "users",
}


@pytest.mark.parametrize(
    "value",
    [
        date(1900, 1, 1),
        date(2100, 12, 31),
        datetime(1900, 1, 1, 0, 0, tzinfo=SEOUL),  # offset +08:27:52 (LMT) then
        datetime(2100, 12, 31, 23, 59, tzinfo=SEOUL),
    ],
)
def test_the_window_includes_its_first_and_last_day(value):
    assert date_in_window(value)
    validate_date_window(value)


@pytest.mark.parametrize(
    "value",
    [
        date(1, 1, 1),
        date(1899, 12, 31),
        date(2101, 1, 1),
        date(9999, 12, 31),
        datetime(1, 1, 1, 0, 0, tzinfo=SEOUL),  # a moment in 1 BC in UTC
        datetime(1, 1, 1, 0, 0, tzinfo=ZoneInfo("UTC")),
        datetime(9999, 12, 31, 23, 59, tzinfo=ZoneInfo("UTC")),  # year 10000 in Seoul
        datetime(2100, 12, 31, 15, 0, tzinfo=ZoneInfo("UTC")),  # 2101-01-01 00:00 in Seoul
    ],
)
def test_values_outside_the_window_are_refused_with_the_window_in_the_message(value):
    assert not date_in_window(value)
    with pytest.raises(ValidationError) as caught:
        validate_date_window(value)
    assert caught.value.messages == [WINDOW_MESSAGE]
    assert caught.value.code == "date_window"


def test_an_empty_value_is_left_to_the_field():
    validate_date_window(None)


class PlainForm(NormalizedFormMixin, forms.Form):
    on = forms.DateField(required=False)
    at = forms.DateTimeField(required=False)
    count = forms.IntegerField(required=False)
    capped = forms.IntegerField(required=False, max_value=10**15, min_value=0)
    share = forms.DecimalField(required=False)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"on": "0001-01-01"}, "on", WINDOW_MESSAGE),
        ({"on": "2101-01-01"}, "on", WINDOW_MESSAGE),
        ({"at": "0001-01-01T00:00"}, "at", WINDOW_MESSAGE),
        ({"at": "9999-12-31T23:59"}, "at", WINDOW_MESSAGE),
        (
            {"count": "2147483648"},
            "count",
            "Ensure this value is less than or equal to 2147483647.",
        ),
        (
            {"count": "-2147483649"},
            "count",
            "Ensure this value is greater than or equal to -2147483648.",
        ),
        ({"share": "1e999999"}, "share", "Ensure that there are no more than 15 digits in total."),
        (
            {"share": "1234567890123456"},
            "share",
            "Ensure that there are no more than 15 digits in total.",
        ),
    ],
)
def test_a_plain_form_refuses_edge_values_with_a_message(data, field, message):
    form = PlainForm(data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_a_plain_form_keeps_its_own_wider_limit_and_accepts_the_edges_inside():
    form = PlainForm(
        {
            "on": "1900-01-01",
            "at": "2100-12-31T23:59",
            "count": "2147483647",
            "capped": str(10**15),
            "share": "123456789012.345",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["capped"] == 10**15
    assert form.cleaned_data["share"] == Decimal("123456789012.345")


class FiguresForm(InputLimitsMixin, forms.ModelForm):
    class Meta:
        model = OutcomeReport
        fields = ["employees_at_end", "revenue_krw"]


@pytest.mark.parametrize(
    ("field", "too_big", "largest"),
    [
        ("employees_at_end", 2**31, 2**31 - 1),  # PositiveIntegerField: integer on PostgreSQL
        ("revenue_krw", 2**63, 2**63 - 1),  # PositiveBigIntegerField: bigint
    ],
)
def test_a_model_form_refuses_what_the_postgresql_column_cannot_hold_on_either_database(
    field, too_big, largest
):
    """SQLite would store 2**31 in an integer column; restoring it into PostgreSQL would fail."""
    data = {"employees_at_end": "1", "revenue_krw": "1", field: str(too_big)}
    form = FiguresForm(data)
    assert not form.is_valid()
    assert form.errors[field] == [f"Ensure this value is less than or equal to {largest}."]
    assert FiguresForm({**data, field: str(largest)}).is_valid()


def test_a_model_form_refuses_a_negative_count():
    form = FiguresForm({"employees_at_end": "-1", "revenue_krw": "0"})
    assert form.errors["employees_at_end"] == ["Ensure this value is greater than or equal to 0."]


class SearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    short = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=10)
    year = YearFilter(field_name="founded_on", lookup_expr="year")
    founded = django_filters.DateFilter(field_name="founded_on")

    class Meta:
        model = Company
        form = NormalizedFilterForm
        fields = ["q", "short", "year", "founded"]


def test_a_long_search_is_cut_to_200_characters_and_the_box_says_so():
    long = "가" * 150 + "x" * 50_000
    CompanyFactory(name="가" * 3)
    filterset = SearchFilter({"q": long}, queryset=Company.objects.all())
    assert filterset.is_valid()
    assert filterset.form.cleaned_data["q"] == "가" * 150 + "x" * 50
    assert filterset.form["q"].value() == "가" * 150 + "x" * 50
    assert filterset.form.fields["q"].help_text == "Only the first 200 characters were searched."
    assert list(filterset.qs) == []


def test_a_search_within_the_limit_is_left_alone():
    filterset = SearchFilter({"q": "빛고을"}, queryset=Company.objects.all())
    assert filterset.is_valid()
    assert filterset.form.fields["q"].help_text == ""


def test_a_filter_with_its_own_length_limit_refuses_longer_text():
    filterset = SearchFilter({"short": "x" * 11}, queryset=Company.objects.all())
    assert not filterset.is_valid()
    assert filterset.form.errors["short"] == [
        "Ensure this value has at most 10 characters (it has 11)."
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": "1899"}, "year", "Ensure this value is greater than or equal to 1900."),
        ({"year": "2101"}, "year", "Ensure this value is less than or equal to 2100."),
        ({"year": "9" * 5000}, "year", "Enter a whole number."),
        ({"founded": "0001-01-01"}, "founded", WINDOW_MESSAGE),
        ({"founded": "9999-12-31"}, "founded", WINDOW_MESSAGE),
    ],
)
def test_a_filter_refuses_an_implausible_year_or_date(data, field, message):
    filterset = SearchFilter(data, queryset=Company.objects.all())
    assert not filterset.is_valid()
    assert filterset.form.errors[field] == [message]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-02", date(2021, 3, 2)),
        ("2021. 3. 2.", date(2021, 3, 2)),
        ("2021년 3월 2일", date(2021, 3, 2)),
        ("20210302", date(2021, 3, 2)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2100-12-31", date(2100, 12, 31)),
        ("2021-02-30", None),
        ("0000-01-01", None),
        ("next week", None),
    ],
)
def test_sheet_dates_are_read_as_korean_sheets_write_them(text, expected):
    assert sheet_date(text) == expected


@pytest.mark.parametrize("text", ["0024-03-02", "1899-12-31", "2101-01-01", "9999.12.31"])
def test_a_sheet_date_outside_the_window_is_refused_with_the_forms_message(text):
    with pytest.raises(ValidationError) as caught:
        sheet_date(text)
    assert caught.value.messages == [WINDOW_MESSAGE]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("9" * 5000, None),  # int() itself refuses more than 4,300 digits
        ("²", None),
        ("-1", None),
        ("", None),
        (None, None),
    ],
)
def test_ids_from_the_query_string_fit_a_key_column(value, expected):
    assert ascii_id(value) == expected


def _project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def test_every_date_and_moment_users_or_the_admin_can_set_has_the_window_validator():
    """A new DateField or DateTimeField without the validator fails here (auto_now fields,
    which nobody types, are not editable)."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in _project_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and field.editable
        and validate_date_window not in field.validators
    ]
    assert missing == []


def _project_modules():
    """Every forms, filters and views module of the project's apps, area modules included."""
    for label in sorted(PROJECT_APPS):
        for layer in ("forms", "filters", "views"):
            try:
                module = importlib.import_module(f"{label}.{layer}")
            except ModuleNotFoundError:
                continue
            yield module
            for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
                yield importlib.import_module(f"{module.__name__}.{info.name}")


def _project_classes(base):
    for module in _project_modules():
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, base) and value.__module__ == module.__name__:
                yield value


def _takes_dates_or_numbers(form_class) -> bool:
    if any(isinstance(field, LIMITED) for field in form_class.base_fields.values()):
        return True
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    return model is not None and any(
        isinstance(field, models.DateField | models.IntegerField | models.DecimalField)
        for field in model._meta.concrete_fields
        if field.name in (form_class._meta.fields or ())
    )


def test_every_project_form_with_dates_or_numbers_applies_the_limits():
    """A new form (or filter form) taking a date or a number without InputLimitsMixin fails."""
    checked = [
        form_class
        for form_class in set(_project_classes(forms.BaseForm))
        if _takes_dates_or_numbers(form_class)
    ]
    assert len(checked) > 20  # the walk found the project's forms
    assert sorted(f.__qualname__ for f in checked if not issubclass(f, InputLimitsMixin)) == []


def test_every_list_filter_uses_the_normalized_filter_form():
    others = [
        filterset.__qualname__
        for filterset in set(_project_classes(django_filters.FilterSet))
        if not issubclass(filterset._meta.form, NormalizedFilterForm)
    ]
    assert others == []
