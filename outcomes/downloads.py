"""File responses shared by the staff and firm screens: evidence files and a report's PDF."""

from django.http import FileResponse

from core.downloads import private_file_response
from core.exports import ExportFile, export_response
from outcomes.models import (
    EvidenceFile,
    OutcomeReport,
)


def evidence_response(evidence: EvidenceFile) -> FileResponse:
    """The stored evidence file as a download under its original name."""
    return private_file_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


def outcome_pdf_response(report: OutcomeReport, language: str):
    """The report as a PDF download, named after its period (outcome-2024.pdf)."""
    # WeasyPrint loads with the first PDF, not with every process.
    from reports.exporters.pdf import outcome_report_pdf

    name = f"outcome-{report.period.year}"
    if report.period.quarter:
        name += f"-q{report.period.quarter}"
    return export_response(
        ExportFile(
            filename=f"{name}.pdf",
            content_type="application/pdf",
            content=outcome_report_pdf(report, language=language),
            row_count=1,
        )
    )
