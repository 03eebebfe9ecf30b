"""Permission rows of the privacy officer's screens (merged by tests/test_permissions.py).

Only the privacy officer (a staff member so marked) reaches them; other staff get 403 like
every other role.
"""

from audit.models import SubjectType

OFFICER = {"privacy_officer": 200, "staff": 403}

ROWS = {
    "audit:review": ("get", None, OFFICER),
    "audit:review_sign_off": ("post", None, {"privacy_officer": 302, "staff": 403}),
    "audit:record_list": ("get", None, OFFICER),
    "audit:chain_verify": ("post", None, {"privacy_officer": 302, "staff": 403}),
    "audit:consent_list": ("get", None, OFFICER),
    "audit:retention": ("get", None, OFFICER),
    "audit:destroy": ("get", lambda request: [SubjectType.TRAINEE], OFFICER),
    "audit:destruction_list": ("get", None, OFFICER),
}
