"""``greencluster schedule``: its documented CLI contract."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from greencluster.cli.app import app

REQUESTS = (
    "meeting_id,participants,priority,locked_slot,locked_table\n"
    "m1,acme;bio,2,,\n"
    "m2,acme;carbon,,1,\n"
    "m3,bio;carbon;delta,,,\n"
    "m4,delta;eko,,,2\n"
    "m5,acme;eko,,,\n"
)


def run(tmp_path: Path, *args: str, requests: str = REQUESTS) -> object:
    path = tmp_path / "requests.csv"
    path.write_text(requests, encoding="utf-8")
    return CliRunner().invoke(app, ["schedule", str(path), *args])


def test_schedule_writes_csv_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "schedule.csv"
    availability = tmp_path / "availability.csv"
    availability.write_text("participant,slot\neko,2\neko,3\n", encoding="utf-8")
    result = run(
        tmp_path,
        "--slots",
        "3",
        "--tables",
        "2",
        "--availability",
        str(availability),
        "--time-limit",
        "3",
        "--out",
        str(out),
        "--check",
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert list(rows[0]) == ["meeting_id", "slot", "table"]
    placed = {r["meeting_id"]: (int(r["slot"]), int(r["table"])) for r in rows}
    assert placed["m2"][0] == 1
    assert placed["m4"][1] == 2
    assert placed["m4"][0] in (2, 3) and placed["m5"][0] in (2, 3)
    assert len(placed) == 5
    stderr = result.stderr  # type: ignore[attr-defined]
    assert "scheduled 5 of at most 5 possible" in stderr
    assert "weighted by priority 6 of at most 6" in stderr
    assert "proven optimal" in stderr
    assert "check passed" in stderr


def test_schedule_prints_to_stdout_without_out(tmp_path: Path) -> None:
    result = run(tmp_path, "--slots", "3", "--tables", "2", "--time-limit", "2")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "meeting_id,slot,table"
    assert len(lines) == 6


def test_json_output(tmp_path: Path) -> None:
    out = tmp_path / "schedule.json"
    result = run(tmp_path, "--slots", "3", "--tables", "2", "--time-limit", "2", "--out", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert {r["meeting_id"] for r in json.loads(out.read_text())} == {"m1", "m2", "m3", "m4", "m5"}


def assert_rejected(tmp_path: Path, requests: str, *where: str) -> None:
    out = tmp_path / "schedule.csv"
    result = run(tmp_path, "--slots", "3", "--tables", "2", "--out", str(out), requests=requests)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    for text in where:
        assert text in result.stderr  # type: ignore[attr-defined]
    assert not out.exists()


def test_bad_input_names_rows_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = "meeting_id,participants,priority\nm1,acme,1\nm2,acme;bio,high\n"
    assert_rejected(tmp_path, bad, "row 2, column 'participants'", "row 3, column 'priority'")


def test_locks_beyond_the_event_are_bad_input(tmp_path: Path) -> None:
    bad = "meeting_id,participants,locked_slot,locked_table\nm1,a;b,4,\nm2,c;d,,3\n"
    assert_rejected(tmp_path, bad, "row 2, column 'locked_slot'", "row 3, column 'locked_table'")


def test_clashing_locks_are_bad_input(tmp_path: Path) -> None:
    bad = "meeting_id,participants,locked_slot\nm1,a;b,1\nm2,b;c,1\n"
    assert_rejected(tmp_path, bad, "row 3, column 'locked_slot'", "also locked")


def test_bad_availability_file_is_named(tmp_path: Path) -> None:
    availability = tmp_path / "availability.csv"
    availability.write_text("participant,slot\nacme,0\n", encoding="utf-8")
    result = run(tmp_path, "--slots", "3", "--tables", "2", "--availability", str(availability))
    assert result.exit_code == 2
    assert "availability.csv" in result.stderr  # type: ignore[attr-defined]
    assert "row 2, column 'slot'" in result.stderr  # type: ignore[attr-defined]
