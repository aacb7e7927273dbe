"""``greencluster heat``: JSON result with every output; bad input -> exit 2, nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from greencluster.cli.app import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "heat" / "village_school.toml"


def test_heat_writes_the_full_result(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    run = CliRunner().invoke(app, ["heat", str(EXAMPLE), "--out", str(out), "--check"])
    assert run.exit_code == 0, run.output
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in (
        "customers",
        "network",
        "energy",
        "fuel",
        "economics",
        "emissions",
        "sensitivity",
        "defaults",
        "jobs_fte",
    ):
        assert key in data
    school = next(c for c in data["customers"] if c["name"] == "Village school")
    assert school["connected"] is True
    assert data["economics"]["min_energy_charge_eur_per_mwh"] > 0
    assert len(data["economics"]["cash_flow"]) == 16
    assert {b["parameter"] for b in data["sensitivity"]} == {
        "fuel_price",
        "heat_price",
        "demand",
        "investment",
    }


def test_bad_project_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[site]\nlat = 62.9\n", encoding="utf-8")
    out = tmp_path / "result.json"
    run = CliRunner().invoke(app, ["heat", str(bad), "--out", str(out)])
    assert run.exit_code == 2
    assert "site.lon" in run.output and "economics" in run.output
    assert not out.exists()


def test_stdout_holds_only_the_json() -> None:
    """In a fresh process (where HiGHS would print its banner) stdout parses as JSON."""
    cli = "from greencluster.cli.app import main; main()"
    run = subprocess.run(
        [sys.executable, "-c", cli, "heat", str(EXAMPLE), "--no-sensitivity"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(run.stdout)
    assert "sensitivity" not in data
    assert data["schema"] == "greencluster.heat.result/1"
