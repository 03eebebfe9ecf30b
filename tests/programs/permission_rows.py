"""Permission rows of the programme screens (merged by tests/test_permissions.py).

Staff write; executives read; mentors and firms get 403 on staff screens. Firms see their own
awards in the portal; another firm's award is a 404.
"""

from tests.programs.factories import (
    CallFactory,
    ProgramFactory,
    SelectedApplicationFactory,
    SupportAwardFactory,
)

READ = {"staff": 200, "executive": 200}
WRITE = {"staff": 200}
FIRMS = {"firm_user": 200, "other_firm_user": 200}


def program(request):
    return [ProgramFactory().pk]


def call(request):
    return [CallFactory().pk]


def application(request):
    return [SelectedApplicationFactory(company=request.getfixturevalue("company")).pk]


def award(request):
    return [SupportAwardFactory(company=request.getfixturevalue("company")).pk]


ROWS = {
    "programs:list": ("get", None, READ),
    "programs:create": ("get", None, WRITE),
    "programs:detail": ("get", program, READ),
    "programs:update": ("get", program, WRITE),
    "programs:budget": ("get", program, WRITE),
    "programs:call_list": ("get", None, READ),
    "programs:call_create": ("get", None, WRITE),
    "programs:call_detail": ("get", call, READ),
    "programs:call_update": ("get", call, WRITE),
    "programs:application_create": ("get", call, WRITE),
    "programs:application_detail": ("get", application, READ),
    "programs:application_evaluate": ("get", application, WRITE),
    "programs:application_decide": ("get", application, WRITE),
    "programs:award_create_for_application": ("get", application, WRITE),
    "programs:award_list": ("get", None, READ),
    "programs:award_create": ("get", None, WRITE),
    "programs:award_detail": ("get", award, READ),
    "programs:award_status": ("get", award, WRITE),
    "programs:award_instalment_add": ("get", award, WRITE),
    "programs:award_disburse": ("get", award, WRITE),
    "portal:awards": ("get", None, FIRMS),
    "portal:award_detail": ("get", award, {"firm_user": 200, "other_firm_user": 404}),
}
