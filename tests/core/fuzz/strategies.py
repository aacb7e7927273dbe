"""Hostile input files for the fuzz tests of every importer.

Two families: *structured but wrong* files (the right header in CSV, XLSX or JSON, cells that
are plausible or hostile: huge numbers, NaN/inf, negatives, empty, formula injection, very long
or odd Unicode text, wrong JSON types, duplicated ids, dropped or repeated columns, BOMs, CRLF,
semicolons, latin-1 bytes) and *raw* bytes (random, or a valid file mangled). The properties
live in the test modules: an importer either returns a result that keeps its documented
invariants or raises its documented error naming row and column, never anything else.

Runs are reproducible: ``FUZZ`` settings derandomise unless ``GREENCLUSTER_FUZZ_EXPLORE=1``
(see docs/testing.md).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from greencluster.core.errors import InputError

EXPLORE = os.environ.get("GREENCLUSTER_FUZZ_EXPLORE") == "1"


def fuzz_settings(max_examples: int) -> settings:
    """Bounded, reproducible runs in ``make test``; ten times more random examples (and the
    example database, so failures replay) when exploring."""
    return settings(
        max_examples=max_examples * (10 if EXPLORE else 1),
        deadline=None,
        derandomize=not EXPLORE,
        database=settings.default.database if EXPLORE else None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.filter_too_much,
        ],
        print_blob=True,
    )


# Cell texts that broke (or could break) real importers.
HOSTILE_TEXTS = (
    "",
    " ",
    "\u00a0",
    "=CMD()",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1e309",
    "1e308",
    "1e18",
    "1e300",
    "-1e300",
    "9" * 30,
    "9" * 400,
    "-1",
    "-0",
    "0",
    "1e-320",
    "0x1A",
    "1_000",
    "1,5",
    "1.000,5",
    "1 000",
    "١٢٣",
    "２０２５",
    "½",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "a\x00b",
    "\x00",
    "\ufeffid",
    "\u202eevil",
    "Ääkkönen Åbo Øst Õun Straße",
    "日本語",
    "😀🔥",
    "line\nbreak",
    "cr\rlf\r\n",
    '"quoted"',
    "semi;colon",
    "comma,here",
    "tab\there",
    "x" * 251,
    "y" * 5000,
    "DROP TABLE x; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "2025-02-30",
    "99999-01-01",
)

hostile_text = st.sampled_from(HOSTILE_TEXTS)
# Texts a database refuses or truncates: longer than the columns' limits, or with NUL.
STORAGE_HOSTILE = st.one_of(
    st.sampled_from([3, 6, 11, 21, 41, 61, 81, 121, 201, 251, 301, 5000]).map(lambda n: "x" * n),
    st.sampled_from(["a\x00b", "\x00", "nul\x00"]),
)
HOSTILE_CELL = st.one_of(hostile_text, st.text(max_size=12), STORAGE_HOSTILE)


@st.composite
def hostile_row(
    draw: st.DrawFn, plausible: st.SearchStrategy[dict[str, str]], clean: bool = False
) -> dict[str, Any]:
    """A plausible row, of which none, one, a few or all cells are then made hostile, so that
    whole files often read (and their results get checked) and often do not."""
    row = dict(draw(plausible))
    names = list(row)
    spoil = "none" if clean else draw(st.sampled_from(["none", "one", "one", "some", "all"]))
    count = {"none": 0, "one": 1, "some": draw(st.integers(1, 3)), "all": len(names)}[spoil]
    for name in draw(st.permutations(names))[:count]:
        row[name] = draw(HOSTILE_CELL)
    # Numbers that parse but sit at the edge of what a float holds, so that what is computed
    # from an accepted value (sums, products, divisions) gets fuzzed too.
    numeric = [n for n in names if _is_number(row[n])]
    if numeric and draw(st.integers(0, 3)) == 0:
        row[draw(st.sampled_from(numeric))] = draw(EXTREME_NUMBERS)
    # Text that parses but may not fit where it is stored, in a cell that is otherwise fine.
    texts = [n for n in names if not _is_number(row[n])]
    if texts and not clean and draw(st.integers(0, 2)) == 0:
        row[draw(st.sampled_from(texts))] = draw(STORAGE_HOSTILE)
    return row


EXTREME_NUMBERS = st.sampled_from(
    ["1e308", "1.7976931348623157e308", "5e-324", "1e-300", "0", "-0", "1e18", "4294967296"]
)


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def numbers_as_text(
    low: float = -1e6, high: float = 1e6, *, integers: bool = False
) -> st.SearchStrategy[str]:
    """Numbers in a plausible range, written as a user would (hostile ones come from
    :data:`HOSTILE_TEXTS`)."""
    if integers:
        return st.integers(int(low), int(high)).map(str)
    return st.floats(low, high, allow_nan=False).map(lambda v: f"{v:g}")


@dataclass(frozen=True)
class FuzzFile:
    """A generated upload: its bytes, file name, and the rows it was made from."""

    data: bytes
    name: str
    fmt: str
    header: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)

    @property
    def max_row(self) -> int:
        """The largest row number an error may name (header = 1; a CSV cell with line breaks
        spreads a record over several lines)."""
        return max(len(self.rows), self.data.count(b"\n"), self.data.count(b"\r")) + 2


def csv_bytes(
    header: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    *,
    delimiter: str = ",",
    newline: str = "\n",
    bom: bool = False,
    encodings: Sequence[str] = ("utf-8",),
) -> bytes:
    """A CSV file; row ``i`` is encoded with ``encodings[i % len]`` (mixed encodings)."""
    out = bytearray("\ufeff".encode() if bom else b"")
    lines = [list(header)] + [[str(r.get(c, "")) for c in header] for r in rows]
    for index, line in enumerate(lines):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerow(line)
        out += buffer.getvalue().encode(encodings[index % len(encodings)], errors="replace")
    return bytes(out)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_bytes(
    header: Sequence[str], rows: Sequence[Mapping[str, Any]], *, date_format: set[str] = frozenset()
) -> bytes:
    """An XLSX workbook: strings that look like numbers are stored as numbers (as Excel
    does), ``=...`` as formulas without cached values; columns in ``date_format`` carry a
    date number format (so that out-of-range serials are read)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([_xlsx_value(h) for h in header])
    for r, row in enumerate(rows, start=2):
        values = []
        for column in header:
            value = row.get(column, "")
            if isinstance(value, str):
                try:
                    as_number = float(value)
                except ValueError:
                    pass
                else:
                    if value.strip() and value.isascii() and as_number == as_number:
                        value = as_number
            values.append(_xlsx_value(value))
        sheet.append(values)
        for c, column in enumerate(header, start=1):
            if column in date_format:
                sheet.cell(row=r, column=c).number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _json_value(value: Any, style: str) -> Any:
    if style == "typed" and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        if value.strip().lstrip("-").isdigit() and len(value) < 30:
            return int(value)
        return number
    return value


def json_bytes(
    header: Sequence[str], rows: Sequence[Mapping[str, Any]], *, style: str = "strings"
) -> bytes:
    items = [{c: _json_value(r.get(c, ""), style) for c in header if c in r} for r in rows]
    payload: Any = items if style != "wrapped" else {"rows": items}
    return json.dumps(payload, ensure_ascii=style == "ascii").encode()


# Values of the wrong JSON type that a cell may hold.
WRONG_JSON = st.sampled_from(
    [None, True, False, [], [1, "a"], {}, {"a": 1}, 1e308, -0.0, float("nan"), float("inf"), 10**20]
)


@st.composite
def structured_file(
    draw: st.DrawFn,
    columns: Mapping[str, st.SearchStrategy[str]] | Sequence[str],
    *,
    rows: st.SearchStrategy[dict[str, str]] | None = None,
    formats: Sequence[str] = ("csv", "xlsx", "json"),
    max_rows: int = 6,
    unique_by: str | None = None,
) -> FuzzFile:
    """A file with the importer's header (sometimes a column dropped, repeated, renamed or
    added) and rows of plausible-or-hostile cells, in one of ``formats``. ``columns`` maps
    each column to its plausible cells, or names the columns of the plausible ``rows``; no
    two rows share their ``unique_by`` cell (an id)."""
    header = list(columns)
    plausible = rows if rows is not None else st.fixed_dictionaries(dict(columns))  # type: ignore[arg-type]
    # A third of the files are clean (plausible cells, the right header, right JSON types).
    clean = draw(st.integers(0, 2)) == 0
    mutation = draw(st.sampled_from(["none"] * 4 + ["drop", "repeat", "upper", "extra", "empty"]))
    mutation = "none" if clean else mutation
    if mutation == "drop" and header:
        header.pop(draw(st.integers(0, len(header) - 1)))
    elif mutation == "repeat" and header:
        header.append(draw(st.sampled_from(header)))
    elif mutation == "upper":
        header = [f" {h.upper().replace('_', ' ')} " for h in header]
    elif mutation == "extra":
        header.append(draw(st.sampled_from(["notes", "", "=1+1", "Ünknown column"])))
    elif mutation == "empty":
        header = []
    raw_rows = draw(
        st.lists(
            hostile_row(plausible, clean),
            max_size=max_rows,
            unique_by=None if unique_by is None else lambda row: row.get(unique_by),
        )
    )
    # Rename row keys along with the header so that the same cells land under the new names.
    renamed = {c: h for c, h in zip(columns, header, strict=False)} if mutation == "upper" else {}
    data_rows = [{renamed.get(k, k): v for k, v in row.items()} for row in raw_rows]
    fmt = draw(st.sampled_from(list(formats)))
    if fmt == "csv":
        data = csv_bytes(
            header,
            data_rows,
            delimiter=draw(st.sampled_from([",", ";", "\t"])),
            newline=draw(st.sampled_from(["\n", "\r\n"])),
            bom=draw(st.booleans()),
            encodings=("utf-8",)
            if clean
            else draw(st.sampled_from([("utf-8",)] * 3 + [("latin-1",), ("utf-8", "latin-1")])),
        )
    elif fmt == "xlsx":
        dated = set(draw(st.lists(st.sampled_from(header), max_size=2))) if header else set()
        data = xlsx_bytes(header, data_rows, date_format=dated)
    else:
        if data_rows and not clean and draw(st.booleans()):
            # A cell of the wrong JSON type.
            target = draw(st.integers(0, len(data_rows) - 1))
            if header:
                data_rows[target] = {
                    **data_rows[target],
                    draw(st.sampled_from(header)): draw(WRONG_JSON),
                }
        data = json_bytes(
            header, data_rows, style=draw(st.sampled_from(["strings", "typed", "wrapped"]))
        )
    return FuzzFile(data, f"upload.{fmt}", fmt, tuple(header), tuple(data_rows))


@functools.cache
def _valid_xlsx() -> bytes:
    """One small workbook (built once: a workbook stores the time it was saved)."""
    return xlsx_bytes(("a", "b"), [{"a": "1", "b": "x"}])


def _mangled_xlsx(member: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_valid_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, content if name == member else source.read(name))
    return out.getvalue()


XLSX_MEMBERS = (
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/styles.xml",
    "docProps/core.xml",
)
BROKEN_XML = (
    b"",
    b"\x00\xff<garbage",
    b"<?xml version='1.0'?><worksheet/>",
    b"<a><b></a>",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>',
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="s"><v>99</v></c><c r="B1" t="n"><v>abc</v></c>'
    b'<c r="ZZZZZZ1" t="d"><v>not a date</v></c><c r="A-1" t="b"><v>2</v></c></row>'
    b"</sheetData></worksheet>",
)


@st.composite
def raw_file(draw: st.DrawFn, extensions: Sequence[str] = ("csv", "xlsx", "json")) -> FuzzFile:
    """Random bytes, a valid file cut short or with bytes flipped, or an XLSX whose parts
    are broken XML, under any of ``extensions``."""
    ext = draw(st.sampled_from(list(extensions)))
    kind = draw(st.sampled_from(["random", "text", "mangled", "xlsx-part"]))
    if kind == "random":
        data = draw(st.binary(max_size=400))
    elif kind == "text":
        data = draw(st.text(max_size=200)).encode("utf-8", errors="surrogatepass")
    elif kind == "mangled":
        base = bytearray(_valid_xlsx() if ext == "xlsx" else b'id,name\n1,"a"\n2,b\n')
        for _ in range(draw(st.integers(1, 8))):
            position = draw(st.integers(0, len(base) - 1))
            base[position] = draw(st.integers(0, 255))
        data = bytes(base[: draw(st.integers(0, len(base)))])
    else:
        data = _mangled_xlsx(draw(st.sampled_from(XLSX_MEMBERS)), draw(st.sampled_from(BROKEN_XML)))
        ext = "xlsx"
    return FuzzFile(data, f"upload.{ext}", ext, ())


def input_errors(call: Callable[[], Any]) -> tuple[Any, InputError | None]:
    """Run an importer: its result, or the InputError it raised (any other exception fails
    the test, which is the point)."""
    try:
        return call(), None
    except InputError as exc:
        return None, exc


def assert_reported(exc: InputError, upload: FuzzFile, *, columns: set[str] | None = None) -> None:
    """Every problem of a refused file is a message, with a row inside the file and, when it
    names a column, one the importer knows or the file has."""
    assert exc.errors, "an InputError must list at least one problem"
    assert str(exc)
    known = None
    if columns is not None:
        from greencluster.core.tables import normalise_column

        known = columns | {normalise_column(h) for h in upload.header}
    for error in exc.errors:
        assert error.message.strip(), error
        if error.row is not None:
            assert 1 <= error.row <= upload.max_row, (error, upload.max_row)
        if error.column is not None and known is not None:
            assert error.column in known, (error.column, sorted(known))
