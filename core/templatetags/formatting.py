"""Money and number formatting for templates: won as integers, shown the Korean way."""

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def _round(value, unit: int, places: int) -> str:
    amount = (Decimal(int(value)) / unit).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def krw(value):
    """12345678 → "12,345,678원"."""
    if value in (None, ""):
        return ""
    return _("%(amount)s won") % {"amount": number_format(int(value), force_grouping=True)}


@register.filter
def krw_million(value, places=1):
    """Won in 백만원, rounded half up to `places` decimals."""
    if value in (None, ""):
        return ""
    return _("%(amount)s million won") % {"amount": _round(value, 1_000_000, int(places))}


@register.filter
def krw_eok(value, places=1):
    """Won in 억 원, rounded half up to `places` decimals."""
    if value in (None, ""):
        return ""
    return _("%(amount)s hundred million won") % {"amount": _round(value, 100_000_000, int(places))}


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with `changes` applied (None removes a key); keeps filters."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.simple_tag(takes_context=True)
def sort_url(context, field):
    """Query string that sorts by `field`, toggling to descending when already ascending."""
    current = context["request"].GET.get("o", "")
    target = f"-{field}" if current == field else field
    return query_with(context, o=target, page=None)


@register.simple_tag(takes_context=True)
def sort_state(context, field):
    """aria-sort value for a sortable column header."""
    current = context["request"].GET.get("o", "")
    if current == field:
        return "ascending"
    if current == f"-{field}":
        return "descending"
    return "none"


@lru_cache(maxsize=256)
def _choice_labels(model, field_name: str, language: str) -> dict:
    field = model._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def label(obj, field_name: str):
    """`obj.get_<field>_display()`, with the choices translated once per language: list pages
    show it for every row, and Django's version rebuilds the choices each time."""
    value = getattr(obj, field_name)
    return _choice_labels(type(obj), field_name, get_language()).get(value, value)
