"""Factories for the KPI tests: supported companies with their history."""

from datetime import date

from tests.factories import CompanyFactory, StageChangeFactory
from tests.programs.factories import SupportAwardFactory


def supported_company(
    *,
    awarded_on: date = date(2022, 4, 15),
    amount_krw: int = 10_000_000,
    stage: str | None = None,
    stage_on: date = date(2020, 1, 1),
    award: dict | None = None,
    **company,
):
    """A company with one counting award (and a stage change, if `stage` is given)."""
    firm = CompanyFactory(**company)
    if stage:
        StageChangeFactory(company=firm, stage=stage, effective_on=stage_on)
    SupportAwardFactory(company=firm, awarded_on=awarded_on, amount_krw=amount_krw, **(award or {}))
    return firm


def report_export(
    *, year: int = 2022, fmt: str = "pdf", status: str = "done", by=None, as_of: date | None = None
):
    """A report file request (of the calendar year, or as of a date); a done one has a (tiny)
    stored file and its SHA-256."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from reports.models import ReportExport
    from tests.factories import UserFactory
    from users.models import Role

    export = ReportExport(
        year=year,
        as_of=as_of,
        format=fmt,
        status=status,
        requested_by=by or UserFactory(role=Role.EXECUTIVE),
    )
    if status == "done":
        content = b"%PDF-1.7 test" if fmt == "pdf" else b"PK\x03\x04 test"
        export.file.save(export.filename, ContentFile(content), save=False)
        export.sha256 = hashlib.sha256(content).hexdigest()
        export.size, export.progress, export.finished_at = len(content), 100, timezone.now()
    export.save()
    return export


def report_snapshot(*, year: int = 2022, version: int = 1, status: str = "ready", by=None):
    """A submitted snapshot of `year` with the live figures and (tiny) stored files."""
    from django.core.files.base import ContentFile

    from reports.models import ReportSnapshot
    from reports.selectors.figures import kpi_report
    from tests.factories import UserFactory
    from users.models import Role

    report = kpi_report(year=year, with_companies=True)
    snapshot = ReportSnapshot(
        year=year,
        version=version,
        as_of=report.as_of,
        figures=report.to_json(),
        approved_by=by or UserFactory(role=Role.EXECUTIVE),
        status=status,
    )
    if status == "ready":
        for fmt in ("pdf", "xlsx"):
            getattr(snapshot, fmt).save(snapshot.filename(fmt), ContentFile(b"x"), save=False)
            setattr(snapshot, f"{fmt}_sha256", "0" * 64)
    snapshot.save()
    return snapshot


def supported_report(*, year: int = 2021, company=None, **fields):
    """An outcome report for `year` (a yearly period) of a company supported since that year,
    so its figures count."""
    from tests.outcomes.factories import OutcomeReportFactory, ReportingPeriodFactory

    company = company or supported_company(awarded_on=date(year, 1, 15))
    period = fields.pop("period", None) or ReportingPeriodFactory(year=year)
    return OutcomeReportFactory(company=company, period=period, **fields)
