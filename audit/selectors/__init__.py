"""The audit app's reads, one module per area: the monthly review, change history, the
personal data past its retention, consents."""

from audit.selectors.history import FieldChange, HistoryEntry, history_for
from audit.selectors.review import (
    SECTION_LIMIT,
    MonthlyReviewData,
    Section,
    failed_login_bursts,
    last_month,
    month_range,
    monthly_review,
    review_default_month,
)

__all__ = [
    "SECTION_LIMIT",
    "FieldChange",
    "HistoryEntry",
    "MonthlyReviewData",
    "Section",
    "failed_login_bursts",
    "history_for",
    "last_month",
    "month_range",
    "monthly_review",
    "review_default_month",
]
