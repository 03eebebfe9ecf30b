"""Evidence files of outcome reports, and the figures that still need one."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.uploads import DOCUMENT_KINDS, display_name, validate_upload
from outcomes.models import (
    FIGURE_FIELDS,
    EvidenceFile,
    OutcomeReport,
)
from outcomes.services.reports import _require_editable
from reports.selectors.evidence import EvidenceRequirement, evidence_requirements
from users.models import User


def evidence_missing(report: OutcomeReport) -> dict[str, list[EvidenceRequirement]]:
    """The report's figures that an indicator counts only with evidence, and that have no
    evidence file for them: figure → the indicators' requirements. A figure of zero claims
    nothing and needs none. Two queries."""
    required = evidence_requirements(
        year=report.period.year, quarterly=report.period.quarter is not None
    )
    required = {figure: rows for figure, rows in required.items() if getattr(report, figure)}
    if not required:
        return {}
    backed = set(
        EvidenceFile.objects.filter(report=report, figure__in=required).values_list(
            "figure", flat=True
        )
    )
    return {f: required[f] for f in FIGURE_FIELDS if f in required and f not in backed}


@transaction.atomic
def evidence_add(*, report: OutcomeReport, by: User, upload, figure: str = "") -> EvidenceFile:
    """Store an evidence file privately under a random name, after checking its content;
    `figure` names the figure it supports (empty: the report as a whole)."""
    _require_editable(report, "evidence")
    if figure and figure not in FIGURE_FIELDS:
        raise ValidationError({"figure": _("Choose one of the report's figures.")})
    kind = validate_upload(upload, kinds=DOCUMENT_KINDS)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = EvidenceFile(
        report=report,
        original_name=display_name(upload.name, kind, default="evidence"),
        content_type=kind.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        figure=figure,
        uploaded_by=by,
    )
    evidence.file.save(evidence.original_name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: EvidenceFile, by: User) -> None:
    """Delete an evidence file while the report's evidence is open for changes."""
    _require_editable(evidence.report, "evidence")
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name))
