"""Reading and validating tabular input (CSV, XLSX, JSON) into plain records.

Every importer of GreenCluster goes through here so that all of them number rows the same way
(header = row 1, as a spreadsheet shows it), report every problem at once with its row, column
and what was expected, and accept the same three formats.

    table = read_table("listings.xlsx")
    records = parse_records(table, [Field("id", text, required=True),
                                    Field("quantity", number(min_value=0))])
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greencluster.core.errors import InputError, RowError

FORMATS = ("csv", "xlsx", "json")
# File name extensions read as each format.
EXTENSIONS = {
    "csv": "csv",
    "txt": "csv",
    "tsv": "csv",
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "json": "json",
}
MAX_ROWS = 2_000_000


@dataclass(frozen=True, slots=True)
class Record:
    """One input row: ``row`` in spreadsheet numbering, values as stripped strings."""

    row: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True, slots=True)
class Table:
    source: str
    columns: tuple[str, ...]
    records: tuple[Record, ...]

    def __len__(self) -> int:
        return len(self.records)


def detect_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    raise InputError(
        f"cannot tell the format of '{name}': expected a .csv, .xlsx or .json file", source=name
    )


def normalise_column(name: object) -> str:
    return str(name if name is not None else "").strip().lower().replace(" ", "_")


def cell_text(value: object) -> str:
    """Turn a cell value from any of the formats into the text a user typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection",
# OWASP). Exports prefix such text with an apostrophe; the CSV reader takes it off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def unescape_formula(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def read_table(
    source: str | Path | bytes, *, fmt: str | None = None, name: str | None = None
) -> Table:
    """Read a CSV, XLSX or JSON file (a path or its bytes) into a :class:`Table`.

    Raises :class:`InputError` when the file cannot be read as the format it claims.
    """
    if isinstance(source, bytes):
        data = source
        label = name or "upload"
    else:
        path = Path(source)
        label = name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", source=label) from exc
    kind = fmt or detect_format(label)
    if kind == "csv":
        columns, rows = _read_csv(data, label)
    elif kind == "xlsx":
        columns, rows = _read_xlsx(data, label)
    elif kind == "json":
        columns, rows = _read_json(data, label)
    else:
        raise InputError(f"unknown format '{kind}': expected one of {', '.join(FORMATS)}")
    return Table(label, columns, tuple(rows))


def _check_header(columns: list[str], label: str) -> tuple[str, ...]:
    seen: set[str] = set()
    errors = []
    for col in columns:
        if col and col in seen:
            errors.append(RowError(1, col, "column appears twice in the header"))
        seen.add(col)
    if errors:
        raise InputError(errors, source=label)
    return tuple(columns)


def _read_csv(data: bytes, label: str) -> tuple[tuple[str, ...], list[Record]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file is not UTF-8 text (byte {exc.start}): save it as CSV UTF-8", source=label
        ) from exc
    if not text.strip():
        raise InputError("the file is empty: expected a header row and data rows", source=label)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(
            RowError(line, None, "contains NUL bytes: save the file as CSV UTF-8, not UTF-16"),
            source=label,
        )
    first_line = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(RowError(1, None, f"unreadable CSV header: {exc}"), source=label) from exc
    columns = _check_header([normalise_column(c) for c in header], label)
    records: list[Record] = []
    try:
        for index, raw in enumerate(reader, start=2):
            if not any(cell.strip() for cell in raw):
                continue
            if len(raw) > len(columns) and any(c.strip() for c in raw[len(columns) :]):
                raise InputError(
                    RowError(
                        index,
                        None,
                        f"has {len(raw)} cells but the header has {len(columns)} columns",
                    ),
                    source=label,
                )
            values = {
                col: (unescape_formula(raw[i].strip()) if i < len(raw) else "")
                for i, col in enumerate(columns)
            }
            records.append(Record(index, values))
            if len(records) > MAX_ROWS:
                raise InputError(f"more than {MAX_ROWS} rows", source=label)
    except csv.Error as exc:
        raise InputError(
            RowError(reader.line_num, None, f"unreadable CSV: {exc}"), source=label
        ) from exc
    return columns, records


def _read_xlsx(data: bytes, label: str) -> tuple[tuple[str, ...], list[Record]]:
    from openpyxl import load_workbook

    # openpyxl raises whatever its zip, XML and cell readers raise on a broken file (ParseError,
    # ExpatError, BadZipFile, zlib.error, KeyError, IndexError, ...), while opening the workbook
    # and, in read-only mode, while iterating rows: all of them mean an unreadable workbook.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"not a readable XLSX workbook: {_reason(exc)}", source=label) from exc
    try:
        return _xlsx_rows(workbook, label)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"not a readable XLSX workbook: {_reason(exc)}", source=label) from exc
    finally:
        workbook.close()


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _xlsx_rows(workbook: Any, label: str) -> tuple[tuple[str, ...], list[Record]]:
    if not workbook.worksheets:
        raise InputError("the workbook has no sheet: expected a header row", source=label)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise InputError("the first sheet is empty: expected a header row", source=label)
    columns = list(_check_header([normalise_column(c) for c in header], label))
    while columns and not columns[-1]:
        columns.pop()
    records = []
    for index, raw in enumerate(rows, start=2):
        cells = [cell_text(v) for v in raw]
        if not any(cells):
            continue
        values = {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(columns)}
        records.append(Record(index, values))
        if len(records) > MAX_ROWS:
            raise InputError(f"more than {MAX_ROWS} rows", source=label)
    return tuple(columns), records


def _read_json(data: bytes, label: str) -> tuple[tuple[str, ...], list[Record]]:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not valid JSON: {exc}", source=label) from exc
    if isinstance(payload, dict):
        for key in ("rows", "records", "items", "data"):
            if isinstance(payload.get(key), list):
                payload = payload[key]
                break
    if not isinstance(payload, list):
        raise InputError(
            "expected a JSON array of objects (or an object with a 'rows' array)", source=label
        )
    columns: dict[str, None] = {}
    records = []
    errors = []
    for index, item in enumerate(payload, start=2):
        if not isinstance(item, dict):
            errors.append(RowError(index, None, "expected a JSON object with named fields"))
            continue
        values = {normalise_column(k): cell_text(v) for k, v in item.items()}
        for key in values:
            columns.setdefault(key, None)
        records.append(Record(index, values))
    if errors:
        raise InputError(errors, source=label)
    return tuple(columns), records


# --- field parsing -------------------------------------------------------------------------

Parser = Callable[[str], Any]


class FieldError(ValueError):
    """Raised by a parser with the expectation to show the user."""


@dataclass(frozen=True, slots=True)
class Field:
    """A column to read: its name, parser, whether it is required and its default."""

    name: str
    parse: Parser = field(default=lambda s: s)
    required: bool = False
    default: Any = None
    aliases: tuple[str, ...] = ()


def text(value: str) -> str:
    return value


def text_of(max_chars: int) -> Parser:
    """Text of at most ``max_chars`` characters (names and codes that are stored)."""

    def parse(value: str) -> str:
        if len(value) > max_chars:
            raise FieldError(f"expected at most {max_chars} characters, got {len(value)}")
        return value

    return parse


def text_problem(value: str) -> str | None:
    """Why ``value`` is not text that can be stored and shown (a NUL character, which no
    database text column holds, or half of a surrogate pair, which is no character at all),
    or ``None``. Such text comes from binary or UTF-16 files, or from JSON escapes."""
    if "\x00" in value:
        return "contains a NUL character, which no stored text may hold"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains an unpaired surrogate (a broken \\u escape): not a character"
    return None


def integer(*, min_value: int | None = None, max_value: int | None = None) -> Parser:
    def parse(value: str) -> int:
        try:
            number_value = float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise FieldError(f"expected a whole number, got '{value}'") from None
        if not math.isfinite(number_value) or not number_value.is_integer():
            raise FieldError(f"expected a whole number, got '{value}'")
        result = int(number_value)
        if min_value is not None and result < min_value:
            raise FieldError(f"expected a whole number of at least {min_value}, got {result}")
        if max_value is not None and result > max_value:
            raise FieldError(f"expected a whole number of at most {max_value}, got {result}")
        return result

    return parse


def number(*, min_value: float | None = None, max_value: float | None = None) -> Parser:
    def parse(value: str) -> float:
        cleaned = value.replace("\u00a0", "").replace(" ", "")
        if cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        try:
            result = float(cleaned)
        except ValueError:
            raise FieldError(f"expected a number, got '{value}'") from None
        if not math.isfinite(result):
            raise FieldError(f"expected a finite number, got '{value}'")
        if min_value is not None and result < min_value:
            raise FieldError(f"expected a number of at least {min_value:g}, got {result:g}")
        if max_value is not None and result > max_value:
            raise FieldError(f"expected a number of at most {max_value:g}, got {result:g}")
        return result

    return parse


def choice(options: Iterable[str]) -> Parser:
    allowed = tuple(options)

    def parse(value: str) -> str:
        lowered = value.strip().lower()
        if lowered not in allowed:
            raise FieldError(f"expected one of {', '.join(allowed)}, got '{value}'")
        return lowered

    return parse


def date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise FieldError(f"expected a date as YYYY-MM-DD, got '{value}'") from None


def boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "y", "x", "kyllä", "ja"):
        return True
    if lowered in ("0", "false", "no", "n", "ei", "nej", "nei"):
        return False
    raise FieldError(f"expected yes or no (true/false), got '{value}'")


def parse_records(
    table: Table, fields: Sequence[Field], *, allow_extra: bool = True
) -> list[dict[str, Any]]:
    """Parse every record of ``table`` by ``fields``; raise one :class:`InputError` with all
    problems (missing columns, empty required cells, unparsable values) or return dicts with
    an extra ``_row`` key holding the spreadsheet row number."""
    records, errors = collect_records(table, fields, allow_extra=allow_extra)
    if errors:
        raise InputError(errors, source=table.source)
    return records


def collect_records(
    table: Table, fields: Sequence[Field], *, allow_extra: bool = True
) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Like :func:`parse_records` but return the rows that parsed and the errors of the
    others, so that a caller can add its own checks and still report everything at once.
    A problem with the header (missing required column) raises :class:`InputError`."""
    errors: list[RowError] = []
    resolved: dict[str, str | None] = {}
    for spec in fields:
        names = (spec.name, *spec.aliases)
        present = next((n for n in names if n in table.columns), None)
        resolved[spec.name] = present
        if present is None and spec.required:
            errors.append(RowError(1, spec.name, "required column is missing from the header"))
    if not allow_extra:
        known = {n for spec in fields for n in (spec.name, *spec.aliases)}
        for col in table.columns:
            if col and col not in known:
                errors.append(RowError(1, col, "unknown column"))
    if errors:
        raise InputError(errors, source=table.source)
    out: list[dict[str, Any]] = []
    for record in table.records:
        parsed: dict[str, Any] = {"_row": record.row}
        ok = True
        for spec in fields:
            column = resolved[spec.name]
            raw = record.get(column) if column else ""
            if (problem := text_problem(raw)) is not None:
                errors.append(RowError(record.row, spec.name, problem))
                ok = False
                continue
            if raw == "":
                if spec.required:
                    errors.append(RowError(record.row, spec.name, "is empty: a value is required"))
                    ok = False
                parsed[spec.name] = spec.default
                continue
            try:
                parsed[spec.name] = spec.parse(raw)
            except FieldError as exc:
                errors.append(RowError(record.row, spec.name, str(exc)))
                ok = False
        if ok:
            out.append(parsed)
    return out, errors


def write_table(
    columns: Sequence[str], rows: Iterable[dict[str, Any]], fmt: str, *, sheet: str = "rows"
) -> bytes:
    """``rows`` (dicts by column; missing values empty) as CSV (UTF-8) or XLSX bytes, header
    first: the writing side of :func:`read_table` for exports."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
        return buffer.getvalue().encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        table = workbook.create_sheet(sheet)
        table.append(list(columns))
        for row in rows:
            table.append([row.get(c) for c in columns])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"unknown export format '{fmt}': expected csv or xlsx")
