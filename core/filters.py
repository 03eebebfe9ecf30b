"""What the list filters (django-filter FilterSets) of every app share."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

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


class ListedChoiceIterator(filter_fields.ModelChoiceIterator):
    """A filter's options read in one plain query. Django reads them through a server-side
    cursor, which on PostgreSQL outside a transaction costs a DECLARE … WITH HOLD, a FETCH and
    a CLOSE; a filter's list of programmes, centres or staff is short."""

    def __iter__(self):
        # In django-filter's order: "All", then "None" where the filter offers it.
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ListedChoiceField(filter_fields.ModelChoiceField):
    iterator = ListedChoiceIterator


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter with its options read by ListedChoiceIterator."""

    field_class = ListedChoiceField


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
