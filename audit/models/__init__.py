"""The audit app's models, one module per area: access records and their monthly review."""

from audit.models.access import (
    ACCESS_CHAIN,
    RETENTION,
    ROLE_CHANGE_CHAIN,
    ROLE_CHANGE_RETENTION,
    AccessAction,
    AccessChain,
    AccessRecord,
    AccessRecordQuerySet,
    MonthlyReview,
    MonthlyReviewQuerySet,
    SubjectType,
    chain_of,
)

__all__ = [
    "ACCESS_CHAIN",
    "RETENTION",
    "ROLE_CHANGE_CHAIN",
    "ROLE_CHANGE_RETENTION",
    "AccessAction",
    "AccessChain",
    "AccessRecord",
    "AccessRecordQuerySet",
    "MonthlyReview",
    "MonthlyReviewQuerySet",
    "SubjectType",
    "chain_of",
]
