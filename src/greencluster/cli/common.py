"""Helpers shared by the CLI commands: error reporting and output writing."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from greencluster.core.errors import GreenClusterError, InputError

EXIT_BAD_INPUT = 2


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn domain errors into a clear message on stderr and exit code 2."""
    try:
        yield
    except InputError as exc:
        typer.echo(f"error: {exc.describe(limit=200)}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except GreenClusterError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def write_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: Path | None) -> None:
    """Write rows as CSV (or JSON when ``out`` ends in .json) to ``out`` or stdout.

    The file is written to a temporary name and renamed, so a failure leaves nothing behind.
    """
    if out is not None and out.suffix.lower() == ".json":
        payload = json.dumps(
            [{c: r.get(c) for c in columns} for r in rows],
            ensure_ascii=False,
            indent=1,
            default=str,
        )
        atomic_write(out, payload + "\n")
        return
    if out is None:
        _write_csv(sys.stdout, rows, columns)
        return
    import io

    buffer = io.StringIO()
    _write_csv(buffer, rows, columns)
    atomic_write(out, buffer.getvalue())


def _write_csv(stream: Any, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(
        stream, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({c: ("" if row.get(c) is None else row.get(c)) for c in columns})


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to a temporary sibling of ``path`` and rename it into
    place, so a failure never leaves a half-written file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    tmp.replace(path)
