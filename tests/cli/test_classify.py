"""``greencluster classify``: texts from arguments or a file, one row per input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from greencluster.cli.app import app


def run(*args: str):
    return CliRunner().invoke(app, ["classify", *args])


def test_classify_arguments_prints_one_row_per_text() -> None:
    result = run("10 01 05*", "kaukolämpö", "Brennstoff Holz für Heizkessel")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["text"] for r in rows] == [
        "10 01 05*",
        "kaukolämpö",
        "Brennstoff Holz für Heizkessel",
    ]
    assert list(rows[0]) == ["text", "resource_class", "ewc", "confidence"]
    assert rows[0]["resource_class"] == "ewc.100105" and rows[0]["ewc"] == "100105"
    assert rows[1]["resource_class"] == "energy.heat" and rows[1]["ewc"] == ""
    assert 0 < float(rows[2]["confidence"]) <= 1
    assert "3 texts classified" in result.stderr


def test_classify_a_file_column_to_json(tmp_path: Path) -> None:
    source = tmp_path / "streams.csv"
    source.write_text("no;description\n1;sahanpurua\n2;flygaska\n", encoding="utf-8")
    out = tmp_path / "classes.json"
    result = run("--file", str(source), "--column", "Description", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["text"] for d in data] == ["sahanpurua", "flygaska"]
    assert data[0]["resource_class"] == "product.sawdust"


def test_classify_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "streams.csv"
    source.write_text('description\nsahanpurua\n""\n', encoding="utf-8")
    out = tmp_path / "classes.csv"
    missing = run("--file", str(source), "--column", "text", "--out", str(out))
    assert missing.exit_code == 2
    assert "row 1, column 'text': required column is missing" in missing.stderr
    assert run().exit_code == 2
    assert run("--file", str(source)).exit_code == 2
    assert run("x", "--lang", "xx").exit_code == 2
    assert not out.exists()
