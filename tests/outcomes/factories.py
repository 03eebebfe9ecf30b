import io
import zipfile
from datetime import date

import factory
from django.utils import timezone

from outcomes.models import (
    FIGURE_FIELDS,
    EvidenceFile,
    OutcomeReport,
    OutcomeStatus,
    Patent,
    PatentStatus,
    ReportingPeriod,
)
from tests.factories import CompanyFactory, StaffFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


XLSX_BYTES = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
HWPX_BYTES = zip_bytes({"mimetype": b"application/hwp+zip", "Contents/content.hpf": b"<opf/>"})
DOCX_BYTES = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
HWP_BYTES = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + b"\x00" * 64
    + "FileHeader".encode("utf-16-le")
    + b"\x00" * 16
    + b"HWP Document File"
)


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("year", "quarter")

    year = 2021
    quarter = None
    opens_on = factory.LazyAttribute(lambda o: date(o.year, 12, 1))
    due_on = factory.LazyAttribute(lambda o: date(o.year + 1, 1, 31))


class OutcomeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeReport

    class Params:
        accepted = factory.Trait(
            status=OutcomeStatus.ACCEPTED,
            submitted_at=factory.LazyFunction(timezone.now),
            accepted_at=factory.LazyFunction(timezone.now),
            accepted_by=factory.SubFactory(StaffFactory),
        )
        submitted = factory.Trait(
            status=OutcomeStatus.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )

    company = factory.SubFactory(CompanyFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    status = OutcomeStatus.DRAFT
    employees_at_end = 12
    new_hires = 3
    revenue_krw = 500_000_000
    investment_krw = 0
    exports_krw = 0


class PatentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patent

    report = factory.SubFactory(OutcomeReportFactory)
    company = factory.SelfAttribute("report.company")
    application_number = factory.Sequence(lambda n: f"1020210{n:06d}")
    applied_on = date(2021, 5, 3)
    title = "인공지능 기반 영상 분석 장치"
    status = PatentStatus.FILED


class EvidenceFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceFile

    report = factory.SubFactory(OutcomeReportFactory)
    file = factory.django.FileField(data=PDF_BYTES, filename="evidence")
    original_name = "재무제표.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(StaffFactory)


def evidence_for_every_figure(report) -> list[EvidenceFile]:
    """An evidence file for each figure of `report`, so staff may accept it."""
    return [EvidenceFileFactory(report=report, figure=name) for name in FIGURE_FIELDS]
