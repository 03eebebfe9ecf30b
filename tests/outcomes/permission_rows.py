"""Permission rows of the outcome-report screens (merged by tests/test_permissions.py).

Firms reach only the portal screens and only their own reports (another firm's is a 404);
staff review; executives read; mentors get 403 everywhere.
"""

from datetime import date

from tests.outcomes.factories import (
    EvidenceFileFactory,
    OutcomeReportFactory,
    PatentFactory,
    ReportingPeriodFactory,
)

STAFF = {"staff": 200}
STAFF_EXEC = {"staff": 200, "executive": 200}
FIRMS = {"firm_user": 200, "other_firm_user": 200}
OWN_FIRM = {"firm_user": 200, "other_firm_user": 404}


def _report(request):
    return [OutcomeReportFactory(company=request.getfixturevalue("company")).pk]


def _evidence(request):
    report = OutcomeReportFactory(company=request.getfixturevalue("company"))
    return [EvidenceFileFactory(report=report).pk]


def _patent(request):
    report = OutcomeReportFactory(company=request.getfixturevalue("company"))
    return [PatentFactory(report=report).pk]


def _open_period(request):
    return [ReportingPeriodFactory(year=2000, opens_on=date(2000, 1, 1)).pk]


ROWS = {
    "outcomes:list": ("get", None, STAFF_EXEC),
    "outcomes:period_list": ("get", None, STAFF_EXEC),
    "outcomes:period_create": ("get", None, STAFF),
    "outcomes:patent_list": ("get", None, STAFF_EXEC),
    "outcomes:review": ("get", _report, STAFF_EXEC),
    "outcomes:pdf": ("get", _report, STAFF_EXEC),
    "outcomes:evidence": ("get", _evidence, STAFF_EXEC),
    "portal:outcome_list": ("get", None, FIRMS),
    "portal:outcome_edit": ("get", _open_period, FIRMS),
    "portal:outcome_detail": ("get", _report, OWN_FIRM),
    # A firm downloads its own report; another firm's is a 404.
    "portal:outcome_pdf": ("get", _report, OWN_FIRM),
    "portal:outcome_submit": ("post", _report, {"firm_user": 302, "other_firm_user": 404}),
    "portal:outcome_patent_add": ("get", _report, OWN_FIRM),
    "portal:outcome_patent_remove": ("get", _patent, OWN_FIRM),
    "portal:outcome_evidence_add": ("get", _report, OWN_FIRM),
    "portal:outcome_evidence": ("get", _evidence, OWN_FIRM),
    "portal:outcome_evidence_remove": ("get", _evidence, OWN_FIRM),
}
