"""One call from a network problem to locomotives, value networks and gaps.

result = analyse(problem, seed=0)
document = analysis_to_dict(result)   # what the CLI writes and the web app stores
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from greencluster.core.network.communities import (
    DEFAULT_RESOLUTION,
    MIN_SIZE,
    ValueNetwork,
    describe_communities,
    detect_communities,
)
from greencluster.core.network.gaps import RecruitTarget, find_gaps
from greencluster.core.network.graph import KINDS, ClusterGraph, build_graph
from greencluster.core.network.locomotives import Locomotive, rank_locomotives
from greencluster.core.network.problem import NetworkProblem

FORMAT = "greencluster.network"
VERSION = 1


@dataclass(frozen=True, eq=False)
class NetworkAnalysis:
    graph: ClusterGraph
    labels: Any
    locomotives: tuple[Locomotive, ...]
    networks: tuple[ValueNetwork, ...]
    gaps: tuple[RecruitTarget, ...]
    seed: int
    resolution: float
    seconds: float


def analyse(
    problem: NetworkProblem,
    *,
    seed: int = 0,
    resolution: float = DEFAULT_RESOLUTION,
    min_size: int = MIN_SIZE,
) -> NetworkAnalysis:
    """Locomotives, value networks and recruit targets of ``problem`` (reproducible for a
    given ``seed``)."""
    start = time.perf_counter()
    graph = build_graph(problem.nodes, problem.edges)
    return analyse_graph(
        graph, problem, seed=seed, resolution=resolution, min_size=min_size, start=start
    )


def analyse_graph(
    graph: ClusterGraph,
    problem: NetworkProblem | None = None,
    *,
    seed: int = 0,
    resolution: float = DEFAULT_RESOLUTION,
    min_size: int = MIN_SIZE,
    start: float | None = None,
) -> NetworkAnalysis:
    """As :func:`analyse`, on a graph already built (``problem`` supplies the listings)."""
    began = time.perf_counter() if start is None else start
    labels = detect_communities(graph, seed=seed, resolution=resolution)
    locomotives = rank_locomotives(graph, labels, seed=seed)
    ranking = [graph.index[item.node] for item in locomotives]
    suggested = frozenset(graph.index[item.node] for item in locomotives if item.suggested)
    networks = describe_communities(
        graph, labels, ranking=ranking, suggested=suggested, min_size=min_size
    )
    gaps = find_gaps(graph, locomotives, networks, problem.listings if problem else ())
    return NetworkAnalysis(
        graph=graph,
        labels=labels,
        locomotives=tuple(locomotives),
        networks=tuple(networks),
        gaps=tuple(gaps),
        seed=seed,
        resolution=resolution,
        seconds=time.perf_counter() - began,
    )


def analysis_to_dict(result: NetworkAnalysis, *, edges: bool = False) -> dict[str, Any]:
    """The analysis as JSON-ready data: nodes, locomotives (with explanations), value
    networks and recruit targets (and, with ``edges``, every edge). Quantities are per
    year."""
    graph = result.graph
    document = {
        "format": FORMAT,
        "version": VERSION,
        "seed": result.seed,
        "resolution": result.resolution,
        "node_count": graph.n,
        "edge_count": graph.m,
        "edge_kinds": _edge_kind_counts(graph),
        "nodes": [
            {
                "id": node.id,
                "name": node.label,
                "nace_codes": list(node.nace_codes),
                "region": node.region,
                "in_scope": node.in_scope,
                "lat": node.lat,
                "lon": node.lon,
                "value_network": int(result.labels[i]) if len(result.labels) else -1,
            }
            for i, node in enumerate(graph.nodes)
        ],
        "locomotives": [
            {**asdict(item), "components": dict(item.components), "explanation": item.explain()}
            for item in result.locomotives
        ],
        "value_networks": [_network_dict(network) for network in result.networks],
        "gaps": [asdict(target) for target in result.gaps],
    }
    if edges:
        document["edges"] = edge_rows(graph)
    return document


def edge_rows(graph: ClusterGraph) -> list[dict[str, Any]]:
    """Every edge: its ends (node ids), kind, class, quantities, strength and label."""
    rows = []
    for j in range(graph.m):
        code, label = int(graph.class_code[j]), int(graph.label_code[j])
        rows.append(
            {
                "source": graph.nodes[int(graph.source[j])].id,
                "target": graph.nodes[int(graph.target[j])].id,
                "kind": str(KINDS[int(graph.kind[j])]),
                "class_id": graph.classes[code] if code >= 0 else "",
                "tonnes": float(graph.tonnes[j]),
                "mwh": float(graph.mwh[j]),
                "value_eur": float(graph.value_eur[j]),
                "strength": round(float(graph.strength[j]), 6),
                "label": graph.labels[label] if label >= 0 else "",
                "directed": bool(graph.directed[j]),
            }
        )
    return rows


def _network_dict(network: ValueNetwork) -> dict[str, Any]:
    data = asdict(network)
    for key in ("classes", "nace", "mini_clusters", "kinds"):
        data[key] = [{"name": name, "count": count} for name, count in data[key]]
    return data


def _edge_kind_counts(graph: ClusterGraph) -> dict[str, int]:
    counts = np.bincount(graph.kind, minlength=len(KINDS))
    return {str(kind): int(counts[k]) for k, kind in enumerate(KINDS) if counts[k]}
