"""``greencluster heat PROJECT.toml [--out result.json]``: evaluate a heat-entrepreneur project."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from greencluster.cli.app import app
from greencluster.cli.common import atomic_write, fail, reported_errors


@app.command("heat")
def heat(
    project: Annotated[Path, typer.Argument(help="Project TOML (schema in docs/heat.md).")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the JSON result here.")
    ] = None,
    sensitivity: Annotated[
        bool, typer.Option("--sensitivity/--no-sensitivity", help="Add the ±20 % tornado data.")
    ] = True,
    check: Annotated[
        bool, typer.Option("--check", help="Verify the result independently.")
    ] = False,
) -> None:
    """Size plant and fuel, choose the network, and compute price, profit and CO2."""
    from greencluster.core import heat as core

    with reported_errors():
        loaded = core.load_project_toml(project)
        if sensitivity:
            result, bars = core.evaluate_with_sensitivity(loaded)
        else:
            result, bars = core.evaluate(loaded), None
    data = core.result_to_dict(result)
    if bars is not None:
        data["sensitivity"] = core.sensitivity_to_dicts(bars)
    if check:
        problems = core.check_result(result)
        if problems:
            raise fail("result check failed: " + "; ".join(problems), code=1)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(out, text)
        money = result.economics
        typer.echo(
            f"{result.network.connected_buildings}/{result.network.candidate_buildings} buildings "
            f"connected, {result.network.trench_length_m:.0f} m of trench; "
            f"NPV {money.npv_eur:,.0f} EUR; minimum energy charge "
            f"{money.min_energy_charge_eur_per_mwh or float('nan'):.1f} EUR/MWh; "
            f"CO2 avoided {result.emissions.avoided_t_co2e_per_a:.0f} t/a -> {out}",
            err=True,
        )
