from __future__ import annotations

import io

import pytest
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
