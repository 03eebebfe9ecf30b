"""The import framework, one module per area: reading files (`tables`), the dry run and confirm in
the request (`dry_run`), and large imports run by the task worker (`jobs`). Each app defines its
columns, its validation and its write (`companies/imports.py`, `compute/services/usage.py`) and
names them in an `Importer`."""

from core.imports.dry_run import (
    MAX_PENDING_IMPORTS,
    DryRunImportView,
    ImportUploadForm,
    run_stored_import,
    stash_upload,
)
from core.imports.jobs import (
    Importer,
    ImportJobView,
    import_files_expire,
    import_job_check,
    import_job_confirm,
    import_job_retry,
    import_job_start,
    import_job_write,
    importer_at,
)
from core.imports.tables import (
    DATE_PATTERNS,
    MAX_ROWS,
    ImportResult,
    RowError,
    describe_row_errors,
    read_table,
    sheet_date,
)

__all__ = [
    "DATE_PATTERNS",
    "MAX_PENDING_IMPORTS",
    "MAX_ROWS",
    "DryRunImportView",
    "ImportJobView",
    "ImportResult",
    "ImportUploadForm",
    "Importer",
    "RowError",
    "describe_row_errors",
    "import_files_expire",
    "import_job_check",
    "import_job_confirm",
    "import_job_retry",
    "import_job_start",
    "import_job_write",
    "importer_at",
    "read_table",
    "run_stored_import",
    "sheet_date",
    "stash_upload",
]
