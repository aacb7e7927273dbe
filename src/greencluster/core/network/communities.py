"""Value networks: communities of the cluster graph (Leiden, seeded) and what holds each one
together.

Communities are found on the undirected graph of summed tie strengths
(:attr:`ClusterGraph.ties`) with the Leiden algorithm (Traag, Waltman & van Eck 2019,
"From Louvain to Leiden: guaranteeing well-connected communities", Scientific Reports 9:5233)
maximising modularity, as implemented by python-igraph. The same graph, seed and resolution
always give the same communities; they are numbered by size (largest first) and keyed by a
hash of their members, so that a coordinator's decision on a proposal can be found again in
a later run with the same members.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import igraph
import numpy as np
import numpy.typing as npt

from greencluster.core.network.edges import EdgeKind
from greencluster.core.network.graph import KINDS, ClusterGraph
from greencluster.core.network.nace_io import division

IntArray = npt.NDArray[np.int32]
IndexArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

DEFAULT_RESOLUTION = 1.0
MIN_SIZE = 3
TOP_FLOWS = 8
TOP_TRAITS = 5


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph draws its random numbers from one process-wide generator: give it a private,
    seeded one for the duration and put Python's back afterwards."""
    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def canonical_labels(raw: npt.ArrayLike) -> IntArray:
    """Relabel communities 0..k-1 by size (largest first), ties by their smallest node."""
    labels = np.asarray(raw, dtype=np.int64)
    n = len(labels)
    if n == 0:
        return np.empty(0, np.int32)
    _, inverse, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    first = np.full(len(sizes), n, dtype=np.int64)
    np.minimum.at(first, inverse, np.arange(n))
    order = np.lexsort((first, -sizes))
    rank = np.empty(len(order), np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    result: IntArray = rank[inverse]
    return result


def detect_communities(
    graph: ClusterGraph,
    *,
    seed: int = 0,
    resolution: float = DEFAULT_RESOLUTION,
    iterations: int = -1,
) -> IntArray:
    """Community label of every node (0 = the largest community). Nodes without ties are
    communities of their own. ``iterations`` -1 runs Leiden until a pass improves nothing."""
    if graph.n == 0:
        return np.empty(0, np.int32)
    if graph.ties.nnz == 0:
        return canonical_labels(np.arange(graph.n))
    g = graph.igraph
    with _seeded(seed):
        found = g.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=resolution,
            n_iterations=iterations,
        )
    return canonical_labels(found.membership)


def community_key(member_ids: Sequence[str]) -> str:
    """A stable key of a set of members ("vn-" and ten hex digits)."""
    digest = hashlib.sha1("\n".join(sorted(member_ids)).encode("utf-8")).hexdigest()
    return f"vn-{digest[:10]}"


@dataclass(frozen=True, slots=True)
class CoreFlow:
    """One of the strongest ties inside a value network."""

    source: str
    target: str
    kind: str
    class_id: str
    tonnes: float
    mwh: float
    value_eur: float
    strength: float


@dataclass(frozen=True, slots=True)
class ValueNetwork:
    """A proposed value network: its members (strongest locomotive first), the ties that hold
    it together and the traits its members share.

    ``cohesion`` is the share of the members' tie strength that stays inside the network.
    ``classes``, ``nace`` and ``mini_clusters`` are (name, count) pairs, most frequent first:
    resource classes on its internal edges, NACE divisions of its members, mini-clusters
    its members share (count = members in it)."""

    key: str
    number: int
    members: tuple[str, ...]
    in_scope_members: int
    internal_strength: float
    cohesion: float
    locomotives: tuple[str, ...]
    core_flows: tuple[CoreFlow, ...]
    classes: tuple[tuple[str, int], ...]
    nace: tuple[tuple[str, int], ...]
    mini_clusters: tuple[tuple[str, int], ...]
    kinds: tuple[tuple[str, int], ...]

    @property
    def size(self) -> int:
        return len(self.members)


def _top(counts: dict[str, int], k: int = TOP_TRAITS) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k])


def describe_communities(
    graph: ClusterGraph,
    labels: IntArray,
    *,
    ranking: Sequence[int] | None = None,
    suggested: frozenset[int] = frozenset(),
    min_size: int = MIN_SIZE,
    top_flows: int = TOP_FLOWS,
) -> list[ValueNetwork]:
    """The value networks of ``labels`` with at least ``min_size`` members, two of them in
    scope. ``ranking`` lists node indices by locomotive score (best first); ``suggested``
    holds the indices of suggested locomotives."""
    if graph.n == 0:
        return []
    k = int(labels.max()) + 1
    sizes = np.bincount(labels, minlength=k)
    scope_sizes = np.bincount(labels, weights=graph.in_scope.astype(np.float64), minlength=k)
    wanted = np.flatnonzero((sizes >= min_size) & (scope_sizes >= 2))
    if len(wanted) == 0:
        return []
    position = np.full(graph.n, graph.n, dtype=np.int64)
    if ranking is not None:
        position[np.asarray(ranking, dtype=np.int64)] = np.arange(len(ranking))
    s_lab, t_lab = labels[graph.source], labels[graph.target]
    internal = (s_lab == t_lab) & (graph.source != graph.target)
    strength = graph.strength
    internal_strength = np.bincount(s_lab[internal], weights=strength[internal], minlength=k)
    touching = np.bincount(s_lab, weights=strength, minlength=k) + np.bincount(
        t_lab, weights=strength, minlength=k
    )
    members_of = _group(labels, k)
    edges_of = _group(s_lab[internal], k, np.flatnonzero(internal))
    result: list[ValueNetwork] = []
    for number, c in enumerate(wanted.tolist(), start=1):
        members = members_of[c]
        members = members[np.lexsort((members, position[members]))]
        edges = edges_of[c]
        total = float(touching[c])
        cohesion = 2 * float(internal_strength[c]) / total if total > 0 else 0.0
        ids = tuple(graph.nodes[i].id for i in members.tolist())
        locomotives = tuple(graph.nodes[i].id for i in members.tolist() if i in suggested)
        result.append(
            ValueNetwork(
                key=community_key(ids),
                number=number,
                members=ids,
                in_scope_members=int(scope_sizes[c]),
                internal_strength=round(float(internal_strength[c]), 6),
                cohesion=round(min(cohesion, 1.0), 4),
                locomotives=locomotives or ids[:1],
                core_flows=_core_flows(graph, edges, top_flows),
                classes=_top(_class_counts(graph, edges)),
                nace=_top(_nace_counts(graph, members)),
                mini_clusters=_top(_mini_cluster_counts(graph, edges)),
                kinds=_top(_kind_counts(graph, edges), len(KINDS)),
            )
        )
    return result


def _group(
    keys: IntArray, k: int, values: npt.NDArray[np.int64] | None = None
) -> list[npt.NDArray[np.int64]]:
    """Split ``values`` (default: positions 0..len-1) by ``keys`` into k arrays."""
    items = np.arange(len(keys), dtype=np.int64) if values is None else values
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(k + 1))
    sorted_items = items[order]
    return [sorted_items[bounds[c] : bounds[c + 1]] for c in range(k)]


def _core_flows(graph: ClusterGraph, edges: IndexArray, top: int) -> tuple[CoreFlow, ...]:
    if len(edges) == 0:
        return ()
    flow_first = ~graph.is_flow[edges]
    volume = graph.tonnes[edges] + graph.mwh[edges]
    order = np.lexsort((-volume, -graph.strength[edges], flow_first))[:top]
    flows = []
    for j in edges[order].tolist():
        code = int(graph.class_code[j])
        flows.append(
            CoreFlow(
                source=graph.nodes[int(graph.source[j])].id,
                target=graph.nodes[int(graph.target[j])].id,
                kind=str(KINDS[int(graph.kind[j])]),
                class_id=graph.classes[code] if code >= 0 else "",
                tonnes=float(graph.tonnes[j]),
                mwh=float(graph.mwh[j]),
                value_eur=float(graph.value_eur[j]),
                strength=round(float(graph.strength[j]), 6),
            )
        )
    return tuple(flows)


def _class_counts(graph: ClusterGraph, edges: IndexArray) -> dict[str, int]:
    codes = graph.class_code[edges]
    codes = codes[codes >= 0]
    values, counts = np.unique(codes, return_counts=True)
    return {graph.classes[int(v)]: int(c) for v, c in zip(values, counts, strict=True)}


def _nace_counts(graph: ClusterGraph, members: IndexArray) -> dict[str, int]:
    counts: dict[str, int] = {}
    for i in members.tolist():
        for div in {division(code) for code in graph.nodes[i].nace_codes}:
            counts[div] = counts.get(div, 0) + 1
    return counts


def _mini_cluster_counts(graph: ClusterGraph, edges: IndexArray) -> dict[str, int]:
    mini = edges[graph.kind[edges] == KINDS.index(EdgeKind.MINI_CLUSTER)]
    mini = mini[graph.label_code[mini] >= 0]
    members: dict[str, set[int]] = {}
    for j in mini.tolist():
        label = graph.labels[int(graph.label_code[j])]
        members.setdefault(label, set()).update((int(graph.source[j]), int(graph.target[j])))
    return {label: len(nodes) for label, nodes in members.items()}


def _kind_counts(graph: ClusterGraph, edges: IndexArray) -> dict[str, int]:
    values, counts = np.unique(graph.kind[edges], return_counts=True)
    return {str(KINDS[int(v)]): int(c) for v, c in zip(values, counts, strict=True)}
