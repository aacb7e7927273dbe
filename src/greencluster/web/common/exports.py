"""Tables as CSV or XLSX downloads, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula (starting with = + - @) is written as text:
in XLSX as a string cell, in CSV with a leading apostrophe that GreenCluster's own readers
take off again, so an export re-imports unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from greencluster.core.tables import escape_formula
from greencluster.web.common.spreadsheets import text_cells

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_export(
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    fmt: str,
    *,
    sheet: str = "data",
    cell: Any = None,
) -> bytes:
    """``rows`` (mappings keyed by ``columns``) as ``fmt`` ("csv" or "xlsx"); ``cell`` turns
    a value into what is written (default: None as empty, everything else as it is)."""
    plain = cell or (lambda value: "" if value is None else value)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(plain(row.get(c))) for c in columns])
        return buffer.getvalue().encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(sheet[:31])
        worksheet.append(list(columns))
        for row in rows:
            worksheet.append(text_cells(worksheet, [plain(row.get(c)) for c in columns]))
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"unknown export format '{fmt}': expected csv or xlsx")


def _csv_value(value: Any) -> Any:
    return escape_formula(value) if isinstance(value, str) else value
