"""Permission rows of the MOU and relocation screens (merged by tests/test_permissions.py).

Staff create and edit; executives read lists, pages, the summary and documents; mentors and
firm users get 403 everywhere, also for their own company's MOU.
"""

from tests.mous.factories import MouFactory, RelocationFactory

STAFF = {"staff": 200}
STAFF_EXEC = {"staff": 200, "executive": 200}


def _mou(request):
    return [MouFactory(company=request.getfixturevalue("company")).pk]


def _mou_with_document(request):
    return [MouFactory(company=request.getfixturevalue("company"), with_document=True).pk]


def _relocation(request):
    return [RelocationFactory(company=request.getfixturevalue("company")).pk]


ROWS = {
    "mous:list": ("get", None, STAFF_EXEC),
    "mous:summary": ("get", None, STAFF_EXEC),
    "mous:create": ("get", None, STAFF),
    "mous:detail": ("get", _mou, STAFF_EXEC),
    "mous:update": ("get", _mou, STAFF),
    "mous:stage_change": ("get", _mou, STAFF),
    "mous:document": ("get", _mou_with_document, STAFF_EXEC),
    "mous:relocation_list": ("get", None, STAFF_EXEC),
    "mous:relocation_create": ("get", None, STAFF),
    "mous:relocation_update": ("get", _relocation, STAFF),
}
