"""Staff screens: import companies and their contacts (dry run, confirm, template); a large file
is checked and imported by the task worker, with its own page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from companies.imports import COLUMNS, companies_import, validate_rows
from core.display import format_number
from core.exports import CSV_CONTENT_TYPE, ExportFile, csv_bytes, export_response
from core.imports import DryRunImportView, Importer, ImportJobView, run_stored_import
from users.permissions import STAFF_ONLY, require_role


def _write_companies(result, *, filename: str, by) -> int:
    return len(companies_import(result=result, by=by))


IMPORTER = Importer(
    path=f"{__name__}.IMPORTER",
    storage_prefix="private/imports/companies",
    validate=validate_rows,
    write=_write_companies,
    conflict_message=gettext_lazy(
        "Nothing was imported: the database refused a row, probably because a company "
        "was registered meanwhile. Upload the file again to see which one."
    ),
    title=gettext_lazy("Import companies"),
    upload_url_name="companies:import",
    job_url_name="companies:import_job",
    done_url_name="companies:list",
    done_label=gettext_lazy("Companies"),
)


class CompanyImportView(DryRunImportView):
    """Upload a company file and see the dry run; nothing is written here."""

    allowed_roles = STAFF_ONLY
    template_name = "companies/company_import.html"
    session_key = "company_import_tokens"
    importer = IMPORTER

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=list(COLUMNS), **kwargs)


@require_POST
def company_import_confirm(request):
    """Run the import the dry run approved, re-validating the stored file first."""
    require_role(request.user, STAFF_ONLY)
    companies = run_stored_import(
        request,
        session_key=CompanyImportView.session_key,
        storage=CompanyImportView.storage(),
        validate=validate_rows,
        run=lambda result, entry: companies_import(result=result, by=request.user),
        conflict_message=str(IMPORTER.conflict_message),
    )
    if companies is None:
        return redirect("companies:import")
    messages.success(
        request,
        ngettext(
            "%(count)s company was imported.", "%(count)s companies were imported.", len(companies)
        )
        % {"count": format_number(len(companies))},
    )
    return redirect("companies:list")


class CompanyImportJobView(ImportJobView):
    """A large company file: the worker's check, the confirmation, the import."""

    allowed_roles = STAFF_ONLY
    importer = IMPORTER


def company_import_template(request):
    """An empty CSV with the expected headers, UTF-8 with BOM so Korean Excel shows Hangul."""
    require_role(request.user, STAFF_ONLY)
    example = [
        "(주)예시에이아이",
        "123-45-67891",
        "",
        "홍길동",
        "2021-03-02",
        "광주광역시 북구 첨단과기로 123",
        "Y",
        "헬스케어",
        "J58221",
        "12",
        "https://example.kr",
        "초기",
        "김담당",
        "대리",
        "contact@example.kr",
        "062-123-4567",
    ]
    return export_response(
        ExportFile(
            filename="company-import-template.csv",
            content_type=CSV_CONTENT_TYPE,
            content=csv_bytes(list(COLUMNS), [example]),
            row_count=1,
        )
    )
