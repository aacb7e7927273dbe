"""``greencluster network``: a listings file and a registry export to locomotives, value
networks and gaps as JSON; bad files give clear errors and write nothing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from greencluster.cli.app import app

PARK = Path(__file__).parents[1] / "core" / "matching" / "data" / "eco_park.csv"

runner = CliRunner()


def test_listings_give_the_power_plant_as_locomotive_and_the_unmet_needs_as_gaps(tmp_path):
    out = tmp_path / "network.json"
    result = runner.invoke(app, ["network", str(PARK), "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["source"] == "eco_park.csv"
    first = document["locomotives"][0]
    assert first["node"] == "Pohjan Voima Oy" and first["suggested"]
    assert "30,000 MWh/a" in first["explanation"]
    (network,) = document["value_networks"]
    assert network["locomotives"] == ["Pohjan Voima Oy"]
    assert {"Nordcement Ab", "Gipswerk Korsholm GmbH", "Sahala Oy"} <= set(network["members"])
    needs = {(g["kind"], g["organisations"][0]) for g in document["gaps"]}
    # the far-away decoys' needs are met by nobody in the park
    assert ("supplier", "Tallinna Tsement AS") in needs
    assert ("supplier", "Lapin Sikala") in needs
    assert "suggested locomotives" in result.stderr


def test_same_seed_same_document(tmp_path):
    first = runner.invoke(app, ["network", str(PARK), "--seed", "5"])
    second = runner.invoke(app, ["network", str(PARK), "--seed", "5"])
    assert first.exit_code == second.exit_code == 0
    assert json.loads(first.stdout) == json.loads(second.stdout)


def export_document() -> dict:
    def org(ref, name, nace, lat, lon, minis=()):
        return {
            "ref": ref,
            "name": name,
            "country": "FI",
            "nace_codes": [nace],
            "memberships": [{"cluster": "park"}],
            "mini_clusters": list(minis),
            "sites": [{"name": "site", "lat": lat, "lon": lon}],
        }

    return {
        "format": "greencluster.registry",
        "version": 1,
        "cluster": {"slug": "park", "region": "Pirkanmaa", "country": "FI"},
        "mini_clusters": [{"slug": "bio", "name": "Bioenergy"}],
        "organisations": [
            org("saw", "Saha Oy", "16.10", 61.5, 23.8, ["bio"]),
            org("heat1", "Lämpö 1 Oy", "35.30", 61.52, 23.7, ["bio"]),
            org("heat2", "Lämpö 2 Oy", "35.30", 61.45, 23.9, ["bio"]),
            org("heat3", "Lämpö 3 Oy", "35.30", 61.6, 23.6),
        ],
    }


def test_a_registry_export_gives_mini_cluster_and_nace_relations(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export_document()), encoding="utf-8")
    result = runner.invoke(app, ["network", str(path)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document["edge_kinds"]) == {"mini_cluster", "nace_io"}
    assert document["locomotives"][0]["node"] == "saw"  # it typically supplies every heat plant
    names = {n["id"]: n["name"] for n in document["nodes"]}
    assert names["heat1"] == "Lämpö 1 Oy"
    # nobody takes the heat plants' ash: cement makers (NACE 23.51) are missing
    assert any(g["activities"] == ["23.51"] for g in document["gaps"] if g["kind"] == "activity")


def test_a_bad_nace_code_in_an_export_names_the_record_and_writes_nothing(tmp_path):
    document = export_document()
    document["organisations"][2]["nace_codes"] = ["99.99"]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["network", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert "row 4, column 'nace_codes'" in result.stderr
    assert "99.99" in result.stderr
    assert not out.exists()


def test_a_listings_file_with_a_missing_column_is_refused(tmp_path):
    path = tmp_path / "listings.csv"
    path.write_text("id,organization,resource\n1,A Oy,sawdust\n", encoding="utf-8")
    result = runner.invoke(app, ["network", str(path)])
    assert result.exit_code == 2
    assert "role" in result.stderr


def test_a_json_object_that_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "thing.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    result = runner.invoke(app, ["network", str(path)])
    assert result.exit_code == 2
    assert "greencluster.registry" in result.stderr


def test_out_must_be_json(tmp_path):
    result = runner.invoke(app, ["network", str(PARK), "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "ending in .json" in result.stderr
