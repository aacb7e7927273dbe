"""A coordinator sets a -20 % CO2 goal, a member files two years by XLSX upload (after a bad
upload that changes nothing), the progress chart and the PDF report show the aggregate, and
another member's page never shows someone else's figures."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from greencluster.core.impact import COLUMNS
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

CLUSTER = "/impact/clusters/south-ostrobothnia-heat/"
HEAT_ORG = "/impact/organisations/demo-kuortaneen-lampo-oy/"
MEMBER_ORG = "/impact/organisations/demo-alavuden-kattilatekniikka-oy/"
HEADER = list(COLUMNS)


def _xlsx(path, rows):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return str(path)


def _log_out(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def test_goal_upload_progress_report_and_confidentiality(page, server, tmp_path):
    log_in(page, server, "coordinator")
    page.goto(CLUSTER + "goals/new/")
    page.fill("#id_title", "Browser goal: -20 % CO2 by 2030")
    page.select_option("#id_metric", "co2_total_t")
    page.fill("#id_base_year", "2024")
    page.fill("#id_target_year", "2030")
    page.select_option("#id_target_kind", "percent")
    page.fill("#id_target_value", "-20")
    page.click("#goal-form button[type=submit]")
    page.wait_for_url("**" + CLUSTER)
    goal = page.locator("section.goal", has_text="Browser goal: -20 % CO2 by 2030")
    assert goal.locator("svg.impact-chart polyline.path").count() == 1
    _log_out(page)

    log_in(page, server, "heat")
    page.goto(HEAT_ORG + "upload/")
    bad = _xlsx(
        tmp_path / "bad.xlsx",
        [[2025, "fuel", "wood_chips", 5000, "MWh"], [2025, "fuel", "unobtainium", 1, "MWh"]],
    )
    page.set_input_files("input[type=file]", bad)
    page.click("form.stacked button[type=submit]")
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "nothing was saved" in errors.inner_text()
    assert errors.locator("tbody tr td").nth(0).inner_text() == "3"
    good = _xlsx(
        tmp_path / "kpi.xlsx",
        [
            [2024, "turnover", "", 2_500_000, "EUR"],
            [2024, "fuel", "wood_chips", 6000, "MWh"],
            [2024, "fuel", "light_fuel_oil", 400, "MWh", "", "medium"],
            [2025, "turnover", "", 2_700_000, "EUR"],
            [2025, "fuel", "wood_chips", 6200, "MWh"],
            [2025, "fuel", "light_fuel_oil", 100, "MWh", "", "medium"],
            [2025, "freight", "road_hgv", 80_000, "t.km", "", "", "in", "third_party"],
        ],
    )
    page.set_input_files("input[type=file]", good)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**" + HEAT_ORG)
    assert "2024, 2025" in page.locator(".messages").inner_text()
    page.goto(HEAT_ORG + "2025/")
    trace = page.locator("#trace").inner_text()
    # 100 MWh light fuel oil: 360 GJ x 74.0667 kg CO2/GJ = 26.664 t, IPCC 2006 Table 1.3
    assert "26.664" in trace and "IPCC 2006" in trace
    _log_out(page)

    log_in(page, server, "coordinator")
    page.goto(CLUSTER + "?year=2025")
    goal = page.locator("section.goal", has_text="Browser goal: -20 % CO2 by 2030")
    assert goal.locator("svg.impact-chart polyline.actual").count() == 1
    assert goal.locator("table.progress tbody tr").count() == 7  # 2024 .. 2030
    total_row = page.locator("#aggregates tr", has_text="CO2e, scopes 1-3 (t)")
    assert "hidden" not in total_row.inner_text()
    with page.expect_download() as info:
        page.click("#report-pdf")
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and b"Browser goal" in pdf
    _log_out(page)

    log_in(page, server, "member")
    page.goto(MEMBER_ORG)
    assert page.locator("#reports tbody tr").count() == 2  # the demo's 2024 and 2025
    response = page.goto(HEAT_ORG + "2025/")
    assert response is not None and response.status == 403
    page.goto(CLUSTER)
    assert "Demo Kuortaneen" not in page.content()
    assert page.locator("details.confidential").count() == 0


def test_yearly_form_adds_lines_and_shows_the_trace(page, server):
    log_in(page, server, "heat")
    page.goto(HEAT_ORG + "new/")
    rows = page.locator("#lines tbody tr")
    assert rows.count() == 4
    page.click("#add-line")
    assert rows.count() == 5
    page.fill("#id_year", "2023")
    page.select_option("#id_lines-4-kind", "fuel")
    page.fill("#id_lines-4-type", "light_fuel_oil")
    page.fill("#id_lines-4-quantity", "100")
    page.fill("#id_lines-4-unit", "MWh")
    page.click("form.report-form button[type=submit]")
    page.wait_for_url("**" + HEAT_ORG + "2023/")
    # 100 MWh light fuel oil = 26.664 t CO2 (scope 1), 6.291 t upstream (DEFRA WTT gas oil)
    trace = page.locator("#trace").inner_text()
    assert "26.664" in trace and "6.291" in trace and "not counted" in trace
