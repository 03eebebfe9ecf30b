"""The duplicate-support check (중복지원 확인) that applications and awards share."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from programs.selectors import duplicate_awards


def require_duplicate_reason(*, company, support_type, year, reason, exclude_pk=None) -> None:
    """Refuse support that duplicates an award of the same type in the same year, unless
    a reason is given (중복지원 확인)."""
    duplicates = duplicate_awards(
        company=company, support_type=support_type, year=year, exclude_pk=exclude_pk
    )
    if duplicates and not reason.strip():
        count = len(duplicates)
        raise ValidationError(
            {
                "duplicate_reason": ngettext(
                    "This company already has %(count)d award of this support type in "
                    "%(year)s; give a reason to go ahead.",
                    "This company already has %(count)d awards of this support type in "
                    "%(year)s; give a reason to go ahead.",
                    count,
                )
                % {"count": count, "year": year}
            },
            code="duplicate",
        )
