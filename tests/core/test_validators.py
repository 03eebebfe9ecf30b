import pytest
from django.core.exceptions import ValidationError

from core.validators import brn_check_digit, clean_business_number


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("116-82-00276", "1168200276"),  # python-stdnum's own example
        ("1348672683", "1348672683"),
        (" 134 - 86 - 72683 ", "1348672683"),
        ("１３４-８６-７２６８３", None),  # full-width digits are not accepted silently
    ],
)
def test_valid_numbers_are_stored_as_ten_digits(raw, digits):
    if digits is None:
        with pytest.raises(ValidationError):
            clean_business_number(raw)
    else:
        assert clean_business_number(raw) == digits


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("116-82-00275", "check digit is wrong"),
        ("116-82-0027", "must have 10 digits"),
        ("116-82-002761", "must have 10 digits"),
        ("", "must have 10 digits"),
        ("abc-de-fghij", "must have 10 digits"),
        ("000-82-00276", "not valid"),  # tax office codes start at 101
        ("116-00-00276", "not valid"),  # type 00 does not exist
    ],
)
def test_invalid_numbers_get_a_specific_message(raw, message):
    with pytest.raises(ValidationError) as info:
        clean_business_number(raw)
    assert message in info.value.messages[0]


def test_check_digit_matches_known_numbers():
    assert brn_check_digit("116820027") == "6"
    assert brn_check_digit("134867268") == "3"
