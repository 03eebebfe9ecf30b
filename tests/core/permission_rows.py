"""Permission rows of the large-import pages every import has (merged by
tests/test_permissions.py): only the staff member who uploaded the file sees its job, so
another staff member (the privacy officer here) gets the 404 of a job that does not exist.
The job is checked and waits for its confirmation, so its page shows the confirm form (which
tests/security/test_hostile_input.py submits)."""

from core.models import ImportJob, ImportStatus

UPLOADER_ONLY = {"staff": 200, "privacy_officer": 404}


def job_of(importer: str):
    def args(request):
        job = ImportJob.objects.create(
            importer=importer,
            filename="big.csv",
            status=ImportStatus.CHECKED,
            row_count=301,
            requested_by=request.getfixturevalue("staff"),
        )
        return [job.pk]

    return args


ROWS = {
    "companies:import_job": (
        "get",
        job_of("companies.views.imports.IMPORTER"),
        UPLOADER_ONLY,
    ),
    "compute:usage_import_job": (
        "get",
        job_of("compute.views.USAGE_IMPORTER"),
        UPLOADER_ONLY,
    ),
}
