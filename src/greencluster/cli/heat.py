"""``greencluster heat PROJECT.toml [--out result.json]``: evaluate a heat-entrepreneur project."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from greencluster.cli.app import app
from greencluster.cli.common import fail, reported_errors


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

    _quiet_highs_banner()

    with reported_errors():
        loaded = core.load_project_toml(project)
        solution = core.choose_network(loaded, core.route_graph(loaded))
        result = core.evaluate(loaded, solution=solution)
        data = core.result_to_dict(result)
        if sensitivity:
            bars = core.sensitivity(loaded, solution=solution)
            data["sensitivity"] = [
                {
                    "parameter": b.parameter,
                    "delta_pct": b.delta_pct,
                    "npv_low_eur": b.npv_low_eur,
                    "npv_high_eur": b.npv_high_eur,
                    "npv_base_eur": b.npv_base_eur,
                    "min_charge_low_eur_per_mwh": b.min_charge_low_eur_per_mwh,
                    "min_charge_high_eur_per_mwh": b.min_charge_high_eur_per_mwh,
                }
                for b in bars
            ]
    if check:
        problems = core.check_result(result)
        if problems:
            raise fail("result check failed: " + "; ".join(problems), code=1)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        money = result.economics
        typer.echo(
            f"{result.network.connected_buildings}/{result.network.candidate_buildings} buildings "
            f"connected, {result.network.trench_length_m:.0f} m of trench; "
            f"NPV {money.npv_eur:,.0f} EUR; minimum energy charge "
            f"{money.min_energy_charge_eur_per_mwh or float('nan'):.1f} EUR/MWh; "
            f"CO2 avoided {result.emissions.avoided_t_co2e_per_a:.0f} t/a -> {out}",
            err=True,
        )


def _quiet_highs_banner() -> None:
    """HiGHS prints a banner on stdout when its first instance is made; send it to stderr so
    that the JSON on stdout stays clean."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        highspy.Highs()
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
