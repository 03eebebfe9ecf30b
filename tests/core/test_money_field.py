"""Money inputs: every `*_krw` field of every form reads 1,234,000 and explains Korean units."""

import pytest
from django import forms
from django.utils import translation

from core.forms import MoneyField, MoneyInput, NormalizedFormMixin, korean_amount
from mous.forms import MouForm
from outcomes.forms import OutcomeFiguresForm
from programs.forms import AwardForm


class BudgetForm(NormalizedFormMixin, forms.Form):
    budget_krw = forms.IntegerField(label="budget", min_value=0, max_value=10**13)
    note = forms.IntegerField(required=False)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,234,000", 1_234_000),
        ("1234000", 1_234_000),
        (" 1,500,000,000원 ", 1_500_000_000),
        ("0", 0),
    ],
)
def test_money_field_reads_separators_and_won(typed, amount):
    form = BudgetForm({"budget_krw": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget_krw"] == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("50억", "Write the amount in digits: 5,000,000,000 for 50억."),
        ("3천만원", "Write the amount in digits: 30,000,000 for 3천만원."),
        ("1억 5천만", "Write the amount in digits: 150,000,000 for 1억 5천만."),
        ("1.5억", "Write the amount in digits: 150,000,000 for 1.5억."),
        ("억억", "Write the amount in digits, e.g. 5,000,000,000."),
        ("오십억", "Write the amount in digits, e.g. 5,000,000,000."),
    ],
)
def test_korean_units_get_the_amount_in_digits(typed, message):
    with translation.override("en"):
        form = BudgetForm({"budget_krw": typed})
        assert form.errors["budget_krw"] == [message]


def test_korean_unit_message_in_korean():
    with translation.override("ko"):
        form = BudgetForm({"budget_krw": "50억"})
        assert "5,000,000,000" in form.errors["budget_krw"][0]
        assert "50억" in form.errors["budget_krw"][0]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("50억", 5_000_000_000),
        ("3천만원", 30_000_000),
        ("1억5천만", 150_000_000),
        ("2조 3천억", 2_300_000_000_000),
        ("억", 100_000_000),
        ("5만3억", None),  # units out of order
        ("1.23456원", None),  # not whole won
        ("", None),
        ("9" * 5000 + "억", None),  # no arithmetic on a number that long
    ],
)
def test_korean_amount(text, amount):
    assert korean_amount(text) == amount


def test_a_plain_form_field_named_krw_becomes_a_money_input_keeping_its_limits():
    form = BudgetForm()
    field = form.fields["budget_krw"]
    assert isinstance(field, MoneyField) and isinstance(field.widget, MoneyInput)
    assert (field.min_value, field.max_value, field.label) == (0, 10**13, "budget")
    assert "krds-input" in field.widget.attrs["class"]
    assert not isinstance(form.fields["note"], MoneyField)
    assert BudgetForm({"budget_krw": "10,000,000,000,001"}).errors["budget_krw"]


def test_every_money_field_of_the_model_and_plain_forms_is_a_money_field():
    assert all(
        isinstance(OutcomeFiguresForm().fields[name], MoneyField)
        for name in ("revenue_krw", "investment_krw", "exports_krw")
    )
    assert isinstance(MouForm.base_fields["planned_investment_krw"], MoneyField)
    assert isinstance(AwardForm.base_fields["amount_krw"], MoneyField)


def test_money_input_shows_separators_and_the_script_hook():
    html = MoneyInput().render("amount_krw", 1_234_000)
    assert 'value="1,234,000"' in html
    assert 'type="text"' in html and 'inputmode="numeric"' in html and "data-money" in html
    # What the user typed comes back as typed, with its error.
    assert 'value="50억"' in MoneyInput().render("amount_krw", "50억")
