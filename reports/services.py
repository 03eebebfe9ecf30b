"""Writes of the reports app: indicator targets, report files built in the background and
submitted snapshots.

Requests are queued on commit, so a worker never sees a row that a rolled-back transaction
would have made. The builders run in the worker (reports/tasks.py) and record their progress in
the row, which the page polls, with a heartbeat: a row whose worker died is marked failed by
the sweep in core/jobs.py and may be tried again.
"""

import hashlib
import logging
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.concurrency import ChangedMeanwhile
from core.jobs import JobAbandoned, job_beat, job_fail_stale
from reports.models import (
    ExportStatus,
    KpiIndicator,
    KpiTarget,
    ReportExport,
    ReportFormat,
    ReportSnapshot,
    SnapshotStatus,
)
from reports.selectors.figures import KpiReport, kpi_report
from reports.selectors.snapshots import ReportEdition, snapshot_edition, working_edition
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


def _check_as_of(year: int, as_of: date | None, today: date | None = None) -> None:
    """An as-of date is a day of the report year up to today in Seoul."""
    if as_of is None:
        return
    if as_of.year != year:
        raise ValidationError(
            _("The as-of date must be a day of %(year)s.") % {"year": year}, code="as_of"
        )
    if as_of > (today or timezone.localdate()):
        raise ValidationError(_("The as-of date cannot be a day still to come."), code="as_of")


@transaction.atomic
def kpi_targets_save(
    *, year: int, values: dict[str, tuple[Decimal | None, Decimal | None]], by: User
) -> list[KpiTarget]:
    """Set `year`'s target and baseline of each indicator in `values` (code → (target,
    baseline)); only rows whose values change are written, each change kept in the history.
    Returns the rows written."""
    indicators = {i.code: i for i in KpiIndicator.objects.filter(code__in=values)}
    unknown = set(values) - set(indicators)
    if unknown:
        raise ValidationError(
            _("Unknown indicators: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
            code="indicator",
        )
    # Locked, so two staff saving the same year at once write one after the other.
    existing = {
        row.indicator_id: row
        for row in KpiTarget.objects.select_for_update().filter(
            year=year, indicator__in=indicators.values()
        )
    }
    written = []
    try:
        with transaction.atomic():
            for code, entered in values.items():
                # As stored (two places), so an unchanged value compares, and logs, as equal.
                target, baseline = (None if v is None else round(Decimal(v), 2) for v in entered)
                indicator = indicators[code]
                row = existing.get(indicator.pk)
                if row is None and target is None and baseline is None:
                    continue
                if row is not None and (row.target, row.baseline) == (target, baseline):
                    continue
                row = row or KpiTarget(indicator=indicator, year=year)
                row.target, row.baseline, row.recorded_by = target, baseline, by
                row.full_clean(validate_unique=False, validate_constraints=False)
                row.save()
                written.append(row)
    except IntegrityError as error:
        # Another request created the same year's first target at the same moment.
        raise ChangedMeanwhile from error
    return written


def render_report(
    report: KpiReport,
    fmt: str,
    edition: ReportEdition | None = None,
    *,
    firm_list: bool | None = None,
) -> bytes:
    """The report as PDF or Excel bytes, in the ministry's language; `edition` (a snapshot's
    version, by default a working copy issued today) goes on the cover; `firm_list` True has
    a PDF list every supported company however many (exporters.pdf.lists_firms)."""
    edition = edition or working_edition()
    # WeasyPrint and pandas load with the first file built, not with every process.
    if fmt == ReportFormat.PDF:
        from reports.exporters.pdf import kpi_pdf

        return kpi_pdf(report, language=REPORT_LANGUAGE, edition=edition, firm_list=firm_list)
    from reports.exporters.excel import kpi_workbook

    with translation.override(REPORT_LANGUAGE):
        return kpi_workbook(report, edition=edition)


def report_export_request(
    *, year: int, fmt: str, by: User, as_of: date | None = None, firm_list: bool = False
) -> ReportExport:
    """Queue the building of the `fmt` file of `year`'s KPI report (as of a day of that year,
    with `as_of`; a PDF listing every supported company, with `firm_list`); returns the
    request."""
    _check_year(year)
    _check_as_of(year, as_of)
    if fmt not in ReportFormat.values:
        raise ValidationError(_("Choose PDF or Excel."), code="format")

    with transaction.atomic():
        export = ReportExport.objects.create(
            year=year,
            as_of=as_of,
            format=fmt,
            firm_list=firm_list and fmt == ReportFormat.PDF,
            requested_by=by,
            heartbeat_at=timezone.now(),
        )

        def enqueue():
            result = build_report_export.enqueue(export.pk)
            ReportExport.objects.filter(pk=export.pk).update(task_id=str(result.id))

        transaction.on_commit(enqueue)
    return export


def report_export_build(*, export_id: int) -> ReportExport:
    """Build the requested file, recording progress; on failure record the error and leave
    every earlier file alone. A request no longer waiting (built, or failed by the sweep
    because no worker took it in time) is left as it is."""
    now = timezone.now()
    claimed = ReportExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, progress=5, started_at=now, heartbeat_at=now, updated_at=now
    )
    export = ReportExport.objects.get(pk=export_id)
    if not claimed:
        return export
    # Each step is recorded only while the row still waits for this builder (JobAbandoned).
    running = ReportExport.objects.filter(pk=export.pk, status=ExportStatus.RUNNING)
    try:
        report = kpi_report(year=export.year, as_of=export.as_of, with_companies=True)
        job_beat(running, progress=40)
        content = render_report(report, export.format, firm_list=export.firm_list or None)
        job_beat(running, progress=90)
        export.file.save(export.filename, ContentFile(content), save=False)
        job_beat(
            running,
            status=ExportStatus.DONE,
            progress=100,
            file=export.file.name,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            finished_at=timezone.now(),
            error="",
        )
    except JobAbandoned:
        logger.warning("Report file %s was given up on while it was being built", export.pk)
        _delete_file(export.file)
    except Exception:
        logger.exception("Building report file %s failed", export.pk)
        _delete_file(export.file)
        running.update(
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            error=_("The file could not be built. The earlier files are unchanged; try again."),
        )
        raise
    export.refresh_from_db()
    return export


def _delete_file(field) -> None:
    """Delete a file saved for a row that will not refer to it."""
    if field.name:
        field.storage.delete(field.name)


def snapshot_submit(
    *,
    year: int,
    by: User,
    note: str = "",
    today: date | None = None,
    as_of: date | None = None,
) -> ReportSnapshot:
    """Freeze `year`'s KPI report (as of a date in that year, with `as_of`) as its next
    version, approved by `by`, and queue its files; the snapshot records the report's date."""
    _check_year(year)
    _check_as_of(year, as_of, today)
    report = kpi_report(year=year, as_of=as_of, today=today, with_companies=True)

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
                heartbeat_at=timezone.now(),
            )
            _enqueue_snapshot_files(snapshot)
    except IntegrityError as error:
        # Two submissions of the same year at the same moment: the unique version refused one.
        raise ValidationError(
            _("Another version of this report was just submitted. Check the list, then retry."),
            code="version",
        ) from error
    return snapshot


def _enqueue_snapshot_files(snapshot: ReportSnapshot) -> None:
    """Queue the building of the snapshot's files for its current try, once the row is saved."""

    def enqueue():
        result = build_snapshot_files.enqueue(snapshot.pk, snapshot.attempt)
        ReportSnapshot.objects.filter(pk=snapshot.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def snapshot_build_files(*, snapshot_id: int, attempt: int | None = None) -> ReportSnapshot:
    """Render the snapshot's PDF and Excel from its frozen figures and record their SHA-256.

    Only the current try builds (`attempt`, None meaning the current one); a snapshot that is
    ready, failed, or handed to a later try is left as it is."""
    snapshot = ReportSnapshot.objects.get(pk=snapshot_id)
    if snapshot.status != SnapshotStatus.GENERATING or attempt not in (None, snapshot.attempt):
        return snapshot
    building = ReportSnapshot.objects.filter(
        pk=snapshot.pk, status=SnapshotStatus.GENERATING, attempt=snapshot.attempt
    )
    files = {}
    try:
        job_beat(building)
        report = snapshot.report
        for fmt in (ReportFormat.PDF, ReportFormat.XLSX):
            content = render_report(report, fmt, snapshot_edition(snapshot))
            field = getattr(snapshot, fmt)
            field.save(snapshot.filename(fmt), ContentFile(content), save=False)
            files[fmt] = field.name
            files[f"{fmt}_sha256"] = hashlib.sha256(content).hexdigest()
            job_beat(building)
        job_beat(building, status=SnapshotStatus.READY, error="", **files)
    except JobAbandoned:
        logger.warning("The files of snapshot %s were given up on while being built", snapshot.pk)
        _delete_snapshot_files(snapshot, files)
    except Exception:
        logger.exception("Building the files of snapshot %s failed", snapshot.pk)
        _delete_snapshot_files(snapshot, files)
        building.update(
            status=SnapshotStatus.FAILED,
            updated_at=timezone.now(),
            error=_("The files could not be built. The figures are saved; try again."),
        )
        raise
    snapshot.refresh_from_db()
    return snapshot


def _delete_snapshot_files(snapshot: ReportSnapshot, files: dict) -> None:
    """No half-built pair is left behind."""
    for fmt in ReportFormat.values:
        if fmt in files:
            getattr(snapshot, fmt).storage.delete(files[fmt])


def snapshot_retry(*, snapshot: ReportSnapshot) -> ReportSnapshot:
    """Queue the files of a snapshot whose building failed (or whose worker died) once more."""
    job_fail_stale(ReportSnapshot)
    now = timezone.now()
    with transaction.atomic():
        # Conditional: of two retries sent together, one queues the files.
        retried = ReportSnapshot.objects.filter(
            pk=snapshot.pk, status=SnapshotStatus.FAILED
        ).update(
            status=SnapshotStatus.GENERATING,
            error="",
            attempt=F("attempt") + 1,
            heartbeat_at=now,
            updated_at=now,
        )
        if not retried:
            raise ValidationError(
                _("Only a snapshot whose files failed can be retried."), code="status"
            )
        snapshot.refresh_from_db()
        _enqueue_snapshot_files(snapshot)
    return snapshot
