from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.kr import brn

from core.text import digits_only

BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_check_digit(first_nine: str) -> str:
    """The National Tax Service check digit of a business registration number.

    python-stdnum 2.2's `kr.brn.validate` checks length, digits and the office/type/serial
    components but not this digit (it accepts all ten endings), so the published rule is here.
    """
    digits = [int(ch) for ch in first_nine]
    total = sum(d * w for d, w in zip(digits, BRN_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return str((10 - total % 10) % 10)


def business_number_of(office: int | str, kind: int | str, serial: int | str) -> str:
    """The ten-digit registration number with these parts (tax office: 3 digits, business
    type: 2, serial: 4) and its check digit: demo, scale and test data make theirs with it."""
    first_nine = f"{int(office):03d}{int(kind):02d}{int(serial):04d}"
    return first_nine + brn_check_digit(first_nine)


def clean_business_number(value: str) -> str:
    """The 10 digits of a valid business registration number, or a specific ValidationError."""
    digits = digits_only(value or "")
    if len(digits) != 10:
        raise ValidationError(
            _("Business registration number must have 10 digits (e.g. 123-45-67890)."),
            code="length",
        )
    try:
        number = brn.validate(digits)
        if brn_check_digit(number[:9]) != number[9]:
            raise InvalidChecksum()
    except InvalidChecksum as exc:
        raise ValidationError(
            _("Business registration number check digit is wrong; please check the number."),
            code="checksum",
        ) from exc
    except StdnumError as exc:
        raise ValidationError(
            _("Business registration number is not valid (wrong tax office, type or serial)."),
            code="invalid",
        ) from exc
    return number


def validate_business_number(value: str) -> None:
    """Model-field validator: `value` is stored as exactly 10 valid digits."""
    if value != digits_only(value or ""):
        raise ValidationError(
            _("Business registration number must be stored as 10 digits."), code="format"
        )
    clean_business_number(value)


def validate_corporate_number(value: str) -> None:
    """A corporate registration number (법인등록번호) is 13 digits."""
    if len(digits_only(value)) != 13 or not value.isdigit():
        raise ValidationError(
            _("Corporate registration number must have 13 digits."), code="corporate"
        )


# Every date the CRM stores, and the calendar day of every moment in Seoul, lies in this window.
# Outside it a value is a typing slip (0024 for 2024), and some cannot be kept at all: year 1 in
# Asia/Seoul (offset +08:27:52 then) is a moment in 1 BC, which PostgreSQL stores and psycopg
# cannot read back, so one such row would take down every page and backup that reads it.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# The moments the database accepts: the window's days in any time zone (offsets stay within a
# day), so what the validator passes is always stored and nothing unreadable ever is.
EARLIEST_MOMENT = datetime(1899, 12, 31, tzinfo=UTC)
END_OF_MOMENTS = datetime(2101, 1, 2, tzinfo=UTC)


def date_in_window(value: date | datetime) -> bool:
    """Whether `value` (a date, or a moment by its calendar day in Seoul) lies in the window."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            try:
                value = timezone.localtime(value, timezone.get_default_timezone())
            except OverflowError:  # beyond year 9999 or before year 1 in Seoul
                return False
        value = value.date()
    return EARLIEST_DATE <= value <= LATEST_DATE


def validate_date_window(value: date | datetime | None) -> None:
    """Model- and form-field validator: a date or moment between 1900-01-01 and 2100-12-31."""
    if value is not None and not date_in_window(value):
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_window",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


def dates_in_window(
    *, dates: tuple[str, ...] = (), moments: tuple[str, ...] = ()
) -> models.CheckConstraint:
    """One CheckConstraint keeping a model's `dates` (DateFields) and `moments`
    (DateTimeFields) in the window; a NULL passes, as in any CHECK. One per model, so a form's
    full_clean checks it in one query."""
    condition = models.Q()
    for name in dates:
        condition &= models.Q(**{f"{name}__range": (EARLIEST_DATE, LATEST_DATE)})
    for name in moments:
        condition &= models.Q(**{f"{name}__gte": EARLIEST_MOMENT, f"{name}__lt": END_OF_MOMENTS})
    return models.CheckConstraint(
        condition=condition,
        name="%(app_label)s_%(class)s_dates_in_window",
        violation_error_message=_("A date is outside 1900-01-01 to 2100-12-31."),
    )
