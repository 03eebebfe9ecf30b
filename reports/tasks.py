"""Background tasks (Django's tasks framework, run by `manage.py db_worker`).

The services enqueue these; each task imports its service in its body, so the import cycle is
broken here, at the edge, and the services import the tasks at the top.
"""

from django.tasks import task


@task()
def build_report_export(export_id: int) -> str:
    """Build a requested KPI report file; returns its SHA-256."""
    from reports.services import report_export_build

    return report_export_build(export_id=export_id).sha256


@task()
def build_snapshot_files(snapshot_id: int, attempt: int | None = None) -> str:
    """Render a submitted snapshot's PDF and Excel for its try `attempt` (None: whichever is
    current, for tasks queued before attempts were counted); returns the PDF's SHA-256."""
    from reports.services import snapshot_build_files

    return snapshot_build_files(snapshot_id=snapshot_id, attempt=attempt).pdf_sha256
