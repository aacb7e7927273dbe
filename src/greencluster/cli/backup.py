"""``greencluster backup`` and ``greencluster restore``: the whole installation (database and
uploaded files) to one archive and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greencluster.cli.app import app
from greencluster.cli.common import fail
from greencluster.cli.installation import setup_django


@app.command("backup")
def backup_command(
    path: Annotated[Path, typer.Argument(help="archive to write, e.g. backup-2026-11-26.tar.gz")],
) -> None:
    """Back up the database and uploaded files into one consistent .tar.gz archive."""
    setup_django()
    from greencluster.web.common.backup import BackupError, backup

    try:
        summary = backup(path)
    except BackupError as exc:
        raise fail(str(exc)) from None
    typer.echo(
        f"wrote {summary.path}: {summary.rows} rows of {summary.models} kinds, "
        f"{summary.files} files",
        err=True,
    )


@app.command("restore")
def restore_command(
    path: Annotated[Path, typer.Argument(help="archive written by `greencluster backup`")],
    yes: Annotated[
        bool, typer.Option("--yes", help="replace all current data without asking")
    ] = False,
) -> None:
    """Replace ALL data of this installation with a backup, all or nothing."""
    setup_django()
    from django.core.management import call_command

    from greencluster.web.common.backup import BackupError, restore

    if not yes:
        typer.confirm(f"Replace all data of this installation with {path}?", abort=True, err=True)
    call_command("migrate", interactive=False, verbosity=0)
    try:
        summary = restore(path)
    except BackupError as exc:
        raise fail(f"{exc}; nothing was changed") from None
    typer.echo(
        f"restored {summary.rows} rows and {summary.files} files "
        f"from the backup of {summary.created_at}",
        err=True,
    )
