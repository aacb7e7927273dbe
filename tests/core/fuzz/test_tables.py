"""read_table and parse_records survive any file: a table or an InputError naming the row."""

import datetime as dt
import math
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.tables import (
    Field,
    boolean,
    choice,
    date,
    integer,
    normalise_column,
    number,
    parse_records,
    read_table,
    text,
)
from tests.core.fuzz.strategies import (
    assert_reported,
    csv_bytes,
    fuzz_settings,
    input_errors,
    json_bytes,
    numbers_as_text,
    raw_file,
    structured_file,
)

# openpyxl warns (and reads an error value) for date-formatted cells out of the date range;
# the importers then report the cell. Tests run with warnings as errors, so let it warn.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl.*")

FIELDS = [
    Field("id", text, required=True),
    Field("quantity", number(min_value=0, max_value=1e9)),
    Field("count", integer(min_value=1, max_value=1000), default=1),
    Field("day", date),
    Field("ok", boolean, default=False),
    Field("colour", choice(("red", "green"))),
]
COLUMNS = {
    "id": st.text(string.ascii_letters, min_size=1, max_size=6),
    "quantity": numbers_as_text(0, 1e9),
    "count": numbers_as_text(1, 1000, integers=True),
    "day": st.dates().map(dt.date.isoformat),
    "ok": st.sampled_from(["yes", "no", "kyllä", "nej", "x"]),
    "colour": st.sampled_from(["red", "Green", ""]),
}


def check_table(table, upload):
    assert all(c == normalise_column(c) for c in table.columns)
    named = [c for c in table.columns if c]
    assert len(named) == len(set(named)), "a header column appears twice"
    rows = [r.row for r in table.records]
    assert rows == sorted(set(rows)) and all(r >= 2 for r in rows)
    for record in table.records:
        assert set(record.values) <= set(table.columns)
        assert all(isinstance(v, str) for v in record.values.values())
        assert record.row <= upload.max_row


@fuzz_settings(150)
@given(upload=st.one_of(raw_file(), structured_file(COLUMNS)))
def test_read_table_gives_a_table_or_row_errors(upload):
    table, error = input_errors(lambda: read_table(upload.data, name=upload.name))
    if error is not None:
        assert_reported(error, upload)
    else:
        check_table(table, upload)


@fuzz_settings(150)
@given(upload=structured_file(COLUMNS))
def test_parse_records_keeps_every_value_in_its_bounds(upload):
    def parse():
        return parse_records(read_table(upload.data, name=upload.name), FIELDS)

    records, error = input_errors(parse)
    if error is not None:
        assert_reported(error, upload, columns=set(COLUMNS))
        return
    for record in records:
        assert record["id"]
        q = record["quantity"]
        assert q is None or (math.isfinite(q) and 0 <= q <= 1e9)
        assert isinstance(record["count"], int) and 1 <= record["count"] <= 1000
        assert record["day"] is None or isinstance(record["day"], dt.date)
        assert isinstance(record["ok"], bool)
        assert record["colour"] in (None, "red", "green")


plain = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs")), min_size=1, max_size=10
)


@fuzz_settings(80)
@given(
    rows=st.lists(st.fixed_dictionaries({"id": plain, "note": plain}), min_size=1, max_size=5),
    fmt=st.sampled_from(["csv;", "csv,", "csv\t", "json"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_what_was_written_is_what_is_read(rows, fmt, newline, bom):
    header = ("id", "note")
    if fmt == "json":
        data = json_bytes(header, rows)
    else:
        data = csv_bytes(header, rows, delimiter=fmt[-1], newline=newline, bom=bom)
    table = read_table(data, name="x.json" if fmt == "json" else "x.csv")
    assert [dict(r.values) for r in table.records] == [
        {k: v.strip() for k, v in row.items()} for row in rows
    ]
