from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import MAX_UPLOAD_BYTES
from outcomes.models import OutcomeReport, OutcomeReportEvent, OutcomeStatus, Patent
from outcomes.services import (
    evidence_add,
    outcome_report_accept,
    outcome_report_reopen,
    outcome_report_request_changes,
    outcome_report_save,
    outcome_report_submit,
    patent_add,
)
from tests.factories import CompanyFactory
from tests.outcomes.factories import (
    DOCX_BYTES,
    HWP_BYTES,
    HWPX_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    XLSX_BYTES,
    OutcomeReportFactory,
    PatentFactory,
    ReportingPeriodFactory,
    evidence_for_every_figure,
)

FIGURES = {
    "employees_at_end": 20,
    "new_hires": 4,
    "revenue_krw": 1_200_000_000,
    "investment_krw": 300_000_000,
    "exports_krw": 0,
}


def test_first_save_creates_a_draft_with_history(company, firm_user):
    period = ReportingPeriodFactory(year=2021)
    report = outcome_report_save(company=company, period=period, by=firm_user, figures=FIGURES)
    assert report.status == OutcomeStatus.DRAFT
    assert report.new_hires == 4
    event = report.events.get()
    assert (event.from_status, event.to_status, event.recorded_by) == ("", "draft", firm_user)


def test_a_period_not_open_yet_is_refused(company, firm_user):
    period = ReportingPeriodFactory(year=2090)
    with pytest.raises(ValidationError) as error:
        outcome_report_save(company=company, period=period, by=firm_user, figures=FIGURES)
    assert error.value.messages == ["This reporting period is not open yet."]


def test_full_state_machine_keeps_every_change(company, firm_user, staff):
    report = OutcomeReportFactory(company=company)
    evidence_for_every_figure(report)
    outcome_report_submit(report=report, by=firm_user)
    assert report.status == OutcomeStatus.SUBMITTED and report.submitted_at
    outcome_report_request_changes(
        report=report, by=staff, fields=["revenue_krw"], reason="증빙 누락"
    )
    assert report.status == OutcomeStatus.CHANGES_REQUESTED
    assert report.reopened_fields == ["revenue_krw"]
    outcome_report_submit(report=report, by=firm_user)
    outcome_report_accept(report=report, by=staff)
    report.refresh_from_db()
    assert report.status == OutcomeStatus.ACCEPTED
    assert report.accepted_by == staff and report.accepted_at
    assert list(report.events.values_list("to_status", "recorded_by")) == [
        ("submitted", firm_user.pk),
        ("changes_requested", staff.pk),
        ("submitted", firm_user.pk),
        ("accepted", staff.pk),
    ]
    assert OutcomeReportEvent.objects.get(to_status="changes_requested").reason == "증빙 누락"


def test_only_reopened_fields_can_change(company, firm_user, staff):
    report = OutcomeReportFactory(company=company, submitted=True, revenue_krw=1)
    outcome_report_request_changes(report=report, by=staff, fields=["revenue_krw"], reason="x")
    with pytest.raises(ValidationError) as error:
        outcome_report_save(
            company=company,
            period=report.period,
            by=firm_user,
            figures={**FIGURES, "revenue_krw": 9},
        )
    assert error.value.message_dict["new_hires"] == ["This figure is not open for changes."]
    report.refresh_from_db()
    assert report.revenue_krw == 1
    unchanged = {
        "employees_at_end": report.employees_at_end,
        "new_hires": report.new_hires,
        "investment_krw": 0,
        "exports_krw": 0,
    }
    outcome_report_save(
        company=company,
        period=report.period,
        by=firm_user,
        figures={**unchanged, "revenue_krw": 9},
    )
    report.refresh_from_db()
    assert report.revenue_krw == 9


def test_patents_stay_closed_unless_reopened(company, firm_user, staff):
    report = OutcomeReportFactory(company=company, submitted=True)
    outcome_report_request_changes(report=report, by=staff, fields=["revenue_krw"], reason="x")
    with pytest.raises(ValidationError) as error:
        patent_add(
            report=report,
            by=firm_user,
            application_number="10-2021-0000001",
            applied_on=date(2021, 3, 1),
            title="t",
        )
    assert error.value.messages == ["Staff did not reopen this part of the report."]


def test_accepted_report_is_locked_until_reopened(company, firm_user, staff):
    report = OutcomeReportFactory(company=company, submitted=True)
    evidence_for_every_figure(report)
    outcome_report_accept(report=report, by=staff)
    with pytest.raises(ValidationError) as error:
        outcome_report_save(
            company=company, period=report.period, by=firm_user, figures={"new_hires": 99}
        )
    assert error.value.message_dict["new_hires"] == ["This figure is not open for changes."]
    with pytest.raises(ValidationError) as error:
        outcome_report_submit(report=report, by=firm_user)
    assert error.value.messages == [
        "Only a draft or a report with requested changes can be submitted."
    ]
    outcome_report_reopen(report=report, by=staff, fields=["new_hires"], reason="정정 요청")
    report.refresh_from_db()
    assert report.status == OutcomeStatus.CHANGES_REQUESTED
    assert report.accepted_by is None
    assert not OutcomeReport.objects.accepted().exists()
    history = list(report.events.values_list("from_status", "to_status", "reason"))
    assert history[-2:] == [
        ("submitted", "accepted", ""),
        ("accepted", "changes_requested", "정정 요청"),
    ]


def test_request_changes_needs_fields_and_reason(company, staff):
    report = OutcomeReportFactory(company=company, submitted=True)
    with pytest.raises(ValidationError) as error:
        outcome_report_request_changes(report=report, by=staff, fields=[], reason=" ")
    assert error.value.message_dict == {
        "fields": ["Choose at least one part of the report to reopen."],
        "reason": ["Say why, so the firm knows what to change."],
    }


def test_accept_only_a_submitted_report(company, staff):
    report = OutcomeReportFactory(company=company)
    with pytest.raises(ValidationError) as error:
        outcome_report_accept(report=report, by=staff)
    assert error.value.messages == ["Only a submitted report can be accepted."]


def test_duplicate_patent_number_names_where_it_is_recorded(company, firm_user):
    other = CompanyFactory(name="(주)광주에이아이")
    first = OutcomeReportFactory(company=other, period=ReportingPeriodFactory(year=2020))
    PatentFactory(report=first, application_number="1020200012345")
    report = OutcomeReportFactory(company=company)
    with pytest.raises(ValidationError) as error:
        patent_add(
            report=report,
            by=firm_user,
            application_number="10-2020-0012345",
            applied_on=date(2020, 6, 1),
            title="중복",
        )
    assert error.value.message_dict["application_number"] == [
        "Patent application 10-2020-0012345 is already recorded for (주)광주에이아이 "
        "in the 2020 (year) report."
    ]


def test_patent_number_is_stored_as_digits(company, firm_user):
    report = OutcomeReportFactory(company=company)
    patent = patent_add(
        report=report,
        by=firm_user,
        application_number="10-2021-0123456",
        applied_on=date(2021, 6, 1),
        title="장치",
    )
    assert patent.application_number == "1020210123456"
    assert patent.application_number_display == "10-2021-0123456"
    assert patent.company == company


def test_patent_accepted_counts_only_accepted_reports(company):
    PatentFactory(report=OutcomeReportFactory(company=company, accepted=True))
    PatentFactory(report=OutcomeReportFactory(submitted=True))
    assert Patent.objects.accepted().count() == 1


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("증빙.pdf", PDF_BYTES, "application/pdf"),
        ("사진.png", PNG_BYTES, "image/png"),
        ("사진.JPG", JPEG_BYTES, "image/jpeg"),
        ("재직증명.hwp", HWP_BYTES, "application/x-hwp"),
        ("재직증명.hwpx", HWPX_BYTES, "application/hwp+zip"),
        (
            "매출.xlsx",
            XLSX_BYTES,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "확인서.docx",
            DOCX_BYTES,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_allowed_evidence_types_keep_the_type_their_content_shows(
    company, firm_user, name, data, content_type
):
    report = OutcomeReportFactory(company=company)
    evidence = evidence_add(report=report, by=firm_user, upload=SimpleUploadedFile(name, data))
    assert evidence.content_type == content_type


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("evidence.pdf", b"plain text pretending to be a pdf", "not a valid PDF file"),
        ("evidence.xlsx", DOCX_BYTES, "not a valid XLSX file"),  # a ZIP, but a Word file
        ("evidence.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "not a valid HWP"),
        ("evidence.hwpx", b"PK\x03\x04 not really a zip", "not a valid HWPX file"),
        ("evidence.txt", PDF_BYTES, "Upload one of these file types: PDF, PNG, JPEG, HWP, HWPX"),
    ],
)
def test_other_content_is_refused(company, firm_user, name, data, message):
    report = OutcomeReportFactory(company=company)
    with pytest.raises(ValidationError) as error:
        evidence_add(report=report, by=firm_user, upload=SimpleUploadedFile(name, data))
    assert message in error.value.messages[0]
    assert not report.evidence_files.exists()


def test_evidence_over_20_mb_is_refused(company, firm_user):
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES)
    upload.size = MAX_UPLOAD_BYTES + 1
    with pytest.raises(ValidationError) as error:
        evidence_add(report=OutcomeReportFactory(company=company), by=firm_user, upload=upload)
    assert error.value.messages == ["The file is larger than 20 MB."]


def test_evidence_is_stored_privately_under_a_random_name(company, firm_user):
    report = OutcomeReportFactory(company=company)
    evidence = evidence_add(
        report=report, by=firm_user, upload=SimpleUploadedFile("재무제표.pdf", PDF_BYTES)
    )
    assert evidence.original_name == "재무제표.pdf"
    assert evidence.file.name.startswith("private/outcome-evidence/")
    assert "재무제표" not in evidence.file.name
    assert evidence.size == len(PDF_BYTES)
    assert len(evidence.sha256) == 64
    assert evidence.content_type == "application/pdf"


def test_for_year_and_visible_to(company, firm_user, other_firm_user):
    mine = OutcomeReportFactory(company=company, period=ReportingPeriodFactory(year=2022))
    OutcomeReportFactory(period=ReportingPeriodFactory(year=2021))
    assert list(OutcomeReport.objects.for_year(2022)) == [mine]
    assert list(OutcomeReport.objects.visible_to(firm_user)) == [mine]
    assert mine not in OutcomeReport.objects.visible_to(other_firm_user)
