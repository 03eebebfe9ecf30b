"""What the list filters (django-filter FilterSets) of every app share."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import EARLIEST_DATE, LATEST_DATE

# The empty choice of a choice filter: no narrowing.
ALL = _("All")
YES_NO = [("true", _("Yes")), ("false", _("No"))]


def search_widget(placeholder) -> forms.TextInput:
    """A search box whose hint says what it searches."""
    return forms.TextInput(attrs={"type": "search", "placeholder": placeholder})


def filter_yes_no(queryset, name, value):
    """A YES_NO choice applied to the boolean field `name` (a filter's `method`)."""
    return queryset.filter(**{name: value == "true"})


class YearFilter(django_filters.Filter):
    """A calendar year typed as a number, on a year column (or `lookup_expr="year"` on a date);
    anything else, or a year outside 1900-2100 (or the narrower window given), is a form error,
    not a crash."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", EARLIEST_DATE.year)
        kwargs.setdefault("max_value", LATEST_DATE.year)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)
