"""Background tasks of the import framework (Django's tasks framework, run by
`manage.py db_worker`): large imports are checked and written by the worker.

Each task imports its service in its body, so the import cycle is broken here, at the edge, and
core/imports.py imports the tasks at the top.
"""

from django.tasks import task


@task()
def check_import(job_id: int, attempt: int) -> int:
    """The dry run of a large import's stored file; returns its rows ready to import."""
    from core.imports import import_job_check

    return import_job_check(job_id=job_id, attempt=attempt).row_count


@task()
def write_import(job_id: int, attempt: int) -> int:
    """Write a confirmed large import, all rows or none; returns the rows written."""
    from core.imports import import_job_write

    return import_job_write(job_id=job_id, attempt=attempt).row_count
