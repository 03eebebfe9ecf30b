"""Permission rows of the KPI screens (merged by tests/test_permissions.py).

Staff and executives read the dashboard, drill-downs, indicator definitions and downloads; only
staff edit an indicator. Mentors and firms get 403 everywhere.
"""

from reports.models import KpiIndicator

READ = {"staff": 200, "executive": 200}
WRITE = {"staff": 200}


def indicator(request):
    return [KpiIndicator.objects.get(code="firms_supported").pk]


def drilldown(request):
    return ["firms_supported"]


ROWS = {
    # reports:dashboard has its row in tests/test_permissions.py (staff and executives: 200).
    "reports:drilldown": ("get", drilldown, READ),
    "reports:kpi_pdf": ("get", None, READ),
    "reports:kpi_xlsx": ("get", None, READ),
    "reports:indicator_list": ("get", None, READ),
    "reports:indicator_update": ("get", indicator, WRITE),
}
