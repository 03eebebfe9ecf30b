"""Money, number and moment formatting for templates: won as integers shown the Korean way,
decimals rounded half up to the places their kind shows, moments in Seoul (core/display.py).

Every number a page shows goes through one of these: `krw` for money, `pf` for petaflops (two
places), `hours` for GPU-hours (whole hours), `percent` for ratios (one place and the sign),
`number` for any other figure (`number:1` for mentoring hours) and for counts, also inside
`{% blocktranslate count counter=rows|number %}`. Moments go through `moment`.
"""

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.display import format_count, format_moment, format_number

register = template.Library()


@register.filter
def number(value, places=None):
    """A figure with thousands separators, rounded half up to `places` decimals (none by
    default); a whole number stays a number, so it can be a blocktranslate counter."""
    if places is None:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_count(value)
        places = 0
    return format_number(value, int(places))


@register.filter
def pf(value):
    """Petaflops with two places: Decimal("1.2345") → "1.23"."""
    return format_number(value, 2)


@register.filter
def hours(value):
    """GPU-hours as whole hours with separators: Decimal("1234.50") → "1,235"."""
    return format_number(value, 0)


@register.filter
def percent(value, places=1):
    """A ratio already in percent, with one place and the sign: 12.345 → "12.3%"."""
    if value in (None, ""):
        return ""
    return f"{format_number(value, int(places))}%"


@register.filter(expects_localtime=False)
def moment(value):
    """A moment in Seoul, `2026-12-07 08:40`; a date as `2026-12-07`."""
    return format_moment(value)


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
