"""Permission rows of the compute URLs (merged by tests/test_permissions.py)."""

from tests.compute.factories import ComputeAllocationFactory

STAFF = {"staff": 200}
STAFF_EXEC = {"staff": 200, "executive": 200}
FIRMS = {"firm_user": 200, "other_firm_user": 200}


def allocation(request):
    return [ComputeAllocationFactory(company=request.getfixturevalue("company")).pk]


ROWS = {
    "compute:capacity_list": ("get", None, STAFF_EXEC),
    "compute:capacity_create": ("get", None, STAFF),
    "compute:allocation_list": ("get", None, STAFF_EXEC),
    # The allocation list filter's company picker: its matches, for the list's readers.
    "compute:allocation_company_autocomplete": ("get", None, STAFF_EXEC),
    "compute:allocation_create": ("get", None, STAFF),
    "compute:allocation_detail": ("get", allocation, STAFF_EXEC),
    "compute:allocation_update": ("get", allocation, STAFF),
    "compute:allocation_dates": ("get", allocation, STAFF),
    "compute:allocation_reclaim": ("get", allocation, STAFF),
    "compute:usage_import": ("get", None, STAFF),
    "compute:usage_import_confirm": ("post", None, {"staff": 302}),
    "compute:usage_import_template": ("get", None, STAFF),
    "portal:allocation_list": ("get", None, FIRMS),
}
