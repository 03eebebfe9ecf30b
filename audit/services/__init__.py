"""The audit app's writes, one module per area: access records and the monthly review
(`access`), consents, the destruction of personal data past its retention, data-subject
requests. The access-record functions, which every app uses, are importable from here."""

from audit.services.access import (
    GENESIS,
    MAX_IDS,
    ChainCheck,
    access_chain_verify,
    access_record,
    review_sign_off,
)

__all__ = [
    "GENESIS",
    "MAX_IDS",
    "ChainCheck",
    "access_chain_verify",
    "access_record",
    "review_sign_off",
]
