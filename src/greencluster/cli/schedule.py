"""``greencluster schedule``: a partnering-day schedule from a requests file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greencluster.cli.app import app
from greencluster.cli.common import reported_errors, write_rows

EXIT_CHECK_FAILED = 1


@app.command("schedule")
def schedule_command(
    requests: Annotated[Path, typer.Argument(help="Meeting requests (CSV, XLSX or JSON).")],
    slots: Annotated[int, typer.Option("--slots", min=1, help="Number of time slots.")],
    tables: Annotated[int, typer.Option("--tables", min=1, help="Number of tables.")],
    availability: Annotated[
        Path | None,
        typer.Option("--availability", help="participant,slot rows: when people are available."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Solver time limit in seconds.")
    ] = 60.0,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output CSV (or .json); stdout when omitted.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Verify the schedule with the independent checker.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Solver threads.")] = 2,
) -> None:
    """Schedule as many meetings as can possibly be held and say how close to the best."""
    from greencluster.core.meetings import check_schedule, read_problem, solve

    with reported_errors():
        problem = read_problem(requests, slots=slots, tables=tables, availability=availability)
        schedule = solve(problem, time_limit_s=time_limit, seed=seed, workers=workers)
    if check:
        violations = check_schedule(problem, schedule)
        for violation in violations:
            typer.echo(f"check failed: {violation}", err=True)
        if violations:
            raise typer.Exit(EXIT_CHECK_FAILED)
        typer.echo(
            "check passed: no double bookings, availability, table or lock problems", err=True
        )
    rows = [
        {"meeting_id": a.meeting_id, "slot": a.slot, "table": a.table}
        for a in sorted(schedule.assignments, key=lambda a: (a.slot, a.table))
    ]
    write_rows(rows, ("meeting_id", "slot", "table"), out)
    typer.echo(schedule.summary(), err=True)
