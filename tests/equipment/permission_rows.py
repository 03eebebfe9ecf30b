"""Permission rows of the equipment and booking URLs (merged by tests/test_permissions.py)."""

from tests.equipment.factories import EquipmentBookingFactory

STAFF = {"staff": 200}
STAFF_EXEC = {"staff": 200, "executive": 200}
FIRMS = {"firm_user": 200, "other_firm_user": 200}


def booking(request):
    """A requested booking of `company`, the firm_user's company."""
    return [EquipmentBookingFactory(company=request.getfixturevalue("company")).pk]


ROWS = {
    "equipment:list": ("get", None, STAFF_EXEC),
    # Every signed-in role may ask to book equipment, so every role may search it.
    "equipment:autocomplete": (
        "get",
        None,
        {**STAFF_EXEC, **FIRMS, "mentor": 200, "unassigned_mentor": 200},
    ),
    "equipment:booking_list": ("get", None, STAFF_EXEC),
    "equipment:booking_approve": ("post", booking, {"staff": 302}),
    "equipment:booking_reject": ("get", booking, STAFF),
    "equipment:booking_cancel": ("get", booking, STAFF),
    "portal:booking_list": ("get", None, FIRMS),
    "portal:booking_request": ("get", None, FIRMS),
    "portal:booking_cancel": ("get", booking, {"firm_user": 200, "other_firm_user": 404}),
}
