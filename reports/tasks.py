"""Background tasks (Django's tasks framework, run by `manage.py db_worker`)."""

from django.tasks import task

from reports import services


@task()
def build_report_export(export_id: int) -> str:
    """Build a requested KPI report file; returns its SHA-256."""
    return services.report_export_build(export_id=export_id).sha256


@task()
def build_snapshot_files(snapshot_id: int) -> str:
    """Render a submitted snapshot's PDF and Excel; returns the PDF's SHA-256."""
    return services.snapshot_build_files(snapshot_id=snapshot_id).pdf_sha256
