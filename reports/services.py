"""Writes of the reports app: report files built in the background and submitted snapshots.

Requests are queued on commit, so a worker never sees a row that a rolled-back transaction
would have made. The builders run in the worker (reports/tasks.py) and record their progress in
the row, which the page polls.
"""

import hashlib
import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.models import (
    ExportStatus,
    ReportExport,
    ReportFormat,
    ReportSnapshot,
    SnapshotStatus,
)
from reports.selectors.figures import KpiReport, kpi_report
from reports.selectors.sources import PROGRAMME_START_YEAR
from reports.tasks import build_report_export, build_snapshot_files
from users.models import User

logger = logging.getLogger(__name__)

# Reports for the ministry are in Korean, whoever asks for them.
REPORT_LANGUAGE = "ko"


def _check_year(year: int) -> None:
    last = timezone.localdate().year + 1
    if not PROGRAMME_START_YEAR <= year <= last:
        raise ValidationError(
            _("The report year must be between %(first)s and %(last)s.")
            % {"first": PROGRAMME_START_YEAR, "last": last},
            code="year",
        )


def render_report(report: KpiReport, fmt: str) -> bytes:
    """The report as PDF or Excel bytes, in the ministry's language."""
    # WeasyPrint and pandas load with the first file built, not with every process.
    if fmt == ReportFormat.PDF:
        from reports.exporters.pdf import kpi_pdf

        return kpi_pdf(report, language=REPORT_LANGUAGE)
    from reports.exporters.excel import kpi_workbook

    with translation.override(REPORT_LANGUAGE):
        return kpi_workbook(report)


def report_export_request(*, year: int, fmt: str, by: User) -> ReportExport:
    """Queue the building of the `fmt` file of `year`'s KPI report; returns the request."""
    _check_year(year)
    if fmt not in ReportFormat.values:
        raise ValidationError(_("Choose PDF or Excel."), code="format")

    with transaction.atomic():
        export = ReportExport.objects.create(year=year, format=fmt, requested_by=by)

        def enqueue():
            result = build_report_export.enqueue(export.pk)
            ReportExport.objects.filter(pk=export.pk).update(task_id=str(result.id))

        transaction.on_commit(enqueue)
    return export


def _progress(model, pk: int, **values) -> None:
    # A plain UPDATE outside any transaction: the page polling the row sees it at once.
    model.objects.filter(pk=pk).update(updated_at=timezone.now(), **values)


def report_export_build(*, export_id: int) -> ReportExport:
    """Build the requested file, recording progress; on failure record the error and leave
    every earlier file alone."""
    export = ReportExport.objects.get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return export
    _progress(ReportExport, export.pk, status=ExportStatus.RUNNING, progress=5)
    ReportExport.objects.filter(pk=export.pk).update(started_at=timezone.now())
    try:
        report = kpi_report(year=export.year, with_companies=True)
        _progress(ReportExport, export.pk, progress=40)
        content = render_report(report, export.format)
        _progress(ReportExport, export.pk, progress=90)
        export.file.save(export.filename, ContentFile(content), save=False)
    except Exception:
        logger.exception("Building report file %s failed", export.pk)
        _progress(
            ReportExport,
            export.pk,
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            error=_("The file could not be built. The earlier files are unchanged; try again."),
        )
        raise
    _progress(
        ReportExport,
        export.pk,
        status=ExportStatus.DONE,
        progress=100,
        file=export.file.name,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        finished_at=timezone.now(),
        error="",
    )
    export.refresh_from_db()
    return export


def snapshot_submit(
    *, year: int, by: User, note: str = "", today: date | None = None
) -> ReportSnapshot:
    """Freeze `year`'s KPI report as its next version, approved by `by`, and queue its files."""
    _check_year(year)
    report = kpi_report(year=year, today=today, with_companies=True)

    try:
        with transaction.atomic():
            latest = ReportSnapshot.objects.filter(year=year).aggregate(n=Max("version"))["n"]
            snapshot = ReportSnapshot.objects.create(
                year=year,
                version=(latest or 0) + 1,
                as_of=report.as_of,
                figures=report.to_json(),
                note=note,
                approved_by=by,
            )
            transaction.on_commit(lambda: build_snapshot_files.enqueue(snapshot.pk))
    except IntegrityError as error:
        # Two submissions of the same year at the same moment: the unique version refused one.
        raise ValidationError(
            _("Another version of this report was just submitted. Check the list, then retry."),
            code="version",
        ) from error
    return snapshot


def snapshot_build_files(*, snapshot_id: int) -> ReportSnapshot:
    """Render the snapshot's PDF and Excel from its frozen figures and record their SHA-256."""
    snapshot = ReportSnapshot.objects.get(pk=snapshot_id)
    if snapshot.status == SnapshotStatus.READY:
        return snapshot
    files = {}
    try:
        report = snapshot.report
        for fmt in (ReportFormat.PDF, ReportFormat.XLSX):
            content = render_report(report, fmt)
            field = getattr(snapshot, fmt)
            field.save(snapshot.filename(fmt), ContentFile(content), save=False)
            files[fmt] = field.name
            files[f"{fmt}_sha256"] = hashlib.sha256(content).hexdigest()
    except Exception:
        logger.exception("Building the files of snapshot %s failed", snapshot.pk)
        for fmt in ReportFormat.values:  # no half-built pair is left behind
            if fmt in files:
                getattr(snapshot, fmt).storage.delete(files[fmt])
        _progress(
            ReportSnapshot,
            snapshot.pk,
            status=SnapshotStatus.FAILED,
            error=_("The files could not be built. The figures are saved; try again."),
        )
        raise
    _progress(ReportSnapshot, snapshot.pk, status=SnapshotStatus.READY, error="", **files)
    snapshot.refresh_from_db()
    return snapshot


def snapshot_retry(*, snapshot: ReportSnapshot) -> ReportSnapshot:
    """Queue the files of a snapshot whose building failed once more."""
    if snapshot.status != SnapshotStatus.FAILED:
        raise ValidationError(_("Only a snapshot whose files failed can be retried."))

    with transaction.atomic():
        _progress(ReportSnapshot, snapshot.pk, status=SnapshotStatus.GENERATING, error="")
        transaction.on_commit(lambda: build_snapshot_files.enqueue(snapshot.pk))
    snapshot.refresh_from_db()
    return snapshot
