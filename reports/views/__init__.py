"""Views of the reports app: the dashboard and its drill-downs (dashboard.py), the indicators
(indicators.py) and their targets (targets.py), and report files and snapshots (files.py)."""

from reports.views.dashboard import DashboardView, DrilldownView
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
from reports.views.indicators import (
    KpiIndicatorCreateView,
    KpiIndicatorDetailView,
    KpiIndicatorListView,
    KpiIndicatorUpdateView,
)
from reports.views.targets import KpiTargetEditView

__all__ = [
    "DashboardView",
    "DrilldownView",
    "ExportDetailView",
    "ExportListView",
    "KpiIndicatorCreateView",
    "KpiIndicatorDetailView",
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
