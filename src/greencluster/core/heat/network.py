"""District-heating network as a prize-collecting tree problem: graph, values, presolve, trees.

Nodes are the plant (the root), the candidate buildings and route junctions; edges are trench
routes. Connecting building ``v`` earns ``prize[v]`` (present value of its heat margin and fees
less its connection and boiler capacity); building edge ``e`` costs ``fixed[e]`` (trench and the
present value of its heat loss) plus ``flow_cost[e]`` per kW of peak it carries (bigger pipes
cost more). The network maximises prizes minus costs over trees rooted at the plant, so on a
tree the flow cost of an edge is ``flow_cost[e] * sum of the peaks downstream``.

Routes come from a street graph (buildings and plant tee into their nearest segment) or, with
no street graph, from the Delaunay triangulation of plant and buildings (a planar neighbourhood
graph that contains the Euclidean minimum spanning tree) with straight lengths times the
project's detour factor.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import Delaunay, QhullError, cKDTree

from greencluster.core.geo import EARTH_RADIUS_KM

_M_PER_DEGREE = math.pi / 180.0 * EARTH_RADIUS_KM * 1000.0
"""Metres per degree of latitude on the mean Earth sphere."""


def project_local_m(
    lat: Sequence[float] | np.ndarray, lon: Sequence[float] | np.ndarray, lat0: float, lon0: float
) -> tuple[np.ndarray, np.ndarray]:
    """Equirectangular projection to metres around (lat0, lon0); error < 0.1 % within 20 km."""
    lat_a = np.asarray(lat, dtype=float)
    lon_a = np.asarray(lon, dtype=float)
    k = _M_PER_DEGREE
    return (lon_a - lon0) * k * math.cos(math.radians(lat0)), (lat_a - lat0) * k


def local_to_latlon(x_m: float, y_m: float, lat0: float, lon0: float) -> tuple[float, float]:
    """The inverse of :func:`project_local_m`: WGS84 (lat, lon) of local metres (x_m, y_m)."""
    k = _M_PER_DEGREE
    return lat0 + y_m / k, lon0 + x_m / (k * math.cos(math.radians(lat0)))


@dataclass(frozen=True)
class RouteGraph:
    """A route graph in local metres. Node 0 is the plant; ``customer_node[i]`` is the node of
    customer ``i``. Edges are undirected (u, v, length_m)."""

    x_m: np.ndarray
    y_m: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    length_m: np.ndarray
    customer_node: tuple[int, ...]

    @property
    def n_nodes(self) -> int:
        return len(self.x_m)

    @property
    def n_edges(self) -> int:
        return len(self.edge_u)


def euclidean_graph(
    plant_xy: tuple[float, float], customers_xy: np.ndarray, detour_factor: float
) -> RouteGraph:
    """Delaunay neighbourhood graph of plant + buildings, lengths x ``detour_factor``."""
    points = np.vstack([np.asarray(plant_xy, dtype=float)[None, :], customers_xy])
    n = len(points)
    pairs: set[tuple[int, int]] = set()
    try:
        if n < 3:
            raise QhullError("too few points")
        tri = Delaunay(points)
        for simplex in tri.simplices:
            a, b, c = (int(s) for s in simplex)
            for u, v in ((a, b), (b, c), (a, c)):
                pairs.add((min(u, v), max(u, v)))
    except QhullError:
        k = min(n - 1, 8)
        if k > 0:
            _, idx = cKDTree(points).query(points, k=k + 1)
            for u in range(n):
                for v in np.atleast_1d(idx[u])[1:]:
                    pairs.add((min(u, int(v)), max(u, int(v))))
    edges = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    lengths = np.hypot(*(points[edges[:, 0]] - points[edges[:, 1]]).T) * detour_factor
    return RouteGraph(
        points[:, 0],
        points[:, 1],
        edges[:, 0],
        edges[:, 1],
        lengths,
        tuple(range(1, n)),
    )


def street_graph(
    plant_xy: tuple[float, float],
    customers_xy: np.ndarray,
    segments_xy: np.ndarray,
    snap_m: float = 0.5,
) -> RouteGraph:
    """Street graph from segments (rows x1, y1, x2, y2 in metres); plant and every building get
    a service pipe to the nearest point of their nearest segment, which is split there.

    End points closer than ``snap_m`` are the same junction.
    """
    seg = np.asarray(segments_xy, dtype=float).reshape(-1, 4)
    ends = np.vstack([seg[:, :2], seg[:, 2:]])
    keys = np.round(ends / snap_m).astype(np.int64)
    _, junction = np.unique(keys, axis=0, return_inverse=True)
    junction = junction.ravel()
    n_junctions = int(junction.max()) + 1 if len(junction) else 0
    jx = np.zeros(n_junctions)
    jy = np.zeros(n_junctions)
    jx[junction] = ends[:, 0]
    jy[junction] = ends[:, 1]
    seg_a = junction[: len(seg)]
    seg_b = junction[len(seg) :]
    sites = np.vstack([np.asarray(plant_xy, dtype=float)[None, :], customers_xy])
    seg_of, t_of, px, py = _nearest_segment(sites, seg)

    xs = [*np.asarray(sites[:, 0]).tolist(), *jx.tolist()]
    ys = [*np.asarray(sites[:, 1]).tolist(), *jy.tolist()]
    offset = len(sites)
    edges: list[tuple[int, int, float]] = []
    taps: dict[int, list[tuple[float, int]]] = {}
    for site in range(len(sites)):
        tee = len(xs)
        xs.append(float(px[site]))
        ys.append(float(py[site]))
        edges.append(
            (site, tee, float(math.hypot(sites[site, 0] - px[site], sites[site, 1] - py[site])))
        )
        taps.setdefault(int(seg_of[site]), []).append((float(t_of[site]), tee))
    for s in range(len(seg)):
        chain = [(0.0, offset + int(seg_a[s]))]
        chain += sorted(taps.get(s, []))
        chain.append((1.0, offset + int(seg_b[s])))
        for (_, a), (_, b) in itertools.pairwise(chain):
            if a != b:
                edges.append((a, b, float(math.hypot(xs[a] - xs[b], ys[a] - ys[b]))))
    arr = np.array([(a, b) for a, b, _ in edges], dtype=np.int64).reshape(-1, 2)
    lengths = np.array([w for _, _, w in edges], dtype=float)
    return RouteGraph(
        np.array(xs),
        np.array(ys),
        arr[:, 0],
        arr[:, 1],
        lengths,
        tuple(range(1, len(sites))),
    )


def _nearest_segment(
    sites: np.ndarray, seg: np.ndarray, candidates: int = 6
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each site: nearest segment, the position along it (0..1) and the projected point.

    Candidates come from a KD-tree of points sampled every <= 20 m along all segments."""
    lengths = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    counts = np.maximum(1, np.ceil(lengths / 20.0).astype(np.int64)) + 1
    owner = np.repeat(np.arange(len(seg)), counts)
    frac = np.concatenate([np.linspace(0.0, 1.0, c) for c in counts])
    sx = seg[owner, 0] + frac * (seg[owner, 2] - seg[owner, 0])
    sy = seg[owner, 1] + frac * (seg[owner, 3] - seg[owner, 1])
    k = min(candidates, len(sx))
    _, idx = cKDTree(np.column_stack([sx, sy])).query(sites, k=k)
    idx = np.asarray(idx).reshape(len(sites), k)
    cand = owner[idx]
    ax, ay = seg[cand, 0], seg[cand, 1]
    dx, dy = seg[cand, 2] - ax, seg[cand, 3] - ay
    denom = np.where(dx * dx + dy * dy > 0, dx * dx + dy * dy, 1.0)
    t = np.clip(((sites[:, [0]] - ax) * dx + (sites[:, [1]] - ay) * dy) / denom, 0.0, 1.0)
    qx, qy = ax + t * dx, ay + t * dy
    dist = np.hypot(sites[:, [0]] - qx, sites[:, [1]] - qy)
    best = np.argmin(dist, axis=1)
    rows = np.arange(len(sites))
    return cand[rows, best], t[rows, best], qx[rows, best], qy[rows, best]


# --- the prize-collecting tree instance -------------------------------------------------------


@dataclass(frozen=True)
class PCSTInstance:
    """Prize-collecting tree problem on an undirected graph, rooted at ``root``.

    ``must[v]`` forces node ``v`` into the tree. For a reduced instance, ``members[v]`` are the
    original nodes node ``v`` stands for, ``node_edges[v]`` the original edges built whenever
    ``v`` is in the tree, ``edge_members[e]`` the original edges of reduced edge ``e``, and
    ``offset`` the objective of what presolve already fixed.
    """

    root: int
    prize: np.ndarray
    demand_kw: np.ndarray
    must: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    fixed: np.ndarray
    flow_cost: np.ndarray
    members: tuple[tuple[int, ...], ...] = ()
    node_edges: tuple[tuple[int, ...], ...] = ()
    edge_members: tuple[tuple[int, ...], ...] = ()
    offset: float = 0.0

    @property
    def n_nodes(self) -> int:
        return len(self.prize)

    @property
    def n_edges(self) -> int:
        return len(self.edge_u)

    def adjacency(self) -> list[list[tuple[int, int]]]:
        adj: list[list[tuple[int, int]]] = [[] for _ in range(self.n_nodes)]
        for e, (u, v) in enumerate(zip(self.edge_u.tolist(), self.edge_v.tolist(), strict=True)):
            adj[u].append((v, e))
            adj[v].append((u, e))
        return adj


@dataclass(frozen=True)
class Tree:
    """A tree of an instance: ``parent_edge[v]`` is the edge to v's parent (-1 for the root and
    for nodes not in the tree); ``nodes`` are the nodes in the tree, root first."""

    nodes: tuple[int, ...]
    parent: dict[int, int]
    parent_edge: dict[int, int]


def tree_from_edges(inst: PCSTInstance, edges: Sequence[int]) -> Tree:
    """Root the edge set at ``inst.root``; parts not reachable from the root are dropped."""
    adj: dict[int, list[tuple[int, int]]] = {}
    for e in edges:
        u, v = int(inst.edge_u[e]), int(inst.edge_v[e])
        adj.setdefault(u, []).append((v, e))
        adj.setdefault(v, []).append((u, e))
    order = [inst.root]
    parent = {inst.root: -1}
    parent_edge = {inst.root: -1}
    for u in order:
        for v, e in adj.get(u, []):
            if v not in parent:
                parent[v] = u
                parent_edge[v] = e
                order.append(v)
    return Tree(tuple(order), parent, parent_edge)


def subtree_demand(inst: PCSTInstance, tree: Tree) -> dict[int, float]:
    demand = {v: float(inst.demand_kw[v]) for v in tree.nodes}
    for v in reversed(tree.nodes[1:]):
        demand[tree.parent[v]] += demand[v]
    return demand


def tree_objective(inst: PCSTInstance, tree: Tree) -> float:
    """Prizes minus fixed and flow-dependent edge costs of ``tree`` plus the instance offset."""
    demand = subtree_demand(inst, tree)
    value = inst.offset + sum(float(inst.prize[v]) for v in tree.nodes)
    for v in tree.nodes[1:]:
        e = tree.parent_edge[v]
        value -= float(inst.fixed[e]) + float(inst.flow_cost[e]) * demand[v]
    return value


def prune_tree(inst: PCSTInstance, tree: Tree) -> Tree:
    """Best subtree of ``tree`` containing the root (exact for a fixed tree).

    On a tree the flow cost splits by node: node v pays ``demand[v]`` times the flow cost of its
    path to the root, so a subtree is kept iff its value net of its own edge is positive.
    """
    path_cost = {inst.root: 0.0}
    for v in tree.nodes[1:]:
        path_cost[v] = path_cost[tree.parent[v]] + float(inst.flow_cost[tree.parent_edge[v]])
    keep_value = {
        v: float(inst.prize[v]) - float(inst.demand_kw[v]) * path_cost[v] for v in tree.nodes
    }
    forced = {v: bool(inst.must[v]) for v in tree.nodes}
    for v in reversed(tree.nodes[1:]):
        p = tree.parent[v]
        net = keep_value[v] - float(inst.fixed[tree.parent_edge[v]])
        if net > 0 or forced[v]:
            keep_value[p] += net
            forced[p] = forced[p] or forced[v]
        else:
            keep_value[v] = -math.inf
    kept = [inst.root]
    kept_set = {inst.root}
    for v in tree.nodes[1:]:
        if keep_value[v] != -math.inf and tree.parent[v] in kept_set:
            kept.append(v)
            kept_set.add(v)
    return Tree(
        tuple(kept),
        {v: tree.parent[v] for v in kept},
        {v: tree.parent_edge[v] for v in kept},
    )


@dataclass
class _Work:
    """Mutable working copy used only inside :func:`presolve`."""

    adj: list[dict[int, int]]
    prize: list[float]
    demand: list[float]
    must: list[bool]
    alive: list[bool]
    fixed: list[float]
    flow: list[float]
    eu: list[int]
    ev: list[int]
    edge_alive: list[bool]
    members: list[list[int]]
    node_edges: list[list[int]]
    edge_members: list[list[int]]
    offset: float = 0.0


def presolve(inst: PCSTInstance) -> PCSTInstance:
    """Reduce the instance without changing its optimum.

    - drop everything not connected to the root;
    - a leaf whose prize cannot pay its own edge is dropped (with its edge);
    - with no flow-dependent costs, a profitable leaf is merged into its neighbour (it is in
      every optimal tree that contains the neighbour);
    - a leaf of the root that is profitable is fixed in the tree;
    - a node with no prize, no demand and two edges becomes one edge (path contraction), or is
      dropped when a cheaper parallel edge exists; prize-less leaves are dropped.

    The result's ``members``, ``node_edges`` and ``edge_members`` map back to ``inst``.
    """
    n = inst.n_nodes
    w = _Work(
        adj=[{} for _ in range(n)],
        prize=inst.prize.astype(float).tolist(),
        demand=inst.demand_kw.astype(float).tolist(),
        must=inst.must.astype(bool).tolist(),
        alive=[True] * n,
        fixed=inst.fixed.astype(float).tolist(),
        flow=inst.flow_cost.astype(float).tolist(),
        eu=inst.edge_u.tolist(),
        ev=inst.edge_v.tolist(),
        edge_alive=[True] * inst.n_edges,
        members=[[v] for v in range(n)],
        node_edges=[[] for _ in range(n)],
        edge_members=[[e] for e in range(inst.n_edges)],
        offset=inst.offset,
    )
    for e in range(inst.n_edges):
        u, v = w.eu[e], w.ev[e]
        if u == v:
            w.edge_alive[e] = False
            continue
        other = w.adj[u].get(v)
        if other is not None:
            if (w.fixed[e], w.flow[e]) < (w.fixed[other], w.flow[other]):
                w.edge_alive[other] = False
            else:
                w.edge_alive[e] = False
                continue
        w.adj[u][v] = e
        w.adj[v][u] = e
    _drop_unreachable(w, inst.root)
    no_flow_costs = not any(f > 0 for f in w.flow)
    queue = [v for v in range(n) if w.alive[v] and v != inst.root]
    while queue:
        v = queue.pop()
        if not w.alive[v] or v == inst.root:
            continue
        degree = len(w.adj[v])
        if degree == 0:
            if w.must[v]:
                continue
            _kill(w, v)
        elif degree == 1:
            ((u, e),) = w.adj[v].items()
            gain = w.prize[v] - w.fixed[e] - w.flow[e] * w.demand[v]
            if gain <= 0 and not w.must[v]:
                _kill(w, v)
                queue.append(u)
            elif no_flow_costs or u == inst.root:
                _merge_leaf(w, v, u, e)
                queue.append(u)
        elif degree == 2 and w.prize[v] == 0 and w.demand[v] == 0 and not w.must[v]:
            (a, e1), (b, e2) = w.adj[v].items()
            fixed, flow = w.fixed[e1] + w.fixed[e2], w.flow[e1] + w.flow[e2]
            existing = w.adj[a].get(b)
            if existing is not None:
                if w.fixed[existing] <= fixed and w.flow[existing] <= flow:
                    _kill(w, v)
                    queue.extend((a, b))
                continue
            new = len(w.fixed)
            w.fixed.append(fixed)
            w.flow.append(flow)
            w.eu.append(a)
            w.ev.append(b)
            w.edge_alive.append(True)
            w.edge_members.append(w.edge_members[e1] + w.edge_members[e2])
            _kill(w, v)
            w.adj[a][b] = new
            w.adj[b][a] = new
    return _compact(inst, w)


def _drop_unreachable(w: _Work, root: int) -> None:
    seen = {root}
    stack = [root]
    while stack:
        u = stack.pop()
        for v in w.adj[u]:
            if v not in seen:
                seen.add(v)
                stack.append(v)
    for v in range(len(w.alive)):
        if v not in seen:
            w.alive[v] = False
            for u, e in list(w.adj[v].items()):
                w.edge_alive[e] = False
                del w.adj[u][v]
            w.adj[v].clear()


def _kill(w: _Work, v: int) -> None:
    for u, e in list(w.adj[v].items()):
        w.edge_alive[e] = False
        del w.adj[u][v]
    w.adj[v].clear()
    w.alive[v] = False


def _merge_leaf(w: _Work, v: int, u: int, e: int) -> None:
    w.prize[u] += w.prize[v] - w.fixed[e] - w.flow[e] * w.demand[v]
    w.demand[u] += w.demand[v]
    w.must[u] = w.must[u] or w.must[v]
    w.members[u].extend(w.members[v])
    w.node_edges[u].extend(w.edge_members[e] + w.node_edges[v])
    w.edge_alive[e] = False
    del w.adj[u][v]
    w.adj[v].clear()
    w.alive[v] = False


def _compact(inst: PCSTInstance, w: _Work) -> PCSTInstance:
    old_nodes = [v for v in range(len(w.alive)) if w.alive[v]]
    index = {v: i for i, v in enumerate(old_nodes)}
    old_edges = [
        e for e in range(len(w.fixed)) if w.edge_alive[e] and w.alive[w.eu[e]] and w.alive[w.ev[e]]
    ]

    def arr(values: list[float], picks: list[int]) -> np.ndarray:
        return np.array([values[i] for i in picks], dtype=float)

    base_members = inst.members or tuple((v,) for v in range(inst.n_nodes))
    base_node_edges = inst.node_edges or tuple(() for _ in range(inst.n_nodes))
    base_edge_members = inst.edge_members or tuple((e,) for e in range(inst.n_edges))
    return PCSTInstance(
        root=index[inst.root],
        prize=arr(w.prize, old_nodes),
        demand_kw=arr(w.demand, old_nodes),
        must=np.array([w.must[v] for v in old_nodes], dtype=bool),
        edge_u=np.array([index[w.eu[e]] for e in old_edges], dtype=np.int64),
        edge_v=np.array([index[w.ev[e]] for e in old_edges], dtype=np.int64),
        fixed=arr(w.fixed, old_edges),
        flow_cost=arr(w.flow, old_edges),
        members=tuple(tuple(m for o in w.members[v] for m in base_members[o]) for v in old_nodes),
        node_edges=tuple(
            tuple(
                [x for o in w.members[v] for x in base_node_edges[o]]
                + [x for e in w.node_edges[v] for x in base_edge_members[e]]
            )
            for v in old_nodes
        ),
        edge_members=tuple(
            tuple(x for e0 in w.edge_members[e] for x in base_edge_members[e0]) for e in old_edges
        ),
        offset=w.offset,
    )


def expand_tree(reduced: PCSTInstance, tree: Tree) -> tuple[list[int], list[int]]:
    """Original (nodes, edges) of a tree of a presolved instance."""
    nodes: list[int] = []
    edges: list[int] = []
    for v in tree.nodes:
        nodes.extend(reduced.members[v])
        edges.extend(reduced.node_edges[v])
        if v != reduced.root:
            edges.extend(reduced.edge_members[tree.parent_edge[v]])
    return nodes, edges


def arc_capacities(inst: PCSTInstance) -> tuple[np.ndarray, np.ndarray]:
    """Upper bound of the peak flow on each arc (arc e is u->v, arc m+e is v->u), and which
    arcs point back towards the root across a bridge (never used by a rooted tree).

    On a bridge the flow away from the root is at most the demand beyond it and the flow towards
    the root is zero; elsewhere it is the total demand less the tail's own. Found with one
    depth-first search (Tarjan's low-link), iteratively.
    """
    n, m = inst.n_nodes, inst.n_edges
    demand = inst.demand_kw.astype(float)
    total = float(demand.sum() - demand[inst.root])
    tails = np.concatenate([inst.edge_u, inst.edge_v])
    caps = total - np.where(tails == inst.root, 0.0, demand[tails])
    adj = inst.adjacency()
    order = [-1] * n
    low = [0] * n
    below = demand.copy()
    parent_edge = [-1] * n
    backwards = np.zeros(2 * m, dtype=bool)
    counter = 0
    order[inst.root] = 0
    low[inst.root] = 0
    stack: list[tuple[int, int]] = [(inst.root, 0)]
    while stack:
        u, i = stack[-1]
        if i < len(adj[u]):
            stack[-1] = (u, i + 1)
            v, e = adj[u][i]
            if e == parent_edge[u]:
                continue
            if order[v] == -1:
                counter += 1
                order[v] = low[v] = counter
                parent_edge[v] = e
                stack.append((v, 0))
            else:
                low[u] = min(low[u], order[v])
        else:
            stack.pop()
            if stack:
                p = stack[-1][0]
                low[p] = min(low[p], low[u])
                below[p] += below[u]
                if low[u] > order[p]:
                    e = parent_edge[u]
                    away, back = (e, e + m) if int(inst.edge_u[e]) == p else (e + m, e)
                    caps[away] = min(caps[away], below[u])
                    caps[back] = 0.0
                    backwards[back] = True
    return np.maximum(caps, 0.0), backwards
