"""The outcome-report and training rows, run on their own (tests/test_permissions.py runs them
too)."""

import pytest
from django.urls import reverse

from tests.module_data import cast_made_once, module_client
from tests.outcomes.permission_rows import ROWS as OUTCOME_ROWS
from tests.training.permission_rows import ROWS as TRAINING_ROWS

# Status codes and HTML only: pages render without the test record of templates and contexts.
pytestmark = pytest.mark.usefixtures("without_template_capture")

# The users and companies are made once for the module (by each worker that runs its tests);
# each test's own rows and changes are rolled back after it.
(
    module_cast,
    company,
    other_company,
    staff,
    privacy_officer,
    executive,
    mentor,
    unassigned_mentor,
    firm_user,
    other_firm_user,
) = cast_made_once()
client = module_client()

ROWS = {**OUTCOME_ROWS, **TRAINING_ROWS}

WHO = [
    "anonymous",
    "staff",
    "executive",
    "mentor",
    "unassigned_mentor",
    "firm_user",
    "other_firm_user",
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_outcome_permission_rows(client, request, company, who, name):
    method, args, allowed = ROWS[name]
    expected = allowed.get(who, 302 if who == "anonymous" else 403)
    url = reverse(name, args=args(request) if args else None)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(url)
    assert response.status_code == expected, (name, who)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
