"""The audit app's models, one module per area: access records and their monthly review,
consents, the destruction register, data-subject requests."""

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
from audit.models.consent import CONSENT_BASES, Consent, ConsentBasis, ConsentScope
from audit.models.requests import (
    ANSWER_DAYS,
    DataSubjectRequest,
    RequestKind,
    RequestOutcome,
)
from audit.models.retention import DestructionMethod, DestructionRecord, RetainedKind

__all__ = [
    "ACCESS_CHAIN",
    "ANSWER_DAYS",
    "CONSENT_BASES",
    "RETENTION",
    "ROLE_CHANGE_CHAIN",
    "ROLE_CHANGE_RETENTION",
    "AccessAction",
    "AccessChain",
    "AccessRecord",
    "AccessRecordQuerySet",
    "Consent",
    "ConsentBasis",
    "ConsentScope",
    "DataSubjectRequest",
    "DestructionMethod",
    "DestructionRecord",
    "MonthlyReview",
    "MonthlyReviewQuerySet",
    "RequestKind",
    "RequestOutcome",
    "RetainedKind",
    "SubjectType",
    "chain_of",
]
