"""core.exports and the Excel writer: no cell can become a formula, control characters go,
numbers stay numbers, sheet names are what Excel accepts, CSV opens with Hangul in Excel."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from core.exports import ExportFile, csv_bytes, export_response, safe_cell, safe_sheet_names
from reports.exporters.excel import _xlsx_bytes
from reports.exporters.tables import table_export

INJECTION = [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("@SUM(1)", "'@SUM(1)"),
    ("=1+2", "'=1+2"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("-2+3", "'-2+3"),
    ("\t=cmd", "'\t=cmd"),
    ("\r=cmd", "'\r=cmd"),
    ("\x01=cmd", "'=cmd"),
    ("=", "'="),
    ("1+2", "1+2"),
    ("a=b", "a=b"),
    ("빛고을 (주)", "빛고을 (주)"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), INJECTION)
def test_text_cells_cannot_become_formulas(text, expected):
    assert safe_cell(text) == expected


@pytest.mark.parametrize("value", [-5, 0, 42, -1.5, 3.25, None, date(2024, 7, 1), True])
def test_other_values_are_left_typed(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)


def test_control_characters_are_stripped_but_tab_and_line_breaks_kept():
    assert safe_cell("가\x00나\x08다\x0b라\x0c마\x1b바\x1f사\x7f") == "가나다라마바사"
    assert safe_cell("첫 줄\n둘째\r\n셋\t넷") == "첫 줄\n둘째\r\n셋\t넷"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Report"], ["Report"]),
        (["a[b]c:d*e?f/g\\h"], ["a_b_c_d_e_f_g_h"]),
        (["x" * 40], ["x" * 31]),
        (["'quoted'"], ["quoted"]),
        (["", "\x00\x01"], ["Sheet", "Sheet (2)"]),
        (["History"], ["History_"]),
        (["성과", "성과", "성과"], ["성과", "성과 (2)", "성과 (3)"]),
        (["Summary", "SUMMARY"], ["Summary", "SUMMARY (2)"]),
        (["y" * 35, "y" * 33], ["y" * 31, "y" * 27 + " (2)"]),
    ],
)
def test_sheet_names_are_made_valid_and_unique(names, expected):
    assert safe_sheet_names(names) == expected


def test_csv_is_utf8_with_bom_and_neutralised():
    content = csv_bytes(["기업명", "종업원수"], [["=1+2", -3], ["빛고을\x07", 12]])

    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig") == "기업명,종업원수\r\n'=1+2,-3\r\n빛고을,12\r\n"


def hostile_workbook() -> bytes:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x","y")', "@SUM(1)", "정상\x00기업"],
            "count": [-5, 0, 7],
            "amount": [-1.5, 2.0, 3.25],
            "mixed": [None, -2, "=bad"],
        }
    )
    return _xlsx_bytes({"a/b:c": frame, "A/B:C": frame, "=x": frame})


def test_excel_cells_are_text_with_a_quote_and_numbers_stay_numeric():
    workbook = load_workbook(io.BytesIO(hostile_workbook()))

    assert workbook.sheetnames == ["a_b_c", "A_B_C (2)", "=x"]
    rows = list(workbook["a_b_c"].iter_rows(min_row=2))
    names = [row[0] for row in rows]
    assert [cell.data_type for cell in names] == ["s", "s", "s"]
    assert [cell.value for cell in names] == [
        '\'=HYPERLINK("http://x","y")',
        "'@SUM(1)",
        "정상기업",
    ]
    counts = [row[1] for row in rows]
    assert [(cell.data_type, cell.value) for cell in counts] == [("n", -5), ("n", 0), ("n", 7)]
    assert [(row[2].data_type, row[2].value) for row in rows][0] == ("n", -1.5)
    assert [row[3].value for row in rows] == [None, -2, "'=bad"]
    assert rows[1][3].data_type == "n"


def test_table_export_writes_both_formats_and_counts_rows():
    from core.exports import Table

    table = Table(
        headers=["기업명", "설립일", "종업원수"], rows=[["-빛고을", date(2020, 1, 2), -1]]
    )

    xlsx = table_export(table, sheet="기업", filename_stem="companies", fmt="xlsx", purpose="audit")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[1]] == ["기업명", "설립일", "종업원수"]
    assert sheet["A2"].value == "'-빛고을"
    assert sheet["B2"].is_date
    assert (sheet["C2"].data_type, sheet["C2"].value) == ("n", -1)
    assert (xlsx.filename, xlsx.row_count, xlsx.purpose) == ("companies.xlsx", 1, "audit")

    as_csv = table_export(table, sheet="기업", filename_stem="companies", fmt="csv")
    assert list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")))) == [
        ["기업명", "설립일", "종업원수"],
        ["'-빛고을", "2020-01-02", "-1"],
    ]
    assert as_csv.filename == "companies.csv"


def test_every_export_leaves_through_one_response_with_its_hash():
    export = ExportFile(
        filename="기업 목록.csv", content_type="text/csv", content=b"a", row_count=1
    )

    response = export_response(export)

    assert export.sha256 == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
    assert response.content == b"a"
    assert response["Content-Disposition"] == (
        'attachment; filename="download.csv"; '
        "filename*=UTF-8''%EA%B8%B0%EC%97%85%20%EB%AA%A9%EB%A1%9D.csv"
    )
