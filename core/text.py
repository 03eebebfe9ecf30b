"""Text clean-up shared by forms, imports and search."""

import unicodedata


def normalize_text(value: str) -> str:
    """NFC-normalise and strip `value`, so decomposed Hangul (NFD) matches typed Hangul."""
    return unicodedata.normalize("NFC", value).strip()


def digits_only(value: str) -> str:
    """Only the ASCII digits of `value` (drops hyphens and spaces in registration numbers)."""
    return "".join(ch for ch in value if "0" <= ch <= "9")


# The largest key a bigint column holds (19 digits); a longer string of digits is no key, and
# past 4,300 digits int() itself refuses it.
MAX_ID = 2**63 - 1


def ascii_id(value) -> int | None:
    """`value` (a query-string or form value) as a primary key when it is made of ASCII digits
    only and fits a key column, else None: str.isdigit() alone also accepts "²", which int()
    refuses."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None
