"""The KPI PDF as a reader sees it: a cover fit to send, tables whose words and numbers are never
broken across lines, nothing wider than the page. The pages are rasterised with pdftoppm and
read back with pdftotext, as a person would look at them."""

import re
import subprocess
from datetime import date

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from PIL import Image

from companies.models import GrowthStage, Industry
from reports import services
from reports.exporters.pdf import kpi_pdf
from reports.models import ReportFormat
from reports.selectors.figures import kpi_report
from reports.selectors.snapshots import ReportEdition
from tests.factories import StaffFactory
from tests.module_data import kept_for_the_module
from tests.programs.factories import ProgramFactory
from tests.reports.factories import supported_company

pytestmark = pytest.mark.xdist_group("kpi_pdf_layout")

FIRMS = 48  # more than one A4 page of the annex
DPI = 60
A4_PX = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
# Long names, one without a space: each word must stay on one line.
NAMES = ["광주인공지능헬스케어솔루션테크", "주식회사 첨단모빌리티 에너지랩스", "(주)빛고을AI"]
ISSUED = ReportEdition(issued_on=date(2023, 1, 20), version=3)


def firm_name(index: int) -> str:
    return NAMES[index] if index < len(NAMES) else f"지원기업{index:03d}"


def amount_krw(index: int) -> int:
    """Awards of ₩1,234.5 million and more, so the amounts are wide."""
    return 1_234_500_000 + index * 100_000_000


def million(won: int) -> str:
    return f"{won / 1_000_000:,.1f}"


@pytest.fixture(scope="module")
def pdf(django_db_setup, django_db_blocker, tmp_path_factory):
    """The 2022 report of FIRMS supported companies, rendered once for the module."""
    folder = tmp_path_factory.mktemp("kpi-pdf")
    with kept_for_the_module(django_db_blocker, folder / "media"):
        program, staff = ProgramFactory(name="인공지능 융합 제품 상용화 지원"), StaffFactory()
        industries, stages = list(Industry.values), list(GrowthStage.values)
        for index in range(FIRMS):
            supported_company(
                name=firm_name(index),
                industry=industries[index % len(industries)],
                stage=stages[index % len(stages)],
                amount_krw=amount_krw(index),
                award={"program": program, "recorded_by": staff},
            )
        with translation.override("ko"):  # industry and stage labels as the ministry reads them
            report = kpi_report(year=2022, today=date(2023, 1, 10), with_companies=True)
    path = folder / "kpi-2022.pdf"
    path.write_bytes(kpi_pdf(report, language="ko", edition=ISSUED))
    return {"path": path, "report": report}


def run(*command) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def page_texts(path) -> list[str]:
    """Each page's text as pdftotext -layout lays it out (one line of the page per line)."""
    return run("pdftotext", "-layout", str(path), "-").split("\f")[:-1]


@pytest.fixture(scope="module")
def pages(pdf):
    return page_texts(pdf["path"])


@pytest.fixture(scope="module")
def images(pdf, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kpi-png")
    run("pdftoppm", "-r", str(DPI), "-png", str(pdf["path"]), str(folder / "page"))
    return sorted(folder.glob("page-*.png"))


def lines_of(pages) -> list[str]:
    return [line for page in pages for line in page.splitlines()]


def assert_on_one_line(text: str, lines: list[str]) -> None:
    assert any(text in line for line in lines), f"{text!r} is not whole on any line"


def test_every_page_is_rasterised_as_a_4_and_the_annex_takes_two_pages(pdf, pages, images):
    count = int(
        next(
            line
            for line in run("pdfinfo", str(pdf["path"])).splitlines()
            if line.startswith("Pages:")
        ).split()[1]
    )
    assert len(images) == len(pages) == count
    for image in images:  # A4, give or take pdftoppm's rounding
        size = Image.open(image).size
        assert abs(size[0] - A4_PX[0]) <= 1 and abs(size[1] - A4_PX[1]) <= 1
    with translation.override("ko"):
        header = gettext("business registration number")
    # The annex's header row repeats on each of its pages, and they are numbered n / N.
    annex_pages = [text for text in pages if header.split()[0] in text]
    assert len(annex_pages) >= 2
    # pdftotext may drop the spaces around the slash.
    assert re.search(rf"\b{count}\s*/\s*{count}\b", pages[-1])
    assert not re.search(r"\b1\s*/\s*\d", pages[0])  # the cover has no page number


def test_nothing_is_drawn_beyond_the_right_margin(images):
    """A table wider than the text area would reach into the 15 mm right margin."""
    width, height = A4_PX
    margin_x = round((210 - 15 + 1) / 25.4 * DPI)  # 1 mm of slack for the rule's anti-aliasing
    top, bottom = round(25 / 25.4 * DPI), round((297 - 20) / 25.4 * DPI)
    for image in images:
        pixels = Image.open(image).convert("L")
        strip = pixels.crop((margin_x, top, width, bottom))
        assert strip.getextrema()[0] > 200, f"{image.name} has ink in the right margin"


def test_the_cover_names_the_agency_period_as_of_date_edition_and_approval_box(pages):
    cover = pages[0]
    with translation.override("ko"):
        approval = [
            pgettext("approval", "Approval"),
            pgettext("approval", "Officer"),
            pgettext("approval", "Team leader"),
            pgettext("approval", "Agency director"),
        ]
        version = gettext("Version %(version)s (submitted)") % {"version": 3}
        title = gettext("KPI report %(year)s") % {"year": 2022}
    lines = cover.splitlines()
    for label in approval:
        for word in label.split():
            assert_on_one_line(word, lines)
    approval_line = next(line for line in lines if approval[1] in line)
    assert approval[2] in approval_line  # the box's labels stand in one row
    assert_on_one_line(settings.AGENCY_NAME, lines)
    assert_on_one_line(title, lines)
    assert_on_one_line("2022-01-01", lines)
    assert_on_one_line("2022-12-31", lines)  # the year's end, and the as-of date
    assert_on_one_line("2023-01-20", lines)  # issued
    assert_on_one_line(version, lines)


def test_no_cell_of_the_annex_breaks_a_word_or_a_number(pdf, pages):
    lines = lines_of(pages[1:])
    for company in pdf["report"].companies:
        for word in company.name.split():
            assert_on_one_line(word, lines)
        assert_on_one_line(company.business_number_display, lines)
        assert_on_one_line(company.industry, lines)
        assert_on_one_line(company.stage, lines)
    for index in range(FIRMS):
        assert_on_one_line(million(amount_krw(index)), lines)


def test_headers_state_the_unit_once_and_keep_their_words(pdf, pages):
    lines = lines_of(pages[1:])
    with translation.override("ko"):
        unit = "({})".format(pgettext("unit", "million won"))
        headers = [
            gettext("Indicator"),
            gettext("unit"),
            gettext("company name"),
            gettext("business registration number"),
            gettext("focus industry"),
            gettext("growth stage"),
            gettext("amount awarded"),
            gettext("Firms supported in %(year)s") % {"year": 2022},
            gettext("Awarded, cumulative"),
        ]
    assert_on_one_line(unit, lines)
    for header in headers:
        for word in header.split():
            assert_on_one_line(word, lines)
    # Amounts carry no unit of their own: the header says it.
    total = million(sum(amount_krw(index) for index in range(FIRMS)))
    text = "\n".join(lines)
    assert total in text
    assert not re.search(rf"{re.escape(total)}\s*{re.escape(unit.strip('()'))}", text)


def test_a_snapshots_pdf_cover_shows_its_version_and_submission_day(tmp_path, executive):
    supported_company(name="광주인공지능")
    snapshot = services.snapshot_submit(year=2022, by=executive, today=date(2023, 2, 1))
    services.snapshot_build_files(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    path = tmp_path / "snapshot.pdf"
    with snapshot.pdf.open("rb") as handle:
        path.write_bytes(handle.read())
    cover = page_texts(path)[0]
    with translation.override("ko"):
        version = gettext("Version %(version)s (submitted)") % {"version": snapshot.version}
    assert version in cover
    assert timezone.localdate(snapshot.approved_at).isoformat() in cover
    assert "2022-12-31" in cover


def test_a_file_built_from_live_records_says_it_is_a_working_copy(tmp_path):
    supported_company(name="광주인공지능")
    content = services.render_report(kpi_report(year=2022), ReportFormat.PDF)
    path = tmp_path / "working.pdf"
    path.write_bytes(content)
    with translation.override("ko"):
        working = gettext("Working copy (not submitted)")
    cover = page_texts(path)[0]
    assert working in cover
    assert timezone.localdate().isoformat() in cover
