import copy
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from outcomes.models import EvidenceFile, OutcomeReport, OutcomeStatus, Patent
from portal.views import outcomes as outcome_urls
from tests.factories import CompanyFactory
from tests.outcomes.factories import (
    PDF_BYTES,
    EvidenceFileFactory,
    OutcomeReportFactory,
    PatentFactory,
    ReportingPeriodFactory,
    evidence_for_every_figure,
)

FIGURES = {
    "employees_at_end": "20",
    "new_hires": "4",
    "revenue_krw": "1200000000",
    "investment_krw": "0",
    "exports_krw": "0",
}


@pytest.fixture(autouse=True)
def _english(client, settings):
    """These tests compare messages with their English source; the pages follow the cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_portal_urls_carry_no_company_id():
    """Portal outcome routes take a period, report or file id, never a company's."""
    routes = [str(p.pattern) for p in outcome_urls.urlpatterns]
    assert len(routes) == 10
    assert not [r for r in routes if "company" in r]


def test_firm_fills_and_submits_its_report(client, firm_user, company):
    period = ReportingPeriodFactory(year=2021)
    client.force_login(firm_user)
    response = client.post(reverse("portal:outcome_edit", args=[period.pk]), FIGURES)
    report = OutcomeReport.objects.get()
    assert report.company == company
    assert response.url == reverse("portal:outcome_detail", args=[report.pk])
    client.post(
        reverse("portal:outcome_patent_add", args=[report.pk]),
        {
            "application_number": "10-2021-7654321",
            "applied_on": "2021-04-01",
            "title": "배터리 진단 장치",
            "status": "filed",
        },
    )
    client.post(
        reverse("portal:outcome_evidence_add", args=[report.pk]),
        {"file": SimpleUploadedFile("증빙.pdf", PDF_BYTES)},
    )
    client.post(reverse("portal:outcome_submit", args=[report.pk]), {"confirm": "on"})
    report.refresh_from_db()
    assert report.status == OutcomeStatus.SUBMITTED
    assert report.patents.get().application_number == "1020217654321"
    evidence = report.evidence_files.get()
    download = client.get(reverse("portal:outcome_evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    # Submitted: the edit form shows every field disabled and the service refuses changes.
    page = client.get(reverse("portal:outcome_edit", args=[period.pk]))
    assert all(field.disabled for field in page.context["form"].fields.values())


def test_changes_requested_form_disables_the_other_fields(client, firm_user, company, staff):
    report = OutcomeReportFactory(company=company, submitted=True)
    client.force_login(staff)
    client.post(
        reverse("outcomes:review", args=[report.pk]),
        {"action": "request_changes", "fields": ["revenue_krw"], "reason": "증빙 누락"},
    )
    client.force_login(firm_user)
    form = client.get(reverse("portal:outcome_edit", args=[report.period_id])).context["form"]
    assert [n for n, f in form.fields.items() if not f.disabled] == ["revenue_krw"]
    detail = client.get(reverse("portal:outcome_detail", args=[report.pk])).content.decode()
    assert "증빙 누락" in detail
    # A disabled field's posted value is ignored (the form keeps the stored one).
    client.post(
        reverse("portal:outcome_edit", args=[report.period_id]),
        {**FIGURES, "revenue_krw": "777"},
    )
    report.refresh_from_db()
    assert report.revenue_krw == 777
    assert report.new_hires == 3


def test_duplicate_patent_is_shown_on_the_form(client, firm_user, company):
    PatentFactory(
        report=OutcomeReportFactory(company=CompanyFactory(name="다른기업")),
        application_number="1020210000777",
    )
    report = OutcomeReportFactory(company=company)
    client.force_login(firm_user)
    response = client.post(
        reverse("portal:outcome_patent_add", args=[report.pk]),
        {
            "application_number": "10-2021-0000777",
            "applied_on": "2021-04-01",
            "title": "중복 특허",
            "status": "filed",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["application_number"]
    assert errors == [
        "Patent application 10-2021-0000777 is already recorded for 다른기업 "
        "in the 2021 (year) report."
    ]
    assert response.context["form"]["title"].value() == "중복 특허"


def test_bad_evidence_type_re_renders_with_message(client, firm_user, company):
    report = OutcomeReportFactory(company=company)
    client.force_login(firm_user)
    response = client.post(
        reverse("portal:outcome_evidence_add", args=[report.pk]),
        {"file": SimpleUploadedFile("fake.pdf", b"MZ executable")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This file's content is not a valid PDF file."
    ]


def test_firm_sees_only_its_own_reports(client, firm_user, company):
    mine = OutcomeReportFactory(company=company)
    theirs = OutcomeReportFactory()
    client.force_login(firm_user)
    reports = list(client.get(reverse("portal:outcome_list")).context["reports"])
    assert reports == [mine]
    assert client.get(reverse("portal:outcome_detail", args=[theirs.pk])).status_code == 404
    file = EvidenceFileFactory(report=theirs)
    assert client.get(reverse("portal:outcome_evidence", args=[file.pk])).status_code == 404


def test_staff_accepts_from_the_review_page(client, staff, company):
    report = OutcomeReportFactory(company=company, submitted=True)
    evidence_for_every_figure(report)
    client.force_login(staff)
    response = client.post(reverse("outcomes:review", args=[report.pk]), {"action": "accept"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == OutcomeStatus.ACCEPTED and report.accepted_by == staff


def test_executive_cannot_decide(client, executive, company):
    report = OutcomeReportFactory(company=company, submitted=True)
    client.force_login(executive)
    response = client.post(reverse("outcomes:review", args=[report.pk]), {"action": "accept"})
    assert response.status_code == 403


def test_reopen_without_reason_re_renders(client, staff, company):
    report = OutcomeReportFactory(company=company, accepted=True)
    client.force_login(staff)
    response = client.post(
        reverse("outcomes:review", args=[report.pk]),
        {"action": "reopen", "fields": ["new_hires"], "reason": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Say why, so the firm knows what to change."
    ]


def test_staff_list_filters_by_status_and_company(client, staff):
    wanted = OutcomeReportFactory(company=CompanyFactory(name="빛고을로보틱스"), submitted=True)
    OutcomeReportFactory(company=CompanyFactory(name="빛고을에너지"))
    client.force_login(staff)
    response = client.get(reverse("outcomes:list"), {"status": "submitted", "q": "빛고을"})
    assert list(response.context["reports"]) == [wanted]


def _with_banner(settings):
    """The lead adds the processor to config/settings.py; until then the test adds it."""
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if "outcomes.context_processors.outcome_banner" not in processors:
        processors.append("outcomes.context_processors.outcome_banner")
    settings.TEMPLATES = templates


def test_banner_shows_until_the_firm_submits(client, settings, firm_user, company, time_machine):
    _with_banner(settings)
    time_machine.move_to("2022-01-20 09:00 +09:00")
    period = ReportingPeriodFactory(year=2021)
    client.force_login(firm_user)
    page = client.get(reverse("portal:outcome_list"))
    assert page.context["outcome_banner_periods"] == [period]
    OutcomeReportFactory(company=company, period=period, submitted=True)
    page = client.get(reverse("portal:outcome_list"))
    assert "outcome_banner_periods" not in page.context


@pytest.mark.parametrize("who", ["staff", "firm_user"])
def test_report_lists_queries_do_not_grow(client, request, company, who, assert_flat_queries):
    client.force_login(request.getfixturevalue(who))
    url = reverse("outcomes:list" if who == "staff" else "portal:outcome_list")
    years = iter(range(2000, 2040))

    def make():
        for _ in range(3):
            report = OutcomeReportFactory(
                company=company, period=ReportingPeriodFactory(year=next(years))
            )
            PatentFactory.create_batch(2, report=report)

    make()
    # Expect 14 queries for staff: session, user, sign-in bookkeeping (9), count, the filter's
    # periods, reports with their patent counts. 15 for the firm: the open reporting periods
    # (for the banner and for the page) in place of the filter's periods.
    pages = assert_flat_queries(client, url, make)
    assert [page.status_code for page in pages] == [200, 200]


def test_patent_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    PatentFactory.create_batch(2)
    # Expect 13 queries: session, user, sign-in bookkeeping (9), count, patents with their
    # companies, reports and periods.
    pages = assert_flat_queries(
        client, reverse("outcomes:patent_list"), lambda: PatentFactory.create_batch(10)
    )
    assert [page.status_code for page in pages] == [200, 200]


@pytest.mark.parametrize("who", ["staff", "firm_user"])
def test_review_page_queries_do_not_grow(client, request, company, who, assert_flat_queries):
    report = OutcomeReportFactory(company=company, submitted=True)
    client.force_login(request.getfixturevalue(who))
    name = "outcomes:review" if who == "staff" else "portal:outcome_detail"

    def make():
        PatentFactory.create_batch(5, report=report)
        EvidenceFileFactory.create_batch(5, report=report)

    make()
    # Expect 24 queries for staff: session, user, sign-in bookkeeping (9), report with its
    # company and period, patents, evidence, events, waivers, change history and its related
    # names (7), the indicators requiring evidence and the figures with a file (2).
    # 17 for the firm: no change history nor decision, the open reporting periods for the banner.
    pages = assert_flat_queries(client, reverse(name, args=[report.pk]), make)
    assert [page.status_code for page in pages] == [200, 200]


def test_open_period_edit_page_404_for_future_period(client, firm_user):
    period = ReportingPeriodFactory(year=2090, opens_on=date(2090, 12, 1))
    client.force_login(firm_user)
    assert client.get(reverse("portal:outcome_edit", args=[period.pk])).status_code == 404


def test_banner_snippet_says_overdue_after_the_due_date(time_machine):
    period = ReportingPeriodFactory(year=2021)
    html = render_to_string(
        "includes/outcome_banner.html",
        {"outcome_banner_periods": [period], "outcome_banner_today": date(2022, 2, 1)},
    )
    assert "was due on 2022-01-31 and has not been submitted" in html


def test_no_banner_once_the_grace_period_is_over(client, settings, firm_user, time_machine):
    _with_banner(settings)
    ReportingPeriodFactory(year=2021)  # due 2022-01-31, 60 days of grace
    time_machine.move_to("2022-04-01 09:00 +09:00")
    client.force_login(firm_user)
    assert "outcome_banner_periods" in client.get(reverse("portal:outcome_list")).context
    time_machine.move_to("2022-04-02 09:00 +09:00")
    client.force_login(firm_user)  # a day later the 30-minute idle session has ended
    assert "outcome_banner_periods" not in client.get(reverse("portal:outcome_list")).context


def test_the_portal_home_lists_what_is_owed_instead_of_the_banner(
    client, settings, firm_user, time_machine
):
    _with_banner(settings)
    time_machine.move_to("2022-01-20 09:00 +09:00")
    ReportingPeriodFactory(year=2021)
    client.force_login(firm_user)
    home = client.get(reverse("portal:home"))
    assert "outcome_banner_periods" not in home.context
    assert [action.period.year for action in home.context["portal_actions"]] == [2021]


def test_firm_removes_a_patent_from_a_draft_after_confirming(client, firm_user, company):
    patent = PatentFactory(report=OutcomeReportFactory(company=company))
    client.force_login(firm_user)
    url = reverse("portal:outcome_patent_remove", args=[patent.pk])
    assert patent.title in client.get(url).content.decode()
    client.post(url)
    assert not Patent.objects.exists()


def test_patent_of_a_submitted_report_cannot_be_removed(client, firm_user, company):
    patent = PatentFactory(report=OutcomeReportFactory(company=company, submitted=True))
    client.force_login(firm_user)
    response = client.post(reverse("portal:outcome_patent_remove", args=[patent.pk]), follow=True)
    assert Patent.objects.filter(pk=patent.pk).exists()
    assert "This report is submitted and cannot be changed." in [
        str(m) for m in response.context["messages"]
    ]


def test_staff_creates_a_period_and_a_duplicate_is_refused(client, staff):
    client.force_login(staff)
    data = {"year": "2023", "quarter": "", "opens_on": "2023-12-01", "due_on": "2024-01-31"}
    assert client.post(reverse("outcomes:period_create"), data).status_code == 302
    response = client.post(reverse("outcomes:period_create"), data)
    assert response.status_code == 200
    assert "This reporting period exists already." in str(response.context["form"].errors)
    bad = {**data, "year": "2024", "due_on": "2023-01-01"}
    response = client.post(reverse("outcomes:period_create"), bad)
    assert "The due date cannot be before the opening date." in str(response.context["form"].errors)


def test_period_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    OutcomeReportFactory(period=ReportingPeriodFactory(year=2020))

    def make():
        for year in range(2001, 2011):
            OutcomeReportFactory(period=ReportingPeriodFactory(year=year), submitted=True)

    # Expect 13 queries: session, user, sign-in bookkeeping (9), count, periods with their
    # report counts.
    pages = assert_flat_queries(client, reverse("outcomes:period_list"), make)
    assert [page.status_code for page in pages] == [200, 200]


def test_review_form_offers_only_what_the_state_allows(client, staff, company):
    submitted = OutcomeReportFactory(company=company, submitted=True)
    accepted = OutcomeReportFactory(accepted=True)
    client.force_login(staff)
    form = client.get(reverse("outcomes:review", args=[submitted.pk])).context["form"]
    assert [c[0] for c in form.fields["action"].choices] == ["accept", "request_changes"]
    form = client.get(reverse("outcomes:review", args=[accepted.pk])).context["form"]
    assert [c[0] for c in form.fields["action"].choices] == ["reopen"]


def test_firm_deletes_evidence_and_the_file_goes_after_commit(
    client, firm_user, company, django_capture_on_commit_callbacks
):
    evidence = EvidenceFileFactory(report=OutcomeReportFactory(company=company))
    storage, name = evidence.file.storage, evidence.file.name
    client.force_login(firm_user)
    url = reverse("portal:outcome_evidence_remove", args=[evidence.pk])
    assert "재무제표.pdf" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not EvidenceFile.objects.exists()
    assert not storage.exists(name)


def test_evidence_of_an_accepted_report_stays(client, firm_user, company):
    evidence = EvidenceFileFactory(report=OutcomeReportFactory(company=company, accepted=True))
    client.force_login(firm_user)
    client.post(reverse("portal:outcome_evidence_remove", args=[evidence.pk]))
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()


def test_a_firm_downloads_its_own_report_as_a_pdf(client, firm_user, tmp_path):
    """The PDF names the company and the figures, in the project's embedded Korean font."""
    import subprocess

    report = OutcomeReportFactory(company=firm_user.company, submitted=True, new_hires=7)
    client.force_login(firm_user)
    response = client.get(reverse("portal:outcome_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="outcome-2021.pdf"'
    path = tmp_path / "outcome.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert firm_user.company.name in text
    assert "Status: Submitted" in text  # this module reads English pages
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Pretendard" in fonts


def test_another_firms_report_pdf_is_a_404(client, other_firm_user, firm_user):
    report = OutcomeReportFactory(company=firm_user.company, submitted=True)
    client.force_login(other_firm_user)
    assert client.get(reverse("portal:outcome_pdf", args=[report.pk])).status_code == 404
