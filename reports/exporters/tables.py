"""A plain table (core.exports.Table) written as an Excel workbook or a UTF-8 CSV file."""

import pandas as pd

from core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    ExportFile,
    ExportFormat,
    Table,
    csv_bytes,
)
from reports.exporters.excel import _xlsx_bytes


def table_export(
    table: Table, *, sheet: str, filename_stem: str, fmt: str, purpose: str = ""
) -> ExportFile:
    """`table` as an .xlsx (one sheet) or .csv export named `<filename_stem>.<fmt>`."""
    if fmt == ExportFormat.CSV:
        content, content_type = csv_bytes(table.headers, table.rows), CSV_CONTENT_TYPE
    else:
        frame = pd.DataFrame(table.rows, columns=table.headers, dtype=object)
        frame = frame.infer_objects()  # whole-number columns become numbers, text stays text
        content, content_type = _xlsx_bytes({sheet: frame}), XLSX_CONTENT_TYPE
    return ExportFile(
        filename=f"{filename_stem}.{ExportFormat(fmt).value}",
        content_type=content_type,
        content=content,
        row_count=len(table.rows),
        purpose=purpose,
    )
