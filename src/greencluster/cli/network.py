"""``greencluster network``: locomotives, value networks and gaps from a file.

greencluster network listings.xlsx --out network.json
greencluster network registry-export.json --seed 3
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from greencluster.cli.app import app
from greencluster.cli.common import atomic_write, fail, reported_errors


@app.command("network")
def network(
    source: Annotated[
        Path,
        typer.Argument(
            help="LISTINGS file (.csv, .xlsx or .json, as for 'match') or a registry export "
            "(.json, format greencluster.registry).",
            metavar="LISTINGS_OR_EXPORT",
        ),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the JSON here (default: stdout).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the community detection.")] = 0,
    resolution: Annotated[
        float,
        typer.Option(
            "--resolution", min=0.01, max=100.0, help="Higher: more, smaller value networks."
        ),
    ] = 1.0,
) -> None:
    """Write locomotives, value networks (communities) and gaps to recruit for as JSON."""
    from greencluster.core.network.analysis import analyse, analysis_to_dict
    from greencluster.core.network.io import read_network

    if out is not None and out.suffix.lower() != ".json":
        raise fail(f"--out: the result is JSON, expected a file name ending in .json, got '{out}'")
    console = Console(stderr=True, soft_wrap=True)
    with reported_errors():
        with console.status(f"reading {source.name}", spinner="dots"):
            problem = read_network(source)
        if not problem.nodes:
            raise fail(f"{source.name}: no organisations found")
        with console.status("analysing the network", spinner="dots"):
            result = analyse(problem, seed=seed, resolution=resolution)
    document = {"source": source.name, **analysis_to_dict(result)}
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        atomic_write(out, text)
    suggested = [item for item in result.locomotives if item.suggested]
    console.print(
        f"{result.graph.n} organisations, {result.graph.m} relations: "
        f"{len(suggested)} suggested locomotives, {len(result.networks)} value networks, "
        f"{len(result.gaps)} gaps" + (f"; written to {out}" if out else ""),
        highlight=False,
    )
