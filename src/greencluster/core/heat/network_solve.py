"""Choose the buildings and routes that maximise NPV: presolve, heuristic, MILP, with bounds.

``optimise_network(instance, method=...)``:

- ``heuristic``: presolve, the grow/prune heuristic, then the LP relaxation of the exact model
  for a bound (so the heuristic also reports its gap);
- ``milp`` (and ``auto``): the same, then HiGHS on the arborescence model started from the
  heuristic tree, within the time left; the better tree wins;
- ``plain_flow``: the baseline, the plain flow MILP on the raw instance, no presolve, no start.

Every answer carries objective, bound, relative gap, time and whether optimality is proven.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from greencluster.core.heat.network import (
    PCSTInstance,
    Tree,
    expand_tree,
    presolve,
    tree_from_edges,
    tree_objective,
)
from greencluster.core.heat.network_heuristic import solve_heuristic
from greencluster.core.heat.network_milp import solve_milp

Method = Literal["auto", "milp", "heuristic", "plain_flow"]


@dataclass(frozen=True, slots=True)
class NetworkSolution:
    """Chosen original nodes and edges, with objective (EUR, present value), bound and gap."""

    method: str
    nodes: tuple[int, ...]
    edges: tuple[int, ...]
    objective_eur: float
    bound_eur: float
    gap_pct: float
    proven_optimal: bool
    seconds: float
    heuristic_objective_eur: float | None
    heuristic_seconds: float | None
    status: str
    reduced_nodes: int
    reduced_edges: int


def relative_gap_pct(objective: float, bound: float) -> float:
    return max(0.0, bound - objective) / max(abs(objective), abs(bound), 1.0) * 100.0


def optimise_network(
    inst: PCSTInstance,
    *,
    method: Method = "auto",
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 1e-4,
    threads: int = 1,
    seed: int = 0,
) -> NetworkSolution:
    """Solve the prize-collecting tree ``inst`` (original numbering in the answer)."""
    started = time.perf_counter()
    if method == "plain_flow":
        outcome = solve_milp(
            inst,
            time_limit_s=time_limit_s,
            formulation="plain_flow",
            mip_rel_gap=mip_rel_gap,
            threads=threads,
            seed=seed,
        )
        tree = outcome.tree or Tree((inst.root,), {inst.root: -1}, {inst.root: -1})
        objective = tree_objective(inst, tree)
        nodes = tree.nodes
        edges = tuple(tree.parent_edge[v] for v in tree.nodes[1:])
        return NetworkSolution(
            "plain_flow",
            tuple(nodes),
            edges,
            objective,
            outcome.bound,
            relative_gap_pct(objective, outcome.bound),
            outcome.optimal,
            time.perf_counter() - started,
            None,
            None,
            outcome.status,
            inst.n_nodes,
            inst.n_edges,
        )
    reduced = presolve(inst)
    h_started = time.perf_counter()
    tree, value = solve_heuristic(reduced)
    heuristic_seconds = time.perf_counter() - h_started
    heuristic_value = value
    status = "heuristic"
    proven = False
    left = max(0.5, time_limit_s - (time.perf_counter() - started))
    if method == "heuristic" or reduced.n_edges == 0:
        if reduced.n_edges == 0:
            bound, proven, status = value, True, "trivial"
        else:
            bound = solve_milp(
                reduced, time_limit_s=left, relax=True, threads=threads, seed=seed
            ).bound
    else:
        outcome = solve_milp(
            reduced,
            time_limit_s=left,
            start=tree,
            mip_rel_gap=mip_rel_gap,
            threads=threads,
            seed=seed,
        )
        bound = outcome.bound
        status = outcome.status
        if outcome.tree is not None and outcome.objective is not None:
            milp_tree = tree_from_edges(
                reduced, [outcome.tree.parent_edge[v] for v in outcome.tree.nodes[1:]]
            )
            milp_value = tree_objective(reduced, milp_tree)
            if milp_value > value:
                tree, value = milp_tree, milp_value
        proven = outcome.optimal
    bound = max(bound, value)
    node_list, edge_list = expand_tree(reduced, tree)
    original = tree_from_edges(inst, edge_list)
    objective = tree_objective(inst, original)
    return NetworkSolution(
        method="heuristic" if method == "heuristic" else "milp",
        nodes=tuple(sorted(set(node_list))),
        edges=tuple(sorted(set(edge_list))),
        objective_eur=objective,
        bound_eur=bound,
        gap_pct=relative_gap_pct(objective, bound),
        proven_optimal=proven,
        seconds=time.perf_counter() - started,
        heuristic_objective_eur=heuristic_value,
        heuristic_seconds=heuristic_seconds,
        status=status,
        reduced_nodes=reduced.n_nodes,
        reduced_edges=reduced.n_edges,
    )
