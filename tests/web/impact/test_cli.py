"""``greencluster report``: the funder report from the command line."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from greencluster.cli.app import app


@pytest.mark.django_db
def test_report_writes_pdf_xlsx_and_the_eccp_profile(impact_world, tmp_path):
    runner = CliRunner()
    pdf = tmp_path / "r.pdf"
    eccp = tmp_path / "eccp.csv"
    result = runner.invoke(
        app,
        ["report", "--cluster", "heat", "--year", "2025", "--out", str(pdf), "--eccp", str(eccp)],
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "members_total,5" in eccp.read_text()
    xlsx = tmp_path / "r.xlsx"
    assert (
        runner.invoke(
            app, ["report", "--cluster", "heat", "--year", "2025", "--out", str(xlsx)]
        ).exit_code
        == 0
    )
    wb = load_workbook(xlsx)
    kpis = wb["KPI aggregates 2025"]
    rows = {r[0]: r for r in kpis.iter_rows(values_only=True)}
    # 5 members x 100 MWh FI electricity x 72 g CO2e/kWh (2025 zone factor) = 36 t, 5 members
    assert rows["CO2e, scope 2 (t)"][1:3] == (36.0, 5)
    assert any(name.startswith("Chart") for name in wb.sheetnames)


@pytest.mark.django_db
def test_report_refuses_bad_arguments_and_writes_nothing(impact_world, tmp_path):
    runner = CliRunner()
    out = tmp_path / "r.docx"
    result = runner.invoke(
        app, ["report", "--cluster", "heat", "--year", "2025", "--out", str(out)]
    )
    assert result.exit_code == 2 and not out.exists()
    out = tmp_path / "r.pdf"
    result = runner.invoke(
        app, ["report", "--cluster", "nope", "--year", "2025", "--out", str(out)]
    )
    assert result.exit_code == 2 and "no cluster 'nope'" in result.output
    assert not out.exists()
