"""Permission rows of the training screens (merged by tests/test_permissions.py): staff keep the
courses, executives read them, nobody else sees them."""

from tests.training.factories import TrainingCourseFactory

STAFF = {"staff": 200}
STAFF_EXEC = {"staff": 200, "executive": 200}


def _course(request):
    return [TrainingCourseFactory().pk]


ROWS = {
    "training:list": ("get", None, STAFF_EXEC),
    "training:create": ("get", None, STAFF),
    "training:detail": ("get", _course, STAFF_EXEC),
    "training:course_update": ("get", _course, STAFF),
    "training:trainee_add": ("get", _course, STAFF),
}
