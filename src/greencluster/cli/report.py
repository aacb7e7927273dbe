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
from greencluster.cli.common import atomic_write, fail, reported_errors
from greencluster.cli.installation import cluster_or_exit, operator, setup_django

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
        raise fail("--out must end in .pdf, .xlsx or .csv")
    if not 1990 <= year <= 2100:
        raise fail("--year must be a year such as 2025")
    setup_django()
    from greencluster.web.impact import exports, pdf

    chosen = cluster_or_exit(cluster)
    with reported_errors():
        report = exports.funder_report(operator(), chosen, year)
        body = {"pdf": pdf.funder_pdf, "xlsx": exports.to_xlsx, "csv": exports.to_csv}[fmt](report)
        profile = exports.eccp_csv(exports.eccp_profile(operator(), chosen)) if eccp else None
    atomic_write(target, body)
    if eccp is not None and profile is not None:
        atomic_write(eccp, profile)
    if report.year_view is None:
        typer.echo(f"note: no KPI reports for {year} in {chosen.slug}", err=True)
    typer.echo(f"wrote {target}", err=True)
