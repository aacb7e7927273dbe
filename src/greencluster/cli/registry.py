"""``greencluster import`` / ``greencluster export``: registry files through the web services.

These commands work on the installation's database as its operator (see
:mod:`greencluster.cli.installation`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greencluster.cli.app import app
from greencluster.cli.common import atomic_write, fail, reported_errors
from greencluster.cli.installation import cluster_or_exit, operator, setup_django


@app.command("import")
def import_registry(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX or JSON register file")],
    cluster: Annotated[str, typer.Option("--cluster", help="slug of the cluster to import into")],
) -> None:
    """Import organisations, sites and memberships into a cluster, all or nothing."""
    setup_django()
    from greencluster.web.registry.imports import registry_import

    target = cluster_or_exit(cluster)
    if not file.is_file():
        raise fail(f"{file}: no such file")
    with reported_errors():
        result = registry_import(
            viewer=operator(), cluster=target, data=file.read_bytes(), filename=file.name
        )
    typer.echo(
        f"imported {result.rows} rows into {target.slug}: "
        f"{result.organisations_created} organisations created, "
        f"{result.organisations_updated} updated, {result.sites_created} sites created, "
        f"{result.sites_updated} sites updated",
        err=True,
    )


@app.command("export")
def export_registry(
    cluster: Annotated[str, typer.Option("--cluster", help="slug of the cluster to export")],
    out: Annotated[Path, typer.Option("--out", help="output file: .csv, .xlsx or .json")],
) -> None:
    """Export a cluster's registry (with confidential figures: keep the file safe)."""
    setup_django()
    from greencluster.web.registry.exports import registry_export

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx", "json"):
        raise fail("--out must end in .csv, .xlsx or .json")
    body = registry_export(operator(), cluster_or_exit(cluster), fmt)
    atomic_write(out, body)
    typer.echo(f"wrote {out}", err=True)
