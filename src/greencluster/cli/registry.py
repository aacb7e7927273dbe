"""``greencluster import`` / ``greencluster export``: registry files through the web services.

These commands work on the installation's database (``GREENCLUSTER_VAR_DIR`` or
``DATABASE_URL``, as the web app) with the rights of the installation's operator, and are
recorded in the audit log as done by "command line".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from greencluster.cli.app import app
from greencluster.cli.common import EXIT_BAD_INPUT, reported_errors


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencluster.web.config.settings")
    import django

    django.setup()


def _cluster(slug: str):  # type: ignore[no-untyped-def]
    from greencluster.web.registry.models import Cluster

    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        known = ", ".join(Cluster.objects.values_list("slug", flat=True)) or "none"
        typer.echo(f"error: no cluster '{slug}' (known: {known})", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    return cluster


def _operator():  # type: ignore[no-untyped-def]
    from greencluster.web.accounts.permissions import Viewer

    return Viewer(None, "command line", True, frozenset(), frozenset(), frozenset())


@app.command("import")
def import_registry(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX or JSON register file")],
    cluster: Annotated[str, typer.Option("--cluster", help="slug of the cluster to import into")],
) -> None:
    """Import organisations, sites and memberships into a cluster, all or nothing."""
    _django()
    from greencluster.web.registry.imports import registry_import

    target = _cluster(cluster)
    if not file.is_file():
        typer.echo(f"error: {file}: no such file", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    with reported_errors():
        result = registry_import(
            viewer=_operator(), cluster=target, data=file.read_bytes(), filename=file.name
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
    _django()
    from greencluster.web.registry.exports import registry_export

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx", "json"):
        typer.echo("error: --out must end in .csv, .xlsx or .json", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    body = registry_export(_operator(), _cluster(cluster), fmt)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(body)
    tmp.replace(out)
    typer.echo(f"wrote {out}", err=True)
