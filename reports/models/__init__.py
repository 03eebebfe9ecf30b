"""KPI indicator definitions and their yearly targets, report files built in the background,
and submitted snapshots.

Each indicator's figure is computed from the records by the computation registered under its
code in reports/indicators/; a snapshot is the one place a report's numbers are stored, frozen,
as they were submitted."""

from reports.models.files import (
    ExportStatus,
    ReportExport,
    ReportExportQuerySet,
    ReportFormat,
    ReportSnapshot,
    ReportSnapshotQuerySet,
    SnapshotStatus,
    report_file_path,
)
from reports.models.indicators import (
    REPORT_YEAR_VALIDATORS,
    TARGET_DIGITS,
    CumulativeRule,
    DefinedMeasure,
    DefinedSource,
    KpiIndicator,
    KpiIndicatorQuerySet,
    KpiKind,
    KpiPeriod,
    KpiTarget,
    KpiTargetQuerySet,
    KpiUnit,
    indicator_name,
)

__all__ = [
    "CumulativeRule",
    "DefinedMeasure",
    "DefinedSource",
    "ExportStatus",
    "KpiIndicator",
    "KpiIndicatorQuerySet",
    "KpiKind",
    "KpiPeriod",
    "KpiTarget",
    "KpiTargetQuerySet",
    "KpiUnit",
    "REPORT_YEAR_VALIDATORS",
    "ReportExport",
    "ReportExportQuerySet",
    "ReportFormat",
    "ReportSnapshot",
    "ReportSnapshotQuerySet",
    "SnapshotStatus",
    "TARGET_DIGITS",
    "indicator_name",
    "report_file_path",
]
