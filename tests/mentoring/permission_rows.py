"""Permission rows for the mentoring URLs (merged by tests/test_permissions.py)."""

from mentoring.models import SessionStatus
from tests.mentoring.factories import MentoringSessionFactory, MentorProfileFactory

INTERNAL = {"staff": 200, "executive": 200}


def _assignment(request):
    """The fixture mentor's assignment to the fixture company."""
    return request.getfixturevalue("mentor").mentor_assignments.get()


def _session(request, **kwargs):
    return [MentoringSessionFactory(assignment=_assignment(request), **kwargs).pk]


def _profile(request):
    return [MentorProfileFactory(user=request.getfixturevalue("mentor")).pk]


ROWS = {
    "mentoring:mentor_autocomplete": ("get", None, INTERNAL),
    "mentoring:session_list": ("get", None, {**INTERNAL, "mentor": 200, "unassigned_mentor": 200}),
    "mentoring:session_create": ("get", None, {"mentor": 200, "unassigned_mentor": 200}),
    "mentoring:session_detail": (
        "get",
        _session,
        {**INTERNAL, "mentor": 200, "unassigned_mentor": 404},
    ),
    "mentoring:session_approve": (
        "post",
        lambda request: _session(request, status=SessionStatus.PENDING),
        {"staff": 302},
    ),
    "mentoring:session_reject": (
        "get",
        lambda request: _session(request, status=SessionStatus.PENDING),
        {"staff": 200},
    ),
    "mentoring:session_attachment": (
        "get",
        lambda request: _session(request, with_attachment=True),
        {**INTERNAL, "mentor": 200, "unassigned_mentor": 404},
    ),
    "mentoring:mentor_list": ("get", None, INTERNAL),
    "mentoring:mentor_detail": ("get", _profile, INTERNAL),
    "mentoring:profile_create": ("get", None, {"staff": 200}),
    "mentoring:profile_update": ("get", _profile, {"staff": 200}),
    "mentoring:assign": (
        "get",
        lambda request: [request.getfixturevalue("company").pk],
        {"staff": 200},
    ),
    "mentoring:unassign": ("get", lambda request: [_assignment(request).pk], {"staff": 200}),
    "mentoring:budget_change": ("get", lambda request: [_assignment(request).pk], {"staff": 200}),
    "portal:mentoring": ("get", None, {"firm_user": 200, "other_firm_user": 200}),
}
