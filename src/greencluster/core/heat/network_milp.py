"""Exact prize-collecting tree MILP with HiGHS, and the plain flow MILP used as a baseline.

The model (``arborescence``) on an instance rooted at r, for every edge {u, v} two arcs:

    max  sum_v prize_v z_v - sum_a fixed_a y_a - sum_a flowcost_a f_a
    s.t. sum_{a into v} y_a = z_v                     v != r   (one parent per node in the tree)
         y_uv + y_vu <= z_u,  y_uv + y_vu <= z_v      u, v != r (arcs only between tree nodes)
         sum_{a into v} f_a - sum_{a out of v} f_a = d_v z_v      v != r   (peak flow)
         f_a <= (D - d_tail) y_a                                  (flow only on built arcs)
         z_r = 1, z_v = 1 for must-connect nodes; y, z binary; f >= 0

The in-degree and 2-cycle rows make the LP relaxation pay one whole parent edge for every node
it uses, which a plain flow model does not; presolve (see ``network.presolve``) and a heuristic
start do the rest. The baseline (``plain_flow``) is the textbook model: one binary per edge,
flows in both directions bounded by D times it, flow conservation, and nothing else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import highspy
import numpy as np
from scipy.sparse import coo_matrix

from greencluster.core.heat.network import (
    PCSTInstance,
    Tree,
    arc_capacities,
    subtree_demand,
    tree_from_edges,
)
from greencluster.core.highs import new_highs

Formulation = Literal["arborescence", "plain_flow"]


@dataclass(frozen=True, slots=True)
class MilpOutcome:
    tree: Tree | None
    objective: float | None
    bound: float
    status: str
    seconds: float
    optimal: bool
    edge_values: np.ndarray | None = None


def solve_milp(
    inst: PCSTInstance,
    *,
    time_limit_s: float,
    start: Tree | None = None,
    formulation: Formulation = "arborescence",
    mip_rel_gap: float = 1e-4,
    threads: int = 1,
    seed: int = 0,
    relax: bool = False,
    lp_solver: str = "choose",
) -> MilpOutcome:
    """Solve (or with ``relax`` only bound by the LP relaxation) the instance with HiGHS."""
    started = time.perf_counter()
    n, m = inst.n_nodes, inst.n_edges
    root = inst.root
    total_demand = float(inst.demand_kw.sum() - inst.demand_kw[root])
    tails = np.concatenate([inst.edge_u, inst.edge_v])
    heads = np.concatenate([inst.edge_v, inst.edge_u])
    n_arcs = 2 * m
    plain = formulation == "plain_flow"
    n_y = m if plain else n_arcs
    y0, f0, z0 = 0, n_y, n_y + n_arcs
    n_cols = z0 + n
    cost = np.zeros(n_cols)
    lower = np.zeros(n_cols)
    upper = np.ones(n_cols)
    if plain:
        cost[:m] = -inst.fixed
    else:
        cost[:n_arcs] = -np.concatenate([inst.fixed, inst.fixed])
        upper[:n_arcs][heads == root] = 0.0
    cost[f0 : f0 + n_arcs] = -np.concatenate([inst.flow_cost, inst.flow_cost])
    upper[f0 : f0 + n_arcs] = max(total_demand, 0.0)
    upper[f0 : f0 + n_arcs][heads == root] = 0.0
    cost[z0 : z0 + n] = inst.prize
    lower[z0 : z0 + n][inst.must] = 1.0
    lower[z0 + root] = 1.0

    r_idx: list[int] = []
    c_idx: list[int] = []
    vals: list[float] = []
    row_lo: list[float] = []
    row_hi: list[float] = []

    def add_row(entries: list[tuple[int, float]], lo: float, hi: float) -> None:
        row = len(row_lo)
        for col, val in entries:
            r_idx.append(row)
            c_idx.append(col)
            vals.append(val)
        row_lo.append(lo)
        row_hi.append(hi)

    into: list[list[int]] = [[] for _ in range(n)]
    out: list[list[int]] = [[] for _ in range(n)]
    for a in range(n_arcs):
        into[int(heads[a])].append(a)
        out[int(tails[a])].append(a)
    demand = inst.demand_kw.tolist()
    for v in range(n):
        if v == root:
            continue
        add_row(
            [(f0 + a, 1.0) for a in into[v]]
            + [(f0 + a, -1.0) for a in out[v]]
            + [(z0 + v, -demand[v])],
            0.0,
            0.0,
        )
        if not plain:
            add_row([(y0 + a, 1.0) for a in into[v]] + [(z0 + v, -1.0)], 0.0, 0.0)
    if plain:
        caps = total_demand - np.where(tails == root, 0.0, inst.demand_kw[tails])
    else:
        caps, backwards = arc_capacities(inst)
        upper[:n_arcs][backwards] = 0.0
    for a in range(n_arcs):
        y_col = y0 + (a % m if plain else a)
        add_row([(f0 + a, 1.0), (y_col, -max(float(caps[a]), 0.0))], -np.inf, 0.0)
    if not plain:
        for e in range(m):
            u, v = int(inst.edge_u[e]), int(inst.edge_v[e])
            for end in (u, v):
                if end != root:
                    add_row([(y0 + e, 1.0), (y0 + m + e, 1.0), (z0 + end, -1.0)], -np.inf, 0.0)

    matrix = coo_matrix((vals, (r_idx, c_idx)), shape=(len(row_lo), n_cols)).tocsc()
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = len(row_lo)
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.array(row_lo)
    lp.row_upper_ = np.array(row_hi)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    if not relax:
        kinds = [highspy.HighsVarType.kContinuous] * n_cols
        for col in list(range(y0, y0 + n_y)) + list(range(z0, z0 + n)):
            kinds[col] = highspy.HighsVarType.kInteger
        lp.integrality_ = kinds

    h = new_highs(time_limit_s=max(0.1, time_limit_s), threads=threads, seed=seed)
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    if relax:
        h.setOptionValue("solver", lp_solver)
    h.passModel(lp)
    if start is not None and not relax:
        h.setSolution(_start_vector(inst, start, n_cols, y0, f0, z0, plain))
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    seconds = time.perf_counter() - started
    if relax:
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return MilpOutcome(None, None, np.inf, status, seconds, False)
        bound = float(info.objective_function_value) + inst.offset
        lp_values = np.asarray(h.getSolution().col_value)
        edge_values = lp_values[y0 : y0 + m] + (0.0 if plain else lp_values[y0 + m : y0 + 2 * m])
        return MilpOutcome(None, None, bound, status, seconds, False, edge_values)
    values = np.asarray(h.getSolution().col_value)
    has_solution = info.primal_solution_status == 2 and len(values) == n_cols
    bound = float(info.mip_dual_bound) + inst.offset
    if not has_solution:
        return MilpOutcome(None, None, bound, status, seconds, False)
    if plain:
        chosen = [e for e in range(m) if values[y0 + e] > 0.5]
    else:
        chosen = [a % m for a in range(n_arcs) if values[y0 + a] > 0.5]
    tree = tree_from_edges(inst, chosen)
    objective = float(info.objective_function_value) + inst.offset
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return MilpOutcome(tree, objective, bound, status, seconds, optimal)


def _start_vector(
    inst: PCSTInstance, tree: Tree, n_cols: int, y0: int, f0: int, z0: int, plain: bool
) -> highspy.HighsSolution:
    m = inst.n_edges
    values = np.zeros(n_cols)
    demand = subtree_demand(inst, tree)
    for v in tree.nodes:
        values[z0 + v] = 1.0
    for v in tree.nodes[1:]:
        e = tree.parent_edge[v]
        parent = tree.parent[v]
        arc = e if int(inst.edge_u[e]) == parent else e + m
        values[y0 + (e if plain else arc)] = 1.0
        values[f0 + arc] = demand[v]
    solution = highspy.HighsSolution()
    solution.col_value = values.tolist()
    solution.value_valid = True
    return solution
