"""Reading CSV, XLSX and JSON the same way, and reporting every bad cell by row and column."""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from greencluster.core.errors import InputError
from greencluster.core.tables import (
    Field,
    integer,
    number,
    parse_records,
    read_table,
    text,
    write_table,
)

FIELDS = [
    Field("id", text, required=True),
    Field("qty", number(min_value=0)),
    Field("n", integer(min_value=1), default=1),
]


def xlsx_bytes(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_three_formats_give_the_same_records():
    csv_data = b"id;qty;n\na;1,5;2\nb;;\n"
    xlsx = xlsx_bytes([["id", "qty", "n"], ["a", 1.5, 2], ["b", None, None]])
    js = json.dumps([{"id": "a", "qty": 1.5, "n": 2}, {"id": "b"}]).encode()
    results = [
        parse_records(read_table(data, name=name), FIELDS)
        for data, name in ((csv_data, "x.csv"), (xlsx, "x.xlsx"), (js, "x.json"))
    ]
    assert results[0] == results[1] == results[2]
    assert results[0][0] == {"_row": 2, "id": "a", "qty": 1.5, "n": 2}
    assert results[0][1]["n"] == 1


def test_every_error_is_reported_with_spreadsheet_row_and_column():
    data = b"id,qty,n\na,-1,1\n,2,x\nc,3,0\n"
    with pytest.raises(InputError) as info:
        parse_records(read_table(data, name="f.csv"), FIELDS)
    found = {(e.row, e.column) for e in info.value.errors}
    assert found == {(2, "qty"), (3, "id"), (3, "n"), (4, "n")}
    assert "row 3, column 'n': expected a whole number" in info.value.describe()


def test_missing_required_column_is_named():
    with pytest.raises(InputError) as info:
        parse_records(read_table(b"qty\n1\n", name="f.csv"), FIELDS)
    assert info.value.errors[0].row == 1
    assert info.value.errors[0].column == "id"


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"\xff\xfe\x00garbage", "f.csv", "not UTF-8"),
        (b"not a zip", "f.xlsx", "XLSX"),
        (b"{oops", "f.json", "not valid JSON"),
        (b"[1, 2]", "f.json", "expected a JSON object"),
        (b"", "f.csv", "empty"),
        (b"a,b", "f.pdf", "cannot tell the format"),
    ],
)
def test_unreadable_files_get_clear_errors(data, name, expected):
    with pytest.raises(InputError, match=expected):
        read_table(data, name=name)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["f.csv", "f.json", "f.xlsx"]))
def test_random_bytes_never_crash_the_reader(data, name):
    try:
        table = read_table(data, name=name)
        parse_records(table, FIELDS)
    except InputError:
        pass


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_written_tables_read_back(fmt):
    rows = [{"name": "Lämpö Oy", "n": 3}, {"name": 'Ähtäri; "quoted"', "n": None}]
    table = read_table(write_table(("name", "n"), rows, fmt), fmt=fmt)
    assert table.columns == ("name", "n")
    assert [(r.get("name"), r.get("n")) for r in table.records] == [
        ("Lämpö Oy", "3"),
        ('Ähtäri; "quoted"', ""),
    ]


@pytest.mark.parametrize(
    "member", ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]
)
def test_a_workbook_with_a_broken_part_is_refused_as_unreadable(member):
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["id"], ["a"]])))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"<a><b></a>" if name == member else source.read(name))
    with pytest.raises(InputError) as info:
        read_table(broken.getvalue(), name="report.xlsx")
    assert info.value.source == "report.xlsx"
    assert "not a readable XLSX workbook" in str(info.value)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'[{"id": "a\\u0000", "qty": 1}]', "f.json"),
        (b'[{"id": "broken \\ud800", "qty": 1}]', "f.json"),
    ],
)
def test_a_cell_that_is_not_text_is_a_row_error(data, name):
    with pytest.raises(InputError) as info:
        parse_records(read_table(data, name=name), FIELDS)
    assert [(e.row, e.column) for e in info.value.errors] == [(2, "id")]
    assert "NUL" in str(info.value) or "surrogate" in str(info.value)


def test_a_csv_file_with_nul_bytes_is_refused_as_not_utf8_text():
    for data, row in ((b"id,qty\na\x00b,1\n", 2), ("id,qty\n".encode("utf-16-le"), 1)):
        with pytest.raises(InputError) as info:
            read_table(data, name="f.csv")
        assert [(e.row, e.column) for e in info.value.errors] == [(row, None)]
        assert "save the file as CSV UTF-8, not UTF-16" in str(info.value)
