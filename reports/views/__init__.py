"""Views of the reports app: the dashboard, its drill-downs and the indicators (dashboard.py),
the indicators' targets (targets.py), and report files and snapshots (files.py)."""

from reports.views.dashboard import (
    DashboardView,
    DrilldownView,
    KpiIndicatorListView,
    KpiIndicatorUpdateView,
)
from reports.views.files import (
    ExportDetailView,
    ExportListView,
    SnapshotCreateView,
    SnapshotListView,
    export_create,
    export_download,
    snapshot_file,
    snapshot_retry,
)
from reports.views.targets import KpiTargetEditView

__all__ = [
    "DashboardView",
    "DrilldownView",
    "ExportDetailView",
    "ExportListView",
    "KpiIndicatorListView",
    "KpiIndicatorUpdateView",
    "KpiTargetEditView",
    "SnapshotCreateView",
    "SnapshotListView",
    "export_create",
    "export_download",
    "snapshot_file",
    "snapshot_retry",
]
