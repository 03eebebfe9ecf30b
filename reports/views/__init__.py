"""Views of the reports app: the dashboard and its drill-downs (dashboard.py), and report
files and snapshots (files.py)."""

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

__all__ = [
    "DashboardView",
    "DrilldownView",
    "ExportDetailView",
    "ExportListView",
    "KpiIndicatorListView",
    "KpiIndicatorUpdateView",
    "SnapshotCreateView",
    "SnapshotListView",
    "export_create",
    "export_download",
    "snapshot_file",
    "snapshot_retry",
]
