from django.core.exceptions import ValidationError
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
