"""``greencluster match`` and ``greencluster classify``: side-stream matching from the shell.

greencluster match listings.xlsx --out pairs.csv --top 10 --allocate
greencluster classify "puuhake" "Flugasche 10 01 02" --out classes.json
greencluster classify --file streams.csv --column description
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console

from greencluster.cli.app import app
from greencluster.cli.common import fail, reported_errors, write_rows

CLASSIFY_COLUMNS = ("text", "resource_class", "ewc", "confidence")


@contextmanager
def _step(console: Console, message: str) -> Iterator[None]:
    with console.status(message, spinner="dots"):
        yield
    console.print(f"[green]done[/green] {message}", highlight=False)


@app.command("match")
def match(
    listings: Annotated[
        Path,
        typer.Argument(help="LISTINGS file (.csv, .xlsx or .json; columns in docs/matching.md)."),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write pairs here (.csv or .json).")
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, max=1000, help="Partners suggested per listing.")
    ] = 10,
    allocate: Annotated[
        bool, typer.Option("--allocate", help="Add the network-optimal allocated_quantity.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Verify suggestions and allocation independently.")
    ] = False,
    method: Annotated[
        Literal["flow", "lp"],
        typer.Option(
            "--method",
            help="Solver of --allocate: flow (min-cost flow, any size) or lp (HiGHS LP).",
        ),
    ] = "flow",
    workers: Annotated[int, typer.Option("--workers", min=1, max=64)] = 1,
    time_limit_s: Annotated[
        float,
        typer.Option(
            "--time-limit", min=1.0, help="Solver time limit in seconds (LP method only)."
        ),
    ] = 120.0,
) -> None:
    """Suggest offer-need pairs (distance, quantity, CO2, score, explanation) for every listing."""
    from greencluster.core import matching as core

    console = Console(stderr=True, soft_wrap=True)
    with reported_errors():
        with _step(console, f"reading and classifying {listings.name}"):
            read = core.read_listings(listings)
        offers = sum(1 for item in read.listings if item.role == "offer")
        with _step(console, f"matching {len(read.listings)} listings (top {top})"):
            result = core.match_listings(
                read.listings,
                top_k=top,
                allocate=allocate,
                method=method,
                workers=workers,
                time_limit_s=time_limit_s,
            )
        rows = core.suggestion_rows(result)
    if check:
        compat = core.TaxonomyCompatibility()
        scored = result.scored
        problems = core.check_suggestions(
            result.table, scored.pairs.source, scored.pairs.partner, compat, top_k=top
        )
        for allocation in (result.optimal, result.greedy):
            if allocation is not None:
                problems += core.check_allocation(
                    result.table,
                    allocation.offer,
                    allocation.need,
                    allocation.quantity_per_a,
                    compat,
                )
        if problems:
            raise fail("check failed: " + "; ".join(problems[:20]), code=1)
    columns: tuple[str, ...] = core.solve.SUGGESTION_COLUMNS
    if allocate:
        columns = (*columns, "allocated_quantity")
    write_rows(rows, columns, out)
    console.print(
        f"{len(read.listings)} listings read ({offers} offers, {len(read.listings) - offers} "
        f"needs), {read.low_confidence} classified with low confidence, {len(rows)} pairs "
        f"written" + (f" to {out}" if out else ""),
        highlight=False,
    )
    if result.optimal is not None and result.greedy is not None:
        console.print(
            f"allocation: optimum saves {result.optimal.total_net_t_co2e_per_a:,.1f} t CO2e/a "
            f"over {len(result.optimal)} pairs; pairwise greedy "
            f"{result.greedy.total_net_t_co2e_per_a:,.1f} t CO2e/a over "
            f"{len(result.greedy)} pairs",
            highlight=False,
        )


@app.command("classify")
def classify(
    texts: Annotated[
        list[str] | None, typer.Argument(help="Descriptions or EWC codes, any of six languages.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read texts from this CSV/XLSX/JSON file.")
    ] = None,
    column: Annotated[
        str | None, typer.Option("--column", help="Column of --file holding the texts.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write rows here (.csv or .json).")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the texts if known (en fi sv nb et de)."),
    ] = None,
) -> None:
    """Classify side-stream descriptions: text, resource_class, ewc, confidence per input."""
    from greencluster.core.taxonomy import LANGUAGES, classify_many

    if lang is not None and lang not in LANGUAGES:
        raise fail(f"--lang: expected one of {', '.join(LANGUAGES)}, got '{lang}'")
    inputs = list(texts or [])
    with reported_errors():
        if file is not None:
            inputs += _texts_from_file(file, column)
        elif column is not None:
            raise fail("--column needs --file")
    if not inputs:
        raise fail("give one or more TEXT arguments or --file FILE --column NAME")
    console = Console(stderr=True, soft_wrap=True)
    with _step(console, f"classifying {len(inputs)} texts"):
        found = classify_many(inputs, lang=lang)
    rows: list[dict[str, Any]] = []
    low = 0
    for text, result in zip(inputs, found, strict=True):
        best = result.best
        low += int(result.low_confidence)
        rows.append(
            {
                "text": text,
                "resource_class": best.class_id if best else "",
                "ewc": (best.ewc or "") if best else "",
                "confidence": round(best.confidence, 3) if best else 0.0,
            }
        )
    write_rows(rows, CLASSIFY_COLUMNS, out)
    console.print(
        f"{len(rows)} texts classified, {low} with low confidence"
        + (f", written to {out}" if out else ""),
        highlight=False,
    )


def _texts_from_file(path: Path, column: str | None) -> list[str]:
    from greencluster.core.tables import Field, normalise_column, parse_records, read_table, text

    if column is None:
        raise fail("--file needs --column NAME (the column holding the texts)")
    table = read_table(path)
    name = normalise_column(column)
    records = parse_records(table, [Field(name, text, required=True)])
    return [str(record[name]) for record in records]
