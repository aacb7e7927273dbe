"""Rows of exported spreadsheets that hold members' text as text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def text_cells(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """``values`` for ``sheet.append`` with every string written as a text cell.

    openpyxl stores a string that starts with "=" as a formula: a member's name such as
    ``=HYPERLINK(...)`` would then run in the spreadsheet of whoever opens the export, and
    read back as nothing. Control characters that a workbook cannot hold are dropped (openpyxl
    refuses them).
    """
    row = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
