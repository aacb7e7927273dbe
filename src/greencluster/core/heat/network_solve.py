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

import heapq
import math
import time
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from greencluster.core.heat.network import (
    PCSTInstance,
    Tree,
    expand_tree,
    presolve,
    prune_tree,
    tree_from_edges,
    tree_objective,
)
from greencluster.core.heat.network_heuristic import solve_heuristic
from greencluster.core.heat.network_milp import solve_milp

Method = Literal["auto", "milp", "heuristic", "plain_flow"]
SIMPLEX_MAX_EDGES = 6000


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


def shortest_flow_cost_per_kw(inst: PCSTInstance) -> np.ndarray:
    """Cheapest flow cost per kW from the root to every node (Dijkstra on ``flow_cost``)."""
    adj = inst.adjacency()
    weight = inst.flow_cost.tolist()
    dist = [math.inf] * inst.n_nodes
    dist[inst.root] = 0.0
    heap = [(0.0, inst.root)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, e in adj[u]:
            nd = d + weight[e]
            if nd < dist[v]:
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    return np.array(dist)


def _solve_shortest_path_relaxation(
    inst: PCSTInstance, time_limit_s: float, mip_rel_gap: float, threads: int, seed: int
) -> tuple[float, Tree | None]:
    """Upper bound and a candidate tree from the relaxation that charges every node's peak the
    cheapest flow cost from the plant instead of the cost along its tree path.

    A tree path is never cheaper than the shortest path, so the relaxation's optimum (and its
    bound) bounds the real problem from above; without flow costs it presolves much further
    (buildings merge into streets) and its LP is tight. Its best tree, re-costed with the real
    flow costs and pruned exactly, is a good real solution.
    """
    per_kw = shortest_flow_cost_per_kw(inst)
    finite = np.isfinite(per_kw)
    prize = np.where(finite, inst.prize - inst.demand_kw * np.where(finite, per_kw, 0.0), 0.0)
    relaxed = replace(inst, prize=prize, flow_cost=np.zeros_like(inst.flow_cost))
    reduced = presolve(relaxed)
    tree, _ = solve_heuristic(
        reduced, time_budget_s=min(10.0, max(0.2, 0.05 * time_limit_s)), seed=seed
    )
    if reduced.n_edges:
        outcome = solve_milp(
            reduced,
            time_limit_s=max(0.5, time_limit_s),
            start=tree,
            mip_rel_gap=mip_rel_gap,
            threads=threads,
            seed=seed,
        )
        bound = outcome.bound
        if outcome.tree is not None:
            tree = outcome.tree
    else:
        bound = tree_objective(reduced, tree)
    _, edges = expand_tree(reduced, tree)
    candidate = prune_tree(inst, tree_from_edges(inst, edges))
    return bound, candidate


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
            outcome.optimal and relative_gap_pct(objective, outcome.bound) <= 1e-2,
            time.perf_counter() - started,
            None,
            None,
            outcome.status,
            inst.n_nodes,
            inst.n_edges,
        )
    reduced = presolve(inst)
    lp = None
    # The LP relaxation bounds the heuristic and guides it; interior point on large instances.
    if reduced.n_edges:
        lp = solve_milp(
            reduced,
            time_limit_s=time_limit_s if method == "heuristic" else 0.4 * time_limit_s,
            relax=True,
            threads=threads,
            seed=seed,
            lp_solver="ipm" if reduced.n_edges > SIMPLEX_MAX_EDGES else "choose",
        )
    budget = min(15.0, max(0.2, 0.05 * time_limit_s))
    h_started = time.perf_counter()
    tree, value = solve_heuristic(
        reduced,
        time_budget_s=budget,
        seed=seed,
        guide=None if lp is None else lp.edge_values,
    )
    heuristic_seconds = time.perf_counter() - h_started
    heuristic_value = value
    status = "heuristic"
    candidate: Tree | None = None
    bound = math.inf if lp is None else lp.bound
    left = max(0.5, time_limit_s - (time.perf_counter() - started))
    within_target = relative_gap_pct(value, bound) <= 100.0 * mip_rel_gap
    if method == "heuristic" or reduced.n_edges == 0 or within_target:
        if reduced.n_edges == 0:
            bound, status = value, "trivial"
        elif within_target and method != "heuristic":
            status = "heuristic within target gap of the LP bound"
    else:
        relaxed_bound = math.inf
        if bool(np.any(inst.flow_cost > 0)):
            relaxed_bound, candidate = _solve_shortest_path_relaxation(
                inst, 0.4 * left, mip_rel_gap, threads, seed
            )
            left = max(0.5, time_limit_s - (time.perf_counter() - started))
        outcome = solve_milp(
            reduced,
            time_limit_s=left,
            start=tree,
            mip_rel_gap=mip_rel_gap,
            threads=threads,
            seed=seed,
        )
        bound = min(bound, outcome.bound)
        status = outcome.status
        if outcome.tree is not None and outcome.objective is not None:
            milp_value = tree_objective(reduced, outcome.tree)
            if milp_value > value:
                tree, value = outcome.tree, milp_value
        bound = min(bound, relaxed_bound)
    bound = max(bound, value)
    node_list, edge_list = expand_tree(reduced, tree)
    original = tree_from_edges(inst, edge_list)
    objective = tree_objective(inst, original)
    if method != "heuristic" and candidate is not None:
        candidate_value = tree_objective(inst, candidate)
        if candidate_value > objective:
            original, objective = candidate, candidate_value
            node_list = list(candidate.nodes)
            edge_list = [candidate.parent_edge[v] for v in candidate.nodes[1:]]
    bound = max(bound, objective)
    # proven: optimal within HiGHS' default relative gap (0.01 %), whatever the target was
    proven = relative_gap_pct(objective, bound) <= 1e-2
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
