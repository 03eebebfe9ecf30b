import io
import re
import subprocess
from datetime import date, datetime

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from companies.models import GrowthStage
from programs.models import Program
from reports.selectors.figures import kpi_report
from tests.factories import StaffFactory
from tests.programs.factories import ProgramFactory
from tests.reports.factories import supported_company


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(path) -> list[list[str]]:
    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [line.split() for line in output.splitlines()[2:]]


def pdf_pages(path) -> int:
    output = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return int(next(line for line in output.splitlines() if line.startswith("Pages:")).split()[1])


@pytest.fixture
def pdf_2022(tmp_path):
    supported_company(name="광주인공지능", stage=GrowthStage.EARLY)
    supported_company(name="첨단모빌리티", awarded_on=date(2021, 3, 1))
    path = tmp_path / "kpi-2022.pdf"
    call_command("kpi_report", year=2022, format="pdf", output=str(path), stdout=io.StringIO())
    return path


def test_pdf_embeds_the_project_korean_font(pdf_2022):
    """The font comes from the project's @font-face, not from a system font."""
    fonts = pdf_fonts(pdf_2022)
    assert fonts, "no fonts in the PDF"
    assert all("Pretendard" in row[0] for row in fonts)
    # Columns: name type encoding emb sub uni ...; the font is embedded.
    assert all(row[-5] == "yes" for row in fonts)


def test_pdf_text_is_extractable(pdf_2022):
    with translation.override("ko"):
        title = translation.gettext("KPI report %(year)s")
    text = pdf_text(pdf_2022)
    assert "2022" in text
    assert "광주인공지능" in text
    assert "첨단모빌리티" not in text.split("광주인공지능")[-1]  # not supported in 2022
    assert "백만원" in text
    assert title.split("%")[0].strip() in text or "KPI" in text


def test_pdf_of_an_empty_year_says_no_data(tmp_path):
    path = tmp_path / "kpi-2020.pdf"
    call_command("kpi_report", year=2020, format="pdf", output=str(path), stdout=io.StringIO())
    with translation.override("ko"):
        no_data = translation.gettext("No data")
    assert no_data in pdf_text(path)


def test_pdf_for_300_firms_has_more_than_one_page_and_repeats_headers(tmp_path):
    program = ProgramFactory()
    staff = StaffFactory()
    for index in range(300):
        supported_company(name=f"기업{index:03d}", award={"program": program, "recorded_by": staff})
    path = tmp_path / "kpi-2022.pdf"
    call_command("kpi_report", year=2022, format="pdf", output=str(path), stdout=io.StringIO())
    pages = pdf_pages(path)
    assert pages > 3
    text = pdf_text(path)
    assert "기업000" in text and "기업299" in text
    with translation.override("ko"):
        header = translation.gettext("business registration number")
    assert text.count(header) >= 3  # the companies table header on each of its pages
    assert re.search(rf"\b{pages}\s*/\s*{pages}\b", text)  # pdftotext may drop the spaces


def test_excel_has_numeric_cells_korean_headers_and_dates(tmp_path):
    supported_company(name="광주인공지능", amount_krw=1_400_000)
    path = tmp_path / "kpi-2022.xlsx"
    with translation.override("ko"):
        call_command("kpi_report", year=2022, format="xlsx", output=str(path), stdout=io.StringIO())
        companies_sheet = translation.gettext("Supported companies")
        summary_sheet = translation.gettext("Summary")
        header = translation.gettext("company name")
        cohort_sheet = translation.gettext("Cohort follow-up")
    book = openpyxl.load_workbook(path)
    assert len(book.sheetnames) == 8
    companies = book[companies_sheet]
    assert companies["A1"].value == header
    assert companies["A2"].value == "광주인공지능"
    assert companies["F2"].value == 1_400_000
    assert companies["F2"].data_type == "n"
    summary = book[summary_sheet]
    assert summary["E4"].value == 1  # firms supported in 2022, after the baseline and target
    assert isinstance(book.worksheets[0]["B6"].value, datetime)  # the report date
    cohorts = book[cohort_sheet]
    assert [cohorts["A2"].value, cohorts["B2"].value] == [2022, 1]  # cohort year, firms
    assert cohorts["A2"].data_type == "n"
    assert cohorts["C2"].value is None  # one-year survival of 2022's cohort: not yet known


def test_excel_states_each_unit_once_in_a_header_and_keeps_cells_numeric(tmp_path):
    supported_company(name="광주인공지능", amount_krw=1_400_000)
    path = tmp_path / "kpi-2022.xlsx"
    call_command(
        "kpi_report",
        year=2022,
        format="xlsx",
        output=str(path),
        language="en",
        stdout=io.StringIO(),
    )
    book = openpyxl.load_workbook(path)
    summary = book["Summary"]
    assert [cell.value for cell in summary[1]] == [
        "Indicator",
        "unit",
        "2022 baseline",
        "2022 target",
        "2022",
        "achievement (%)",
        "Cumulative 2020-2022",
    ]
    rows = {row[0].value: row for row in summary.iter_rows(min_row=2)}
    awarded, compute = rows["Support awarded"], rows["Compute provided"]
    assert (awarded[1].value, awarded[4].value, awarded[4].number_format) == (
        "won",
        1_400_000,
        "#,##0",
    )
    assert (compute[1].value, compute[4].number_format) == ("PF", "#,##0.00")
    assert rows["Firms supported"][1].value == "firms"
    companies = book["Supported companies"]
    headers = [cell.value for cell in companies[1]]
    assert "amount awarded (won)" in headers and "revenue (won)" in headers
    amount = companies.cell(row=2, column=headers.index("amount awarded (won)") + 1)
    assert (amount.value, amount.data_type, amount.number_format) == (1_400_000, "n", "#,##0")
    industry = book["By industry"]
    assert "Awarded in 2022 (won)" in [cell.value for cell in industry[1]]
    info = {row[0].value: row[1].value for row in book["Report"].iter_rows(min_row=2)}
    assert info["Version"] == "Working copy (not submitted)"
    assert info["Report period"] == "2022-01-01 to 2022-12-31"


def test_report_is_reproducible_from_records():
    supported_company()
    first = kpi_report(year=2022, with_companies=True)
    second = kpi_report(year=2022, with_companies=True)
    assert first == second
    assert Program.objects.count() == 1


def test_command_refuses_a_year_before_the_program():
    with pytest.raises(CommandError, match="--year must be between 2020"):
        call_command("kpi_report", year=2019, format="xlsx", stdout=io.StringIO())


def test_pdf_above_the_firm_list_limit_names_the_excel_sheet_unless_asked(tmp_path, settings):
    settings.KPI_PDF_FIRM_LIST_LIMIT = 2
    program = ProgramFactory()
    staff = StaffFactory()
    for index in range(3):
        supported_company(name=f"목록기업{index}", award={"program": program, "recorded_by": staff})
    short, listed = tmp_path / "short.pdf", tmp_path / "listed.pdf"
    call_command("kpi_report", year=2022, format="pdf", output=str(short), stdout=io.StringIO())
    call_command(
        "kpi_report",
        year=2022,
        format="pdf",
        output=str(listed),
        firm_list=True,
        stdout=io.StringIO(),
    )
    with translation.override("ko"):
        sheet = translation.gettext("Supported companies")
    short_text = " ".join(pdf_text(short).split())
    assert "목록기업0" not in short_text
    assert "지원기업은 3개사입니다" in short_text and f"“{sheet}”" in short_text
    listed_text = pdf_text(listed)
    assert all(f"목록기업{index}" in listed_text for index in range(3))


def test_a_long_annex_laid_out_in_parts_is_one_pdf_numbered_across_the_joins(tmp_path, monkeypatch):
    """The annex laid out 40 rows a part: one PDF, every firm once, each page after the cover
    numbered "n / total" in order across the joins, the table header on each part's pages."""
    from reports.exporters import pdf

    monkeypatch.setattr(pdf, "ANNEX_PART_ROWS", 40)
    program = ProgramFactory()
    staff = StaffFactory()
    for index in range(100):
        supported_company(
            name=f"분할기업{index:03d}", award={"program": program, "recorded_by": staff}
        )
    path = tmp_path / "kpi-2022.pdf"
    call_command(
        "kpi_report",
        year=2022,
        format="pdf",
        output=str(path),
        firm_list=True,
        stdout=io.StringIO(),
    )
    pages = pdf_pages(path)
    text = pdf_text(path)
    assert all(text.count(f"분할기업{index:03d}") == 1 for index in range(100))
    for page in range(2, pages + 1):
        page_text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert re.search(rf"\b{page}\s*/\s*{pages}\b", page_text), page
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert not re.search(rf"\b1\s*/\s*{pages}\b", cover)  # no mark on the cover
    with translation.override("ko"):
        header = translation.gettext("business registration number")
    assert text.count(header) >= 3  # the header again on the parts' pages
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    assert "성과지표" in info  # the first part's title kept
