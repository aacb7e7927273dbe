"""Fast heuristic for the prize-collecting tree: grow by best prize-collecting paths, prune
exactly, re-span and repeat.

1. Grow: from the current tree (once also with every prize node connected, for pruning), a
   multi-source Dijkstra gives every node its cheapest path to the tree and the prizes still
   to collect along it; the path with the largest (prizes - cost) is
   added, and distances are updated incrementally from the new tree nodes. A street far away
   whose buildings only pay together is therefore reached as one path.
2. Prune: the best subtree of the grown tree (exact dynamic programme, flow costs included).
3. Re-span: a minimum spanning tree over the kept nodes, pruned again, replaces the tree if
   better. Steps 1-3 repeat while the objective improves.

Paths are shortest by fixed cost; their value counts each new node's peak times the flow cost
of its whole way to the root, which is exact for the tree the path is added to.
"""

from __future__ import annotations

import heapq
import math
import time

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree

from greencluster.core.heat.network import (
    PCSTInstance,
    Tree,
    prune_tree,
    tree_from_edges,
    tree_objective,
)


def grow(
    inst: PCSTInstance,
    start: Tree,
    adj: list[list[tuple[int, int]]],
    min_gain: float = 0.0,
    weight: list[float] | None = None,
) -> Tree:
    """Add best prize-collecting paths to ``start`` while the best has a value above
    ``min_gain`` (``-inf`` connects every prize node, for pruning afterwards). Paths are
    shortest by ``weight`` (default: the fixed edge costs); their value is exact."""
    fixed = inst.fixed.tolist()
    if weight is None:
        weight = fixed
    flow_cost = inst.flow_cost.tolist()
    prize = inst.prize.tolist()
    demand = inst.demand_kw.tolist()
    must = inst.must.tolist()
    n = inst.n_nodes
    in_tree = [False] * n
    parent = dict(start.parent)
    parent_edge = dict(start.parent_edge)
    order = list(start.nodes)
    # flow cost per kW from the root down to each node (exact for tree nodes and paths)
    per_kw = [0.0] * n
    for v in order:
        in_tree[v] = True
        if v != inst.root:
            per_kw[v] = per_kw[parent[v]] + flow_cost[parent_edge[v]]
    dist = [math.inf] * n
    cost = [0.0] * n
    acc = [0.0] * n
    pred = [-1] * n
    pred_edge = [-1] * n
    gains: list[tuple[float, int]] = []
    big = 1e18

    def relax(sources: list[int]) -> None:
        heap = [(0.0, s) for s in sources]
        for s in sources:
            dist[s] = 0.0
            cost[s] = 0.0
            acc[s] = 0.0
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for v, e in adj[u]:
                nd = d + weight[e]
                if nd < dist[v] and not in_tree[v]:
                    dist[v] = nd
                    cost[v] = cost[u] + fixed[e]
                    per_kw[v] = per_kw[u] + flow_cost[e]
                    acc[v] = acc[u] + prize[v] - demand[v] * per_kw[v] + (big if must[v] else 0.0)
                    pred[v] = u
                    pred_edge[v] = e
                    heapq.heappush(heap, (nd, v))
                    if prize[v] > 0 or must[v]:
                        heapq.heappush(gains, (-(acc[v] - cost[v]), v))

    relax(list(order))
    while gains:
        neg_gain, v = heapq.heappop(gains)
        if in_tree[v] or -neg_gain != acc[v] - cost[v]:
            continue
        if -neg_gain <= min_gain:
            break
        path = []
        while not in_tree[v]:
            path.append(v)
            v = pred[v]
        new_nodes = []
        for node in reversed(path):
            in_tree[node] = True
            parent[node] = pred[node]
            parent_edge[node] = pred_edge[node]
            order.append(node)
            new_nodes.append(node)
        relax(new_nodes)
    return Tree(tuple(order), parent, parent_edge)


def respan(inst: PCSTInstance, tree: Tree) -> Tree:
    """Minimum spanning tree (by fixed cost) of the graph induced by the tree's nodes."""
    nodes = set(tree.nodes)
    picks = [
        e
        for e in range(inst.n_edges)
        if int(inst.edge_u[e]) in nodes and int(inst.edge_v[e]) in nodes
    ]
    if not picks:
        return tree
    index = {v: i for i, v in enumerate(tree.nodes)}
    size = len(tree.nodes)
    lookup: dict[tuple[int, int], int] = {}
    for e in picks:
        r, c = index[int(inst.edge_u[e])], index[int(inst.edge_v[e])]
        key = (min(r, c), max(r, c))
        if key not in lookup or inst.fixed[e] < inst.fixed[lookup[key]]:
            lookup[key] = e
    # Zero weights would vanish from a sparse matrix: shift all by a tiny constant.
    keys = list(lookup)
    matrix = coo_matrix(
        (
            [float(inst.fixed[lookup[k]]) + 1e-9 for k in keys],
            ([k[0] for k in keys], [k[1] for k in keys]),
        ),
        shape=(size, size),
    ).tocsr()
    mst = minimum_spanning_tree(matrix).tocoo()
    chosen = [
        lookup[(min(int(r), int(c)), max(int(r), int(c)))]
        for r, c in zip(mst.row, mst.col, strict=True)
    ]
    return tree_from_edges(inst, chosen)


def _score(inst: PCSTInstance, tree: Tree) -> tuple[bool, float]:
    """(has every must-connect node, objective): feasibility first, then value."""
    nodes = set(tree.nodes)
    feasible = all(v in nodes for v in np.flatnonzero(inst.must).tolist())
    return feasible, tree_objective(inst, tree)


def _improve(
    inst: PCSTInstance, tree: Tree, adj: list[list[tuple[int, int]]], rounds: int
) -> tuple[Tree, tuple[bool, float]]:
    best, best_score = tree, _score(inst, tree)
    for _ in range(rounds):
        candidate = prune_tree(inst, respan(inst, best))
        candidate = prune_tree(inst, grow(inst, candidate, adj))
        score = _score(inst, candidate)
        if score <= (best_score[0], best_score[1] + 1e-9 * max(1.0, abs(best_score[1]))):
            break
        best, best_score = candidate, score
    return best, best_score


def solve_heuristic(
    inst: PCSTInstance,
    rounds: int = 4,
    time_budget_s: float = 0.0,
    seed: int = 0,
    patience: int = 20,
    guide: np.ndarray | None = None,
) -> tuple[Tree, float]:
    """Best tree found and its objective (including ``inst.offset``).

    ``guide`` (per edge, 0..1, e.g. the LP relaxation's use of each edge) makes edges the LP
    likes cheaper to grow along. After the deterministic constructions, seeded restarts with
    edge weights perturbed by ±15 % run for up to ``time_budget_s`` or ``patience`` restarts
    without improvement. Trees that miss a must-connect node lose to any tree that has them.
    """
    started = time.perf_counter()
    adj = inst.adjacency()
    root_only = Tree((inst.root,), {inst.root: -1}, {inst.root: -1})
    best, best_score = root_only, _score(inst, root_only)
    # Growing only by profitable paths, and connecting everything then pruning (which sees
    # subtrees that only pay together).
    base = inst.fixed.copy()
    weightings: list[list[float] | None] = [None]
    if guide is not None:
        for strength in (1.0, 0.7):
            weightings.append((base * np.clip(1.0 - strength * guide, 0.01, 1.0)).tolist())
        base = base * np.clip(1.0 - guide, 0.01, 1.0)
    for weight in weightings:
        for min_gain in (0.0, -math.inf):
            grown = grow(inst, root_only, adj, min_gain=min_gain, weight=weight)
            tree, score = _improve(inst, prune_tree(inst, grown), adj, rounds)
            if score > best_score:
                best, best_score = tree, score
    rng = np.random.default_rng(seed)
    stale = 0
    while time.perf_counter() - started < time_budget_s and stale < patience:
        noisy = (base * rng.uniform(0.85, 1.15, inst.n_edges)).tolist()
        min_gain = -math.inf if rng.random() < 0.5 else 0.0
        grown = grow(inst, root_only, adj, min_gain=min_gain, weight=noisy)
        tree, score = _improve(inst, prune_tree(inst, grown), adj, rounds)
        if score > (best_score[0], best_score[1] + 1e-9 * max(1.0, abs(best_score[1]))):
            best, best_score, stale = tree, score, 0
        else:
            stale += 1
    return best, best_score[1]
