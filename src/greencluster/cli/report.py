"""``greencluster report``: a cluster's funder report (PDF, XLSX or CSV) from the database.

Uses the installation's database like ``greencluster import/export`` and the same selectors
as the coordinator's button, so the file holds cluster aggregates only (never a member's own
figures), each shown only above the minimum group size.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greencluster.cli.app import app
from greencluster.cli.common import EXIT_BAD_INPUT, reported_errors
from greencluster.cli.registry import _cluster, _django, _operator

FORMATS = ("pdf", "xlsx", "csv")


@app.command("report")
def funder_report(
    cluster: Annotated[str, typer.Option("--cluster", help="slug of the cluster")],
    year: Annotated[int, typer.Option("--year", help="reporting year, e.g. 2025")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="output file: .pdf, .xlsx or .csv (default SLUG-report-YEAR.pdf)"
        ),
    ] = None,
    eccp: Annotated[
        Path | None, typer.Option("--eccp", help="also write the ECCP cluster profile (CSV)")
    ] = None,
) -> None:
    """Write the funder report of a cluster and year: members, KPI aggregates vs goals."""
    target = out or Path(f"{cluster}-report-{year}.pdf")
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        typer.echo("error: --out must end in .pdf, .xlsx or .csv", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if not 1990 <= year <= 2100:
        typer.echo("error: --year must be a year such as 2025", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    _django()
    from greencluster.web.impact import exports, pdf

    chosen = _cluster(cluster)
    with reported_errors():
        report = exports.funder_report(_operator(), chosen, year)
        body = {"pdf": pdf.funder_pdf, "xlsx": exports.to_xlsx, "csv": exports.to_csv}[fmt](report)
        profile = exports.eccp_csv(exports.eccp_profile(_operator(), chosen)) if eccp else None
    _write(target, body)
    if eccp is not None and profile is not None:
        _write(eccp, profile)
    if report.year_view is None:
        typer.echo(f"note: no KPI reports for {year} in {chosen.slug}", err=True)
    typer.echo(f"wrote {target}", err=True)


def _write(path: Path, body: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(body)
    tmp.replace(path)
