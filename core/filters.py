"""What the list filters (django-filter FilterSets) of every app share."""

from django import forms
from django.utils.translation import gettext_lazy as _

# The empty choice of a choice filter: no narrowing.
ALL = _("All")
YES_NO = [("true", _("Yes")), ("false", _("No"))]


def search_widget(placeholder) -> forms.TextInput:
    """A search box whose hint says what it searches."""
    return forms.TextInput(attrs={"type": "search", "placeholder": placeholder})


def filter_yes_no(queryset, name, value):
    """A YES_NO choice applied to the boolean field `name` (a filter's `method`)."""
    return queryset.filter(**{name: value == "true"})
