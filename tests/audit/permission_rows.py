"""Permission rows of the privacy officer's screens (merged by tests/test_permissions.py).

Only the privacy officer (a staff member so marked) reaches them; other staff get 403 like
every other role. The privacy policy is public: everybody, signed in or not, gets it.
"""

from datetime import date

from audit.models import DataSubjectRequest, RequestKind, SubjectType
from tests.training.factories import TraineeFactory, TrainingCourseFactory

OFFICER = {"privacy_officer": 200, "staff": 403}
EVERYBODY = dict.fromkeys(
    [
        "anonymous",
        "staff",
        "privacy_officer",
        "executive",
        "mentor",
        "unassigned_mentor",
        "firm_user",
        "other_firm_user",
    ],
    200,
)


def _request(request):
    officer = request.getfixturevalue("privacy_officer")
    subject_request = DataSubjectRequest.objects.create(
        kind=RequestKind.ACCESS,
        requester="홍길동",
        requester_contact="hong@example.kr",
        subject_type=SubjectType.PERSON,
        person_concerned="홍길동",
        details="보유 중인 제 개인정보를 열람하고 싶습니다.",
        received_on=date(2026, 1, 5),
        due_on=date(2026, 1, 15),
        recorded_by=officer,
    )
    return [subject_request.pk]


def _expired_trainees(request):
    """A trainee past retention, so the confirmation page shows its form."""
    TraineeFactory(course=TrainingCourseFactory(year=2000))
    return [SubjectType.TRAINEE]


ROWS = {
    "audit:review": ("get", None, OFFICER),
    # An empty sign-off (no note, no confirmation) comes back as the page with its errors.
    "audit:review_sign_off": ("post", None, {"privacy_officer": 200, "staff": 403}),
    "audit:record_list": ("get", None, OFFICER),
    "audit:chain_verify": ("post", None, {"privacy_officer": 302, "staff": 403}),
    "audit:consent_list": ("get", None, OFFICER),
    "audit:retention": ("get", None, OFFICER),
    "audit:destroy": ("get", _expired_trainees, OFFICER),
    "audit:destruction_list": ("get", None, OFFICER),
    "audit:request_list": ("get", None, OFFICER),
    "audit:request_create": ("get", None, OFFICER),
    "audit:request_detail": ("get", _request, OFFICER),
    # An empty answer re-renders the request's page with the form's errors.
    "audit:request_answer": ("post", _request, OFFICER),
    "audit:request_notes": ("post", _request, {"privacy_officer": 302, "staff": 403}),
    "audit:privacy_policy": ("get", None, EVERYBODY),
}
