"""How values are shown to people, on pages, in messages and in the change history: numbers
rounded half up with thousands separators, moments in Seoul as `2026-12-07 08:40`.

The template filters in core/templatetags/formatting.py call these; Python code that writes a
number or a moment into a message calls them directly.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import date_format, number_format


class GroupedInt(int):
    """A whole number that prints with thousands separators ("12,345") and still is a number,
    so `{% blocktranslate count counter=rows|number %}{{ counter }} rows...` picks the plural
    form and shows the separators without a second placeholder in the message."""

    def __str__(self):
        return number_format(int(self), force_grouping=True)


def format_number(value, places: int = 0) -> str:
    """`value` rounded half up to `places` decimals, with thousands separators: 1234.5 →
    "1,235", Decimal("1.2345") with 2 → "1.23". Empty for None."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        amount = amount.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_count(value):
    """A whole number for a page: a GroupedInt (see there); other values as they are."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return GroupedInt(value)


def format_moment(value) -> str:
    """An aware moment in Seoul, `2026-12-07 08:40` (the formats in core/formats/); a date
    as `2026-12-07`. Empty for None."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def format_day(value) -> str:
    """The day of an aware moment in Seoul, `2026-12-07`. Empty for None."""
    if value in (None, ""):
        return ""
    return format_moment(timezone.localdate(value))
