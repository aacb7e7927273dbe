"""Heat network optimisation benchmark: choose buildings and routes on street-like maps.

Workloads (seeded synthetic maps from ``greencluster.core.heat.synthetic``): a village of 200
buildings on a street graph, a town of 2,000 and one of 10,000 buildings. Contenders on the same
instance: our heuristic alone (bound from the LP relaxation), our MILP (presolve + heuristic
start + arborescence model, HiGHS) and the named baseline "plain flow MILP with HiGHS" (one
binary per edge, flows bounded by total demand, no presolve, no start). Each runs once in a
fresh process; HiGHS with 1 thread, seed 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.harness import measure_in_process

# (map, buildings, time limit s, target relative gap, baseline time limit s)
CASES = (
    ("village", 200, 60.0, 1e-4, 60.0),
    ("town", 2000, 60.0, 0.005, 300.0),
    ("town", 10000, 300.0, 0.02, 300.0),
)
# the same with pipe cost rising with the peak carried (0.3 EUR per m and kW)
CAPACITY_CASES = (
    ("village", 200, 60.0, 1e-4, 60.0),
    ("town", 2000, 60.0, 0.005, 300.0),
)


def build(kind: str, n: int, per_kw: float = 0.0) -> Any:
    from greencluster.core.heat import synthetic
    from greencluster.core.heat.network import street_graph
    from greencluster.core.heat.problem import Economics, NetworkSpec
    from greencluster.core.heat.valuation import build_instance, unit_values

    econ = Economics(
        contract_years=15,
        discount_rate_pct=6,
        energy_charge_eur_per_mwh=95,
        boiler_cost_eur_per_kw=450,
        connection_cost_eur_per_customer=3000,
        om_pct_of_investment_per_a=1.5,
        investment_aid_pct=20,
    )
    spec = NetworkSpec(
        cost_eur_per_m=180,
        heat_loss_w_per_m=18,
        cost_eur_per_m_per_kw=per_kw,
        route_source="streets",
    )
    m = synthetic.village(n, seed=1) if kind == "village" else synthetic.town(n, seed=1)
    graph = street_graph(m.plant_xy, m.buildings_xy, m.segments_xy)
    values = unit_values(econ, 0.85, 28.0)
    return build_instance(graph, m.annual_mwh, m.peak_kw, np.zeros(n, bool), econ, spec, values)


def solve(
    kind: str, n: int, per_kw: float, method: str, limit_s: float, gap: float
) -> dict[str, Any]:
    from greencluster.core.heat.checks import check_solution
    from greencluster.core.heat.network_solve import optimise_network

    inst = build(kind, n, per_kw)
    sol = optimise_network(
        inst, method=method, time_limit_s=limit_s, mip_rel_gap=gap, threads=1, seed=0
    )
    return {
        "objective": sol.objective_eur,
        "bound": sol.bound_eur,
        "gap": sol.gap_pct,
        "optimal": sol.proven_optimal,
        "seconds": sol.seconds,
        "status": sol.status,
        "nodes": inst.n_nodes,
        "edges": inst.n_edges,
        "reduced": (sol.reduced_nodes, sol.reduced_edges),
        "heuristic_s": sol.heuristic_seconds,
        "valid": not check_solution(inst, sol.nodes, sol.edges),
        "connected": int(sum(1 for v in sol.nodes if inst.demand_kw[v] > 0)),
    }


def table(cases: tuple[tuple[str, int, float, float, float], ...], per_kw: float) -> list[str]:
    lines = [
        "| case | graph nodes/edges | after presolve | contender | limit s | target gap % "
        "| time s | heuristic s | NPV EUR | bound EUR | gap % | proven | connected "
        "| peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    names = {
        "heuristic": "our heuristic (+ LP bound)",
        "milp": "our MILP",
        "plain_flow": "baseline: plain flow MILP with HiGHS",
    }
    for kind, n, limit, gap, baseline_limit in cases:
        for method, lim in (("heuristic", limit), ("milp", limit), ("plain_flow", baseline_limit)):
            m = measure_in_process(solve, kind, n, per_kw, method, lim, gap)
            r = m.value
            reduced = f"{r['reduced'][0]}/{r['reduced'][1]}" if method != "plain_flow" else "-"
            heuristic_s = f"{r['heuristic_s']:.2f}" if r["heuristic_s"] is not None else "-"
            lines.append(
                f"| {kind} {n} | {r['nodes']}/{r['edges']} | {reduced} | {names[method]} | "
                f"{lim:g} | {100 * gap:g} | {m.seconds:.1f} | {heuristic_s} | "
                f"{r['objective']:,.0f} | {r['bound']:,.0f} | {r['gap']:.3f} | "
                f"{'yes' if r['optimal'] else 'no'} | {r['connected']} | {m.peak_rss_mib:.0f} |"
            )
            if not r["valid"]:
                lines.append(f"| | | | INVALID network from {names[method]} | | | | | | | | | | |")
    return lines


def run() -> str:
    lines = [
        "## Heat network optimisation (prize-collecting tree)",
        "",
        "Workload: seeded street-like maps (`greencluster.core.heat.synthetic`: a village with a",
        "main road and side roads; towns as jittered street grids); buildings tee into their",
        "nearest street. Prizes and pipe costs from one set of example economics (15-year",
        "contract, 6 %, 95 EUR/MWh, trench 180 EUR/m, 18 W/m). Objective = NPV of the network",
        "choice (EUR); gap = (bound - NPV) / NPV; the MILPs stop at the target gap or the time",
        "limit. The heuristic's bound is the LP relaxation of our model; 'heuristic s' is the",
        "heuristic alone. Baseline: **plain flow MILP with HiGHS** (one binary per edge, flows",
        "bounded by total demand, no presolve, no start). One run each in a fresh process, HiGHS",
        "1 thread, seed 0. Time includes building the model; not the map generation.",
        "",
        "### Trench cost per metre (the performance targets)",
        "",
    ]
    lines += table(CASES, 0.0)
    lines += [
        "",
        "Targets: 200 buildings proven optimal <= 5 s; 2,000 within 0.5 % of the",
        "bound <= 60 s; 10,000 within 2 % <= 5 min.",
        "",
        "### Pipe cost rising with the peak carried (+0.3 EUR per m and kW)",
        "",
        "Harder: flow-dependent costs stop presolve from merging buildings into streets, and on",
        "street grids the LP bound of a single-commodity flow model is weak. The plain flow",
        "baseline is not even exact here (it may split flow around cycles).",
        "",
    ]
    lines += table(CAPACITY_CASES, 0.3)
    return "\n".join(lines)
