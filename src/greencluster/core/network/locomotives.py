"""Locomotive companies: the organisations much of the network depends on.

Five measures per organisation, each scaled to 0-1 by the largest value among the organisations
in scope, are combined with the weights of :data:`WEIGHTS` (GreenCluster defaults,
docs/network.md); a measure no organisation has (e.g. flow volume in a network without flows)
drops out and the others are reweighted:

* **volume**: its share of the network's flow (tonnes, MWh or EUR per year, whichever share
  is largest) over potential and realised flow edges, in and out;
* **partners**: how many organisations it is tied to by any edge;
* **diversity**: distinct NACE divisions among its partners plus distinct resource classes on
  its edges;
* **betweenness**: the share of shortest paths between other organisations that pass through
  it (hop count; exact up to :data:`EXACT_BETWEENNESS_NODES` nodes, estimated from a seeded
  sample of source nodes beyond, as Brandes & Pich 2007 "Centrality estimation in large
  networks" describe);
* **value-chain share**: the share of its value network's internal tie strength it takes
  part in.

An organisation is *suggested* as a locomotive when it is in scope, its score is at least
:data:`SUGGEST_SHARE` of the best and it ranks within the first :func:`max_suggested`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from greencluster.core.network.graph import ClusterGraph
from greencluster.core.network.nace_io import division

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]

WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"volume": 0.30, "partners": 0.20, "diversity": 0.15, "betweenness": 0.20, "chain": 0.15}
)
EXACT_BETWEENNESS_NODES = 5_000
BETWEENNESS_SAMPLE = 64
SUGGEST_SHARE = 0.6


def max_suggested(in_scope: int) -> int:
    """At most one suggestion per ten organisations in scope, at least one, at most 10."""
    return max(1, min(10, math.ceil(in_scope / 10)))


@dataclass(frozen=True, slots=True)
class Locomotive:
    """The ranking of one organisation (rank 1 = the strongest locomotive).

    ``volume_share`` is the largest of its shares of the network's tonnes, MWh and EUR
    flowing; ``betweenness`` the share of shortest paths between other organisations through
    it; ``chain_share`` its share of its value network's internal ties (``community`` is the
    community label, -1 when it belongs to none)."""

    node: str
    rank: int
    score: float
    suggested: bool
    tonnes_per_a: float
    mwh_per_a: float
    value_eur_per_a: float
    volume_share: float
    partners: int
    partner_divisions: int
    classes: int
    betweenness: float
    chain_share: float
    community: int
    components: tuple[tuple[str, float], ...]

    def explain(self) -> str:
        """One English sentence of the measures that make it a locomotive, strongest first."""
        parts = []
        for name, _ in self.components:
            if name == "volume" and self.volume_share > 0:
                parts.append(f"{self.volume_share:.0%} of the network's flow{_amounts(self)}")
            elif name == "partners" and self.partners:
                text = f"{self.partners} partners"
                if self.partner_divisions:
                    text += f" in {self.partner_divisions} industries (NACE)"
                if self.classes:
                    text += f" over {self.classes} resource classes"
                parts.append(text)
            elif name == "betweenness" and self.betweenness > 0:
                parts.append(f"on {self.betweenness:.1%} of the paths between other members")
            elif name == "chain" and self.chain_share > 0:
                parts.append(f"{self.chain_share:.0%} of its value network's ties")
        return "; ".join(parts) if parts else "no ties in the network"


def _amounts(item: Locomotive) -> str:
    amounts = []
    if item.tonnes_per_a:
        amounts.append(f"{item.tonnes_per_a:,.0f} t/a")
    if item.mwh_per_a:
        amounts.append(f"{item.mwh_per_a:,.0f} MWh/a")
    if item.value_eur_per_a:
        amounts.append(f"{item.value_eur_per_a:,.0f} EUR/a")
    return f" ({', '.join(amounts)})" if amounts else ""


def _incident_sum(
    graph: ClusterGraph, values: FloatArray, mask: npt.NDArray[np.bool_]
) -> FloatArray:
    weights = values[mask]
    out = np.bincount(graph.source[mask], weights=weights, minlength=graph.n)
    out = out + np.bincount(graph.target[mask], weights=weights, minlength=graph.n)
    return np.asarray(out, dtype=np.float64)


def _distinct_pairs(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], n: int) -> IntArray:
    """How many distinct b each a has."""
    if len(a) == 0:
        return np.zeros(n, np.int32)
    pairs = np.unique(a * (int(b.max()) + 1) + b)
    result: IntArray = np.bincount(pairs // (int(b.max()) + 1), minlength=n).astype(np.int32)
    return result


def betweenness_share(
    graph: ClusterGraph, *, seed: int = 0, sample: int = BETWEENNESS_SAMPLE
) -> FloatArray:
    """Share of shortest paths (hop count, undirected) between other nodes through each node;
    exact up to :data:`EXACT_BETWEENNESS_NODES` nodes, else from ``sample`` seeded sources."""
    n = graph.n
    if n < 3 or graph.ties.nnz == 0:
        return np.zeros(n)
    g = graph.igraph
    if n <= EXACT_BETWEENNESS_NODES:
        raw = np.asarray(g.betweenness(directed=False), dtype=np.float64)
    else:
        rng = np.random.default_rng(seed)
        sources = rng.choice(n, size=min(sample, n), replace=False)
        # With sources only, each pair is counted from one end: scale by n / k, as if every
        # node were a source, then halve (an undirected pair is counted from both ends).
        partial = np.asarray(g.betweenness(directed=False, sources=sources.tolist()), np.float64)
        raw = partial * (n / len(sources)) / 2.0
    pairs = (n - 1) * (n - 2) / 2.0
    result: FloatArray = raw / pairs
    return result


def rank_locomotives(
    graph: ClusterGraph,
    labels: IntArray,
    *,
    seed: int = 0,
    betweenness: FloatArray | None = None,
) -> list[Locomotive]:
    """Every organisation in scope, strongest locomotive first (ties by node order)."""
    n = graph.n
    if n == 0:
        return []
    flow = graph.is_flow
    tonnes = _incident_sum(graph, graph.tonnes, flow)
    mwh = _incident_sum(graph, graph.mwh, flow)
    value = _incident_sum(graph, graph.value_eur, flow)
    shares = np.zeros(n)
    for node_total, column in ((tonnes, graph.tonnes), (mwh, graph.mwh), (value, graph.value_eur)):
        total = float(column[flow].sum())
        if total > 0:
            shares = np.maximum(shares, node_total / total)
    ties = graph.ties
    partners = np.diff(ties.indptr).astype(np.int32)
    partner_divisions = _partner_divisions(graph)
    classes = _edge_classes(graph)
    between = betweenness if betweenness is not None else betweenness_share(graph, seed=seed)
    chain = _chain_share(graph, labels)
    measures = {
        "volume": shares,
        "partners": partners.astype(np.float64),
        "diversity": (partner_divisions + classes).astype(np.float64),
        "betweenness": between,
        "chain": chain,
    }
    scope = graph.in_scope
    scaled: dict[str, FloatArray] = {}
    for name, values in measures.items():
        top = float(values[scope].max()) if scope.any() else 0.0
        if top > 0:
            scaled[name] = values / top
    weight_sum = sum(WEIGHTS[name] for name in scaled) or 1.0
    score = np.zeros(n)
    for name, values in scaled.items():
        score += WEIGHTS[name] / weight_sum * values
    candidates = np.flatnonzero(scope)
    order = candidates[np.lexsort((candidates, -score[candidates]))]
    best = float(score[order[0]]) if len(order) else 0.0
    limit = max_suggested(len(candidates))
    names = list(scaled)
    contribution = (
        np.column_stack([WEIGHTS[name] / weight_sum * scaled[name] for name in names])
        if names
        else np.zeros((n, 0))
    )
    strongest = np.argsort(-contribution, axis=1, kind="stable")
    result = []
    for rank, i in enumerate(order.tolist(), start=1):
        row = contribution[i]
        components = tuple(
            (names[k], round(float(row[k]), 4)) for k in strongest[i].tolist() if row[k] > 0
        )
        result.append(
            Locomotive(
                node=graph.nodes[i].id,
                rank=rank,
                score=round(float(score[i]), 4),
                suggested=bool(best > 0 and rank <= limit and score[i] >= SUGGEST_SHARE * best),
                tonnes_per_a=float(tonnes[i]),
                mwh_per_a=float(mwh[i]),
                value_eur_per_a=float(value[i]),
                volume_share=round(float(shares[i]), 4),
                partners=int(partners[i]),
                partner_divisions=int(partner_divisions[i]),
                classes=int(classes[i]),
                betweenness=round(float(between[i]), 6),
                chain_share=round(float(chain[i]), 4),
                community=int(labels[i]) if len(labels) else -1,
                components=components,
            )
        )
    return result


def _partner_divisions(graph: ClusterGraph) -> IntArray:
    """Distinct NACE divisions among each node's partners (by each partner's main code, the
    first it lists)."""
    codes: dict[str, int] = {}
    main = np.array(
        [
            codes.setdefault(division(n.nace_codes[0]), len(codes)) if n.nace_codes else -1
            for n in graph.nodes
        ],
        dtype=np.int64,
    )
    ties = graph.ties.tocoo()
    partner = main[ties.col]
    known = partner >= 0
    return _distinct_pairs(ties.row[known].astype(np.int64), partner[known], graph.n)


def _edge_classes(graph: ClusterGraph) -> IntArray:
    has = graph.class_code >= 0
    if not has.any():
        return np.zeros(graph.n, np.int32)
    a = np.concatenate([graph.source[has], graph.target[has]]).astype(np.int64)
    b = np.concatenate([graph.class_code[has], graph.class_code[has]]).astype(np.int64)
    return _distinct_pairs(a, b, graph.n)


def _chain_share(graph: ClusterGraph, labels: IntArray) -> FloatArray:
    if graph.m == 0 or len(labels) == 0:
        return np.zeros(graph.n)
    s_lab, t_lab = labels[graph.source], labels[graph.target]
    internal = (s_lab == t_lab) & (graph.source != graph.target)
    strength = graph.strength
    k = int(labels.max()) + 1
    total = np.bincount(s_lab[internal], weights=strength[internal], minlength=k)
    node = _incident_sum(graph, strength, internal)
    denominator = total[labels]
    result: FloatArray = np.divide(node, denominator, out=np.zeros(graph.n), where=denominator > 0)
    return result


def ranking_indices(graph: ClusterGraph, ranking: Sequence[Locomotive]) -> list[int]:
    return [graph.index[item.node] for item in ranking]
