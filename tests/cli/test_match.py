"""``greencluster match``: the eco-industrial park from CSV, XLSX and JSON; bad files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from greencluster.cli.app import app

PARK = Path(__file__).parents[1] / "core" / "matching" / "data" / "eco_park.csv"
# The output columns exactly as the documented CLI contract lists them.
ISSUE_COLUMNS = (
    "offer_id, need_id, offer_organization, need_organization, resource_class, ewc, "
    "distance_km, quantity, unit, transport_t_co2e_per_a, avoided_t_co2e_per_a, "
    "net_t_co2e_per_a, score, explanation"
)
COLUMNS = [column.strip() for column in ISSUE_COLUMNS.split(",")]
EXCHANGES = {
    ("ash-coal", "cement-ash"),
    ("gypsum-fgd", "board-gypsum"),
    ("heat-scrubber", "dh-heat"),
    ("sawdust", "boiler-fuel"),
    ("brewery-grain", "pig-feed"),
}


def park_rows() -> list[dict[str, str]]:
    with PARK.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def as_xlsx(rows: list[dict[str, str]], path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(
            [
                float(v) if k in ("quantity", "lat", "lon") and v else (v or None)
                for k, v in row.items()
            ]
        )
    book.save(path)
    return path


def as_json(rows: list[dict[str, str]], path: Path) -> Path:
    path.write_text(json.dumps([{k: v for k, v in r.items() if v} for r in rows]), "utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(app, ["match", *args])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_match_writes_one_row_per_pair_from_every_format(tmp_path: Path, fmt: str) -> None:
    source = {
        "csv": lambda: PARK,
        "xlsx": lambda: as_xlsx(park_rows(), tmp_path / "park.xlsx"),
        "json": lambda: as_json(park_rows(), tmp_path / "park.json"),
    }[fmt]()
    out = tmp_path / "pairs.csv"
    result = run(str(source), "--out", str(out), "--top", "5", "--allocate", "--check")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [*COLUMNS, "allocated_quantity"]
        rows = list(reader)
    assert {(r["offer_id"], r["need_id"]) for r in rows} == EXCHANGES
    assert all(float(r["allocated_quantity"]) > 0 for r in rows)
    assert "14 listings read" in result.stderr
    assert "5 pairs written" in result.stderr


def test_match_allocates_with_the_lp_method_too(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    flow = tmp_path / "flow.csv"
    result = run(str(PARK), "--out", str(out), "--allocate", "--check", "--method", "lp")
    assert result.exit_code == 0, result.output
    assert run(str(PARK), "--out", str(flow), "--allocate").exit_code == 0
    with out.open(encoding="utf-8") as lp_rows, flow.open(encoding="utf-8") as flow_rows:
        lp = {(r["offer_id"], r["need_id"]): r for r in csv.DictReader(lp_rows)}
        by_flow = {(r["offer_id"], r["need_id"]): r for r in csv.DictReader(flow_rows)}
    assert set(lp) == set(by_flow) == EXCHANGES
    for pair, row in lp.items():
        assert float(row["allocated_quantity"]) == pytest.approx(
            float(by_flow[pair]["allocated_quantity"]), rel=1e-3
        )
    assert run(str(PARK), "--allocate", "--method", "simplex").exit_code == 2


def test_match_prints_csv_on_stdout_and_writes_json_by_extension(tmp_path: Path) -> None:
    shown = run(str(PARK), "--top", "3")
    assert shown.exit_code == 0, shown.output
    rows = list(csv.DictReader(io.StringIO(shown.stdout)))
    assert len(rows) == 5 and list(rows[0]) == COLUMNS
    out = tmp_path / "pairs.json"
    assert run(str(PARK), "--out", str(out)).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {(d["offer_id"], d["need_id"]) for d in data} == EXCHANGES
    heat = next(d for d in data if d["offer_id"] == "heat-scrubber")
    assert heat["ewc"] is None and heat["unit"] == "MWh/a"


def test_check_accepts_a_pair_suggested_without_a_quantity(tmp_path: Path) -> None:
    """Units that differ leave the quantity unknown; the pair is still a valid suggestion."""
    listings = tmp_path / "units.csv"
    listings.write_text(
        "id,organization,role,resource,quantity,unit,place\n"
        "a,Mill,offer,sahanpurua,100,t/a,Vaasa\n"
        "b,Boiler,need,sahanpurua,300,m3/a,Vaasa\n",
        encoding="utf-8",
    )
    result = run(str(listings), "--allocate", "--check")
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["offer_id"], row["need_id"]) == ("a", "b")
    assert row["quantity"] == "" and float(row["allocated_quantity"]) == 0


def test_bad_listings_give_every_error_with_row_and_column_and_write_nothing(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,organization,role,resource,quantity,unit,lat,lon,place\n"
        "a,Org A,offer,lentotuhka,100,t/a,63.1,21.6,\n"
        "b,Org B,supply,lentotuhka,100,t/a,63.1,21.6,\n"
        "c,Org C,need,lentotuhka,lots,t/a,63.1,21.6,\n"
        "d,Org D,need,lentotuhka,100,bananas,63.1,21.6,\n"
        "e,Org E,need,lentotuhka,100,t/a,,,Atlantis\n"
        "a,Org F,need,lentotuhka,100,t/a,63.1,21.6,\n",
        encoding="utf-8",
    )
    out = tmp_path / "pairs.csv"
    result = run(str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert not out.exists()
    message = result.stderr
    assert "row 3, column 'role': expected one of offer, need, got 'supply'" in message
    assert "row 4, column 'quantity': expected a number, got 'lots'" in message
    assert "row 5, column 'unit': expected a unit such as t/a" in message
    assert "row 6, column 'place': 'Atlantis' is not in the Nordic/Baltic place list" in message
    assert "row 7, column 'id': id 'a' is not unique (first used on row 2)" in message


def test_duplicate_ids_and_missing_columns_are_reported(tmp_path: Path) -> None:
    dup = tmp_path / "dup.csv"
    dup.write_text(
        "id,organization,role,resource,lat,lon\n"
        "a,Org A,offer,lentotuhka,63.1,21.6\n"
        "a,Org B,need,lentotuhka,63.1,21.6\n",
        encoding="utf-8",
    )
    result = run(str(dup))
    assert result.exit_code == 2
    assert "row 3, column 'id': id 'a' is not unique (first used on row 2)" in result.stderr
    missing = tmp_path / "missing.csv"
    missing.write_text("id,organization,resource\nx,Org,fly ash\n", encoding="utf-8")
    result = run(str(missing))
    assert result.exit_code == 2
    assert "row 1, column 'role': required column is missing" in result.stderr
