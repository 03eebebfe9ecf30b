"""Acceptance needs evidence: a figure an indicator counts only with evidence is accepted with
an evidence file for it, or with a waiver reason staff record (who, when, why)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from outcomes.models import FIGURE_FIELDS, EvidenceFile, EvidenceWaiver, OutcomeStatus
from outcomes.services import evidence_add, evidence_missing, outcome_report_accept
from reports.indicators import REGISTRY
from reports.models import KpiIndicator
from reports.selectors.evidence import INDICATOR_FIGURES
from tests.outcomes.factories import (
    PDF_BYTES,
    EvidenceFileFactory,
    OutcomeReportFactory,
    ReportingPeriodFactory,
    evidence_for_every_figure,
)


@pytest.fixture
def report(company):
    """A submitted yearly report: 12 employees, 3 hires, 500 million won revenue, no investment
    nor exports (zero figures claim nothing and need no evidence)."""
    return OutcomeReportFactory(company=company, submitted=True)


def test_each_mapped_indicator_has_a_computation_and_reads_real_figures():
    assert set(INDICATOR_FIGURES) <= set(REGISTRY)
    assert {f for figures in INDICATOR_FIGURES.values() for f in figures} <= set(FIGURE_FIELDS)


def test_the_figures_missing_evidence_are_those_an_evidence_indicator_reads(report):
    """employees (new jobs), hires (gross hires) and revenue need a file; investment and
    exports are zero; exports have no indicator at all."""
    assert set(evidence_missing(report)) == {"employees_at_end", "new_hires", "revenue_krw"}
    EvidenceFileFactory(report=report, figure="revenue_krw")
    EvidenceFileFactory(report=report, figure="")  # a file for the whole report backs nothing
    assert set(evidence_missing(report)) == {"employees_at_end", "new_hires"}


def test_acceptance_is_refused_without_evidence_naming_each_figure(report, staff):
    EvidenceFileFactory(report=report, figure="employees_at_end")
    EvidenceFileFactory(report=report, figure="new_hires")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        outcome_report_accept(report=report, by=staff)
    assert error.value.message_dict == {
        "waive_revenue_krw": [
            "Revenue (won) needs an evidence file (재무제표, 부가가치세 과세표준증명, required "
            "by Survey revenue), or a reason for accepting it without one."
        ]
    }
    report.refresh_from_db()
    assert report.status == OutcomeStatus.SUBMITTED
    assert not EvidenceWaiver.objects.exists()


def test_acceptance_with_a_file_for_each_figure(report, staff):
    evidence_for_every_figure(report)
    outcome_report_accept(report=report, by=staff)
    report.refresh_from_db()
    assert report.status == OutcomeStatus.ACCEPTED
    assert not EvidenceWaiver.objects.exists()


def test_acceptance_with_a_waiver_records_who_when_and_why(report, staff):
    EvidenceFileFactory(report=report, figure="employees_at_end")
    EvidenceFileFactory(report=report, figure="new_hires")
    outcome_report_accept(
        report=report, by=staff, waivers={"revenue_krw": " 국세청 확인 완료 ", "exports_krw": "x"}
    )
    report.refresh_from_db()
    assert report.status == OutcomeStatus.ACCEPTED
    waiver = EvidenceWaiver.objects.get()
    assert (waiver.report, waiver.figure, waiver.reason, waiver.recorded_by) == (
        report,
        "revenue_krw",
        "국세청 확인 완료",
        staff,
    )
    assert waiver.recorded_at is not None


def test_a_blank_waiver_reason_is_no_waiver(report, staff):
    with pytest.raises(ValidationError) as error:
        outcome_report_accept(report=report, by=staff, waivers=dict.fromkeys(FIGURE_FIELDS, " "))
    assert set(error.value.message_dict) == {
        "waive_employees_at_end",
        "waive_new_hires",
        "waive_revenue_krw",
    }


def test_an_indicator_without_required_evidence_asks_for_none(report, staff):
    KpiIndicator.objects.filter(code__in=INDICATOR_FIGURES).update(required_evidence="")
    assert evidence_missing(report) == {}
    outcome_report_accept(report=report, by=staff)
    assert report.status == OutcomeStatus.ACCEPTED


def test_a_retired_indicator_asks_for_no_evidence(report):
    KpiIndicator.objects.filter(code="survey_revenue_krw").update(is_retired=True)
    assert "revenue_krw" not in evidence_missing(report)


def test_quarterly_figures_count_in_no_yearly_indicator_and_need_no_evidence(company, staff):
    quarter = ReportingPeriodFactory(year=2021, quarter=2)
    report = OutcomeReportFactory(company=company, period=quarter, submitted=True)
    assert evidence_missing(report) == {}


def test_a_firm_names_the_figure_a_file_supports(report, firm_user):
    report.status = OutcomeStatus.DRAFT
    report.save(update_fields=["status"])
    upload = SimpleUploadedFile("명부.pdf", PDF_BYTES)
    evidence = evidence_add(report=report, by=firm_user, upload=upload, figure="new_hires")
    assert evidence.figure == "new_hires"
    with translation.override("en"), pytest.raises(ValidationError) as error:
        evidence_add(report=report, by=firm_user, upload=upload, figure="salary")
    assert error.value.message_dict == {"figure": ["Choose one of the report's figures."]}


def test_the_portal_upload_form_stores_the_figure(client, firm_user, company):
    report = OutcomeReportFactory(company=company)
    client.force_login(firm_user)
    url = reverse("portal:outcome_evidence_add", args=[report.pk])
    form = client.get(url).context["form"]
    assert "revenue_krw" in [value for value, _label in form.fields["figure"].choices]
    data = {"file": SimpleUploadedFile("재무제표.pdf", PDF_BYTES), "figure": "revenue_krw"}
    assert client.post(url, data).status_code == 302
    assert EvidenceFile.objects.get(report=report).figure == "revenue_krw"


def test_the_review_page_asks_a_reason_for_each_figure_without_evidence(client, staff, report):
    EvidenceFileFactory(report=report, figure="employees_at_end")
    EvidenceFileFactory(report=report, figure="new_hires")
    client.force_login(staff)
    url = reverse("outcomes:review", args=[report.pk])
    form = client.get(url).context["form"]
    assert [name for name in form.fields if name.startswith("waive_")] == ["waive_revenue_krw"]

    refused = client.post(url, {"action": "accept"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["waive_revenue_krw"]
    assert not EvidenceWaiver.objects.exists()

    accepted = client.post(url, {"action": "accept", "waive_revenue_krw": "원본 대조 완료"})
    assert accepted.status_code == 302
    report.refresh_from_db()
    assert report.status == OutcomeStatus.ACCEPTED
    page = client.get(url).content.decode()
    assert "원본 대조 완료" in page and staff.display_name in page
