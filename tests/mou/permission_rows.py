"""Permission rows of the MOU and relocation screens (merged by tests/test_permissions.py).

Staff create and edit; executives read lists, pages, the summary and documents; mentors and
firm users get 403 everywhere, also for their own company's MOU.
"""

from tests.mou.factories import MouFactory, RelocationFactory

STAFF = {"staff": 200}
STAFF_EXEC = {"staff": 200, "executive": 200}


def _mou(request):
    return [MouFactory(company=request.getfixturevalue("company")).pk]


def _mou_with_document(request):
    return [MouFactory(company=request.getfixturevalue("company"), with_document=True).pk]


def _relocation(request):
    return [RelocationFactory(company=request.getfixturevalue("company")).pk]


ROWS = {
    "companies:mou_list": ("get", None, STAFF_EXEC),
    "companies:mou_summary": ("get", None, STAFF_EXEC),
    "companies:mou_create": ("get", None, STAFF),
    "companies:mou_detail": ("get", _mou, STAFF_EXEC),
    "companies:mou_update": ("get", _mou, STAFF),
    "companies:mou_stage_change": ("get", _mou, STAFF),
    "companies:mou_document": ("get", _mou_with_document, STAFF_EXEC),
    "companies:relocation_list": ("get", None, STAFF_EXEC),
    "companies:relocation_create": ("get", None, STAFF),
    "companies:relocation_update": ("get", _relocation, STAFF),
}
