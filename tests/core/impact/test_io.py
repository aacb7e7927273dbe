from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from greencluster.core.errors import InputError
from greencluster.core.impact import read_reports

HEADER = "year,kind,type,quantity,unit,region,boiler_size,direction,ownership,ewc_code,treatment\n"


def test_reads_a_csv_report_by_year():
    text = HEADER + (
        "2025,turnover,,4200000,EUR,,,,,,\n"
        "2025,employees,,35,,,,,,,\n"
        "2025,fuel,light_fuel_oil,120,MWh,,small,,,,\n"
        "2024,freight,road_hgv,5600,t.km,,,in,third party,,\n"
        "2025,waste,wood,40,t,,,,,03 01 05,R1\n"
    )
    reports = read_reports(text.encode(), name="kpi.csv")
    assert set(reports) == {2024, 2025}
    assert reports[2025].turnover_eur == 4_200_000 and reports[2025].employees == 35
    assert [a.kind for a in reports[2025].activities] == ["fuel", "waste"]
    assert reports[2024].activities[0].ownership == "third_party"


def test_every_bad_row_is_reported_with_row_and_column():
    text = HEADER + (
        "2025,fuel,unobtainium,1,MWh,,,,,,\n"
        "2025,fuel,peat,1,t.km,,,,,,\n"
        "2025,freight,road_hgv,10,t.km,,,sideways,,,\n"
        "2025,waste,wood,1,t,,,,,12345,burn\n"
        "2025,turnover,,1,EUR,,,,,,\n"
        "2025,turnover,,2,EUR,,,,,,\n"
        "nineteen,electricity,FI,1,MWh,,,,,,\n"
    )
    with pytest.raises(InputError) as exc:
        read_reports(text.encode(), name="kpi.csv")
    cells = {(e.row, e.column) for e in exc.value.errors}
    assert {(2, "type"), (3, "unit"), (4, "direction"), (4, "ownership")} <= cells
    assert {(5, "ewc_code"), (5, "treatment"), (7, "kind"), (8, "year")} <= cells


def test_reads_xlsx():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append([2025, "electricity", "SE3", 250, "MWh"])
    buf = io.BytesIO()
    wb.save(buf)
    reports = read_reports(buf.getvalue(), name="kpi.xlsx")
    assert reports[2025].activities[0].type == "SE3"


ROW = st.fixed_dictionaries(
    {
        "year": st.sampled_from(["2024", "2025", "19x", ""]),
        "kind": st.sampled_from(["fuel", "electricity", "freight", "waste", "turnover", "xyz"]),
        "type": st.sampled_from(["light_fuel_oil", "FI", "road_hgv", "wood", "", "nope"]),
        "quantity": st.sampled_from(["1", "2,5", "-3", "abc", "", "1e3"]),
        "unit": st.sampled_from(["MWh", "t", "t.km", "EUR", "parsec", ""]),
        "direction": st.sampled_from(["in", "out", "", "up"]),
        "ownership": st.sampled_from(["own", "third party", ""]),
        "treatment": st.sampled_from(["landfill", "R1", "", "burn"]),
    }
)
ROW_COLUMNS = ("year", "kind", "type", "quantity", "unit", "direction", "ownership", "treatment")

# Rows that read, so that whole files read often enough to check what was read.
GOOD_ROW = st.sampled_from(
    [
        ("2025", "fuel", "light_fuel_oil", "120", "MWh", "", "", ""),
        ("2024", "electricity", "FI", "2,5", "MWh", "", "", ""),
        ("2025", "freight", "road_hgv", "1e3", "t.km", "in", "third party", ""),
        ("2025", "waste", "wood", "3", "t", "", "", "R1"),
        ("2024", "turnover", "", "1000000", "EUR", "", "", ""),
    ]
).map(lambda cells: dict(zip(ROW_COLUMNS, cells, strict=True)))


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.lists(ROW, min_size=1, max_size=6), st.lists(GOOD_ROW, min_size=1, max_size=6)))
def test_any_file_either_reads_or_names_row_and_column_of_every_problem(rows):
    columns = list(rows[0])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([r[c] for c in columns] for r in rows)
    text = buf.getvalue()
    try:
        reports = read_reports(text.encode(), name="kpi.csv")
    except InputError as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.row is None or 2 <= error.row <= len(rows) + 1
            assert error.row is None or error.column in columns
        return
    # Read: every row is one activity line or one figure of its year, nothing is lost.
    figures = [r for r in rows if r["kind"] in ("turnover", "export", "employees")]
    assert sum(len(r.activities) for r in reports.values()) + len(figures) == len(rows)
    for report in reports.values():
        for activity in report.activities:
            assert activity.row is not None
            source = rows[activity.row - 2]
            assert int(source["year"]) == report.year
            assert (activity.kind, activity.type) == (source["kind"], source["type"])
            assert activity.quantity == float(source["quantity"].replace(",", ".")) >= 0


def test_figures_beyond_what_a_report_holds_are_row_errors():
    text = HEADER + (
        "2025,turnover,,1e16,EUR,,,,,,\n"
        "2025,export,,1e15,EUR,,,,,,\n"
        "2025,employees,,20000000,,,,,,,\n"
    )
    with pytest.raises(InputError) as exc:
        read_reports(text.encode(), name="kpi.csv")
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "quantity"), (4, "quantity")]
    assert "expected at most 1e+15 for turnover" in str(exc.value)
