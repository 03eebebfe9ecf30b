"""Permission rows of the compute and equipment URLs (merged by tests/test_permissions.py)."""

from tests.compute.factories import ComputeAllocationFactory, EquipmentBookingFactory

STAFF = {"staff": 200}
STAFF_EXEC = {"staff": 200, "executive": 200}
FIRMS = {"firm_user": 200, "other_firm_user": 200}


def allocation(request):
    return [ComputeAllocationFactory(company=request.getfixturevalue("company")).pk]


def booking(request):
    """A requested booking of `company`, the firm_user's company."""
    return [EquipmentBookingFactory(company=request.getfixturevalue("company")).pk]


ROWS = {
    "programs:compute_capacity_list": ("get", None, STAFF_EXEC),
    "programs:compute_capacity_create": ("get", None, STAFF),
    "programs:allocation_list": ("get", None, STAFF_EXEC),
    "programs:allocation_create": ("get", None, STAFF),
    "programs:allocation_detail": ("get", allocation, STAFF_EXEC),
    "programs:allocation_update": ("get", allocation, STAFF),
    "programs:allocation_reclaim": ("get", allocation, STAFF),
    "programs:compute_usage_import": ("get", None, STAFF),
    "programs:compute_usage_import_confirm": ("post", None, {"staff": 302}),
    "programs:compute_usage_import_template": ("get", None, STAFF),
    "programs:equipment_list": ("get", None, STAFF_EXEC),
    "programs:booking_list": ("get", None, STAFF_EXEC),
    "programs:booking_approve": ("post", booking, {"staff": 302}),
    "programs:booking_reject": ("get", booking, STAFF),
    "programs:booking_cancel": ("get", booking, STAFF),
    "portal:booking_list": ("get", None, FIRMS),
    "portal:booking_request": ("get", None, FIRMS),
    "portal:booking_cancel": ("get", booking, {"firm_user": 200, "other_firm_user": 404}),
    "portal:allocation_list": ("get", None, FIRMS),
}
