"""Permission rows of the KPI screens (merged by tests/test_permissions.py).

Staff and executives read the dashboard, drill-downs, indicator definitions, report files and
submitted reports, and build report files; only staff edit an indicator or its targets and only
executives submit a report. Mentors and firms get 403 everywhere.
"""

from reports.models import KpiIndicator
from tests.reports.factories import report_export, report_snapshot

READ = {"staff": 200, "executive": 200}
WRITE = {"staff": 200}


def indicator(request):
    return [KpiIndicator.objects.get(code="firms_supported").pk]


def drilldown(request):
    return ["firms_supported"]


def indicator_code(request):
    return ["firms_supported"]


def queued_export(request):
    return [report_export(status="queued").pk]


def done_export(request):
    return [report_export().pk]


def ready_snapshot_pdf(request):
    return [report_snapshot().pk, "pdf"]


def failed_snapshot(request):
    return [report_snapshot(status="failed").pk]


ROWS = {
    # reports:dashboard has its row in tests/test_permissions.py (staff and executives: 200).
    "reports:drilldown": ("get", drilldown, READ),
    "reports:export_list": ("get", None, READ),
    # A POST without a year is refused with a message and a redirect back to the dashboard.
    "reports:export_create": ("post", None, {"staff": 302, "executive": 302}),
    "reports:export_detail": ("get", queued_export, READ),
    "reports:export_download": ("get", done_export, READ),
    "reports:snapshot_list": ("get", None, READ),
    # Only executives submit a report; staff read the submitted ones.
    "reports:snapshot_create": ("get", None, {"executive": 200}),
    "reports:snapshot_file": ("get", ready_snapshot_pdf, READ),
    "reports:snapshot_retry": ("post", failed_snapshot, {"executive": 302}),
    "reports:indicator_list": ("get", None, READ),
    "reports:indicator_detail": ("get", indicator_code, READ),
    "reports:indicator_update": ("get", indicator, WRITE),
    "reports:indicator_create": ("get", None, WRITE),
    # Targets are entered by staff; executives read them on the dashboard and in the files.
    "reports:target_edit": ("get", None, WRITE),
}
