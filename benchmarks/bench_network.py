"""Value-network analytics benchmark: communities, locomotive ranking and gaps at scale.

Workload (seeded, :func:`workload`): ``n`` organisations in planted value networks of
lognormal size (mean about 100) around one or two hubs each; ``m`` edges, 45 % touching a hub
of their network, 25 % inside a network, 30 % between random organisations; kinds drawn as
15 % realised flows, 35 % potential flows, 15 % meetings, 5 % agreements, 10 % shared
mini-clusters, 20 % NACE relations; flows carry lognormal tonnes; every organisation has one
NACE code of the relation table; 10 % are outside the scope (candidates).

Contenders on the same graph, each once in a fresh process (time includes building the graph
from arrays, not generating it):

- **GreenCluster**: ``ClusterGraph.from_arrays`` + ``analyse_graph`` (igraph Leiden on the
  scipy tie matrix, seed 0; locomotive ranking with betweenness from 64 seeded sources;
  value-network descriptions; NACE-activity gaps with candidates).
- **baseline: networkx 3.6** Louvain communities (seed 0) and betweenness from 64 sampled
  sources on the same weighted undirected graph: what a Python prototype would use. Run on
  the two smaller sizes only: at 100,000 organisations and 2,000,000 edges it needs more
  than the 60 s target for building its graph and one Louvain pass alone.

Quality: modularity of the partition (on the same weighted graph, igraph's formula) and its
normalised mutual information (NMI) with the planted value networks.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from benchmarks.harness import measure_in_process

SIZES = [(10_000, 200_000), (30_000, 600_000), (100_000, 2_000_000)]
BASELINE_SIZES = {(10_000, 200_000), (30_000, 600_000)}
TARGET_S = 60.0
KIND_SHARES = {  # EdgeKind order: potential, realised, meeting, agreement, mini, nace
    "potential_flow": 0.35,
    "realised_flow": 0.15,
    "meeting": 0.15,
    "agreement": 0.05,
    "mini_cluster": 0.10,
    "nace_io": 0.20,
}


def workload(n: int, m: int, seed: int = 0) -> dict[str, Any]:
    """Arrays of a synthetic cluster graph and its planted value networks."""
    from greencluster.core.network.graph import KINDS
    from greencluster.core.network.nace_io import relations

    rng = np.random.default_rng(seed)
    sizes = np.maximum(5, rng.lognormal(np.log(80), 0.6, size=n // 20).astype(np.int64))
    sizes = sizes[np.cumsum(sizes) <= n]
    sizes = np.append(sizes, n - sizes.sum()) if sizes.sum() < n else sizes
    planted = np.repeat(np.arange(len(sizes)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    hubs = np.stack([starts, starts + np.minimum(1, sizes - 1)], axis=1)
    kind_of = rng.random(m)
    src = rng.integers(0, n, m)
    group = planted[src]
    inside = starts[group] + (rng.random(m) * sizes[group]).astype(np.int64)
    hub = hubs[group, rng.integers(0, 2, m)]
    roll = rng.random(m)
    dst = np.where(roll < 0.45, hub, np.where(roll < 0.70, inside, rng.integers(0, n, m)))
    keep = src != dst
    src, dst, kind_of = src[keep], dst[keep], kind_of[keep]
    cuts = np.cumsum([KIND_SHARES[str(k)] for k in KINDS])
    kind = np.searchsorted(cuts, kind_of * cuts[-1]).astype(np.int8)
    flows = kind <= 1
    tonnes = np.where(flows, rng.lognormal(5.0, 1.5, len(src)), 0.0)
    codes = sorted({r.supplier for r in relations()} | {r.customer for r in relations()})
    nace = rng.choice(codes, size=n)
    in_scope = rng.random(n) >= 0.10
    return {
        "source": src,
        "target": dst,
        "kind": kind,
        "tonnes": tonnes,
        "nace": nace,
        "in_scope": in_scope,
        "planted": planted,
        "lat": 60.0 + rng.random(n) * 5.0,
        "lon": 21.0 + rng.random(n) * 8.0,
    }


def _graph(data: dict[str, Any]) -> Any:
    from greencluster.core.network.graph import ClusterGraph
    from greencluster.core.network.problem import Node

    nodes = [
        Node(str(i), nace_codes=(str(code),), lat=float(la), lon=float(lo), in_scope=bool(s))
        for i, (code, la, lo, s) in enumerate(
            zip(data["nace"], data["lat"], data["lon"], data["in_scope"], strict=True)
        )
    ]
    return ClusterGraph.from_arrays(
        nodes, data["source"], data["target"], data["kind"], tonnes=data["tonnes"]
    )


def _quality(graph: Any, labels: Any, planted: Any) -> tuple[float, float]:
    import igraph

    g = graph.igraph
    modularity = g.modularity(list(map(int, labels)), weights="weight")
    nmi = igraph.compare_communities(list(map(int, labels)), list(map(int, planted)), "nmi")
    return float(modularity), float(nmi)


def ours(n: int, m: int) -> dict[str, Any]:
    from greencluster.core.network.analysis import analyse_graph

    data = workload(n, m)
    start = time.perf_counter()
    graph = _graph(data)
    _ = graph.ties
    built = time.perf_counter() - start
    result = analyse_graph(graph, seed=0)
    seconds = time.perf_counter() - start
    modularity, nmi = _quality(graph, result.labels, data["planted"])
    return {
        "seconds": seconds,
        "build_s": built,
        "edges": graph.m,
        "communities": len(set(result.labels.tolist())),
        "networks": len(result.networks),
        "gaps": len(result.gaps),
        "suggested": sum(1 for item in result.locomotives if item.suggested),
        "modularity": modularity,
        "nmi": nmi,
    }


def baseline(n: int, m: int) -> dict[str, Any]:
    import networkx as nx

    data = workload(n, m)
    start = time.perf_counter()
    graph = _graph(data)
    ties = graph.ties.tocoo()
    nxg = nx.Graph()
    nxg.add_nodes_from(range(n))
    upper = ties.row < ties.col
    nxg.add_weighted_edges_from(
        zip(
            ties.row[upper].tolist(),
            ties.col[upper].tolist(),
            ties.data[upper].tolist(),
            strict=True,
        )
    )
    parts = nx.community.louvain_communities(nxg, weight="weight", seed=0)
    nx.betweenness_centrality(nxg, k=64, seed=0, normalized=True)
    seconds = time.perf_counter() - start
    labels = np.empty(n, np.int64)
    for c, members in enumerate(parts):
        labels[list(members)] = c
    modularity, nmi = _quality(graph, labels, data["planted"])
    return {
        "seconds": seconds,
        "edges": graph.m,
        "communities": len(parts),
        "modularity": modularity,
        "nmi": nmi,
    }


def run() -> str:
    lines = [
        "## Network: locomotives, value networks and gaps at scale",
        "",
        __doc__.split("\n\n", 1)[1].strip() if __doc__ else "",
        "",
        "| organisations | edges | contender | wall s | of which graph build s | communities | "
        "value networks (>= 3) | suggested locomotives | gaps | modularity | NMI vs planted | "
        "peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, m in SIZES:
        if (n, m) in BASELINE_SIZES:
            base = measure_in_process(baseline, n, m)
            v = base.value
            lines.append(
                f"| {n:,} | {v['edges']:,} | baseline: networkx Louvain + sampled betweenness | "
                f"{v['seconds']:.1f} | | {v['communities']:,} | | | | {v['modularity']:.3f} | "
                f"{v['nmi']:.3f} | {base.peak_rss_mib:.0f} |"
            )
        mine = measure_in_process(ours, n, m)
        v = mine.value
        lines.append(
            f"| {n:,} | {v['edges']:,} | GreenCluster (igraph Leiden, scipy) | "
            f"{v['seconds']:.1f} | {v['build_s']:.1f} | {v['communities']:,} | "
            f"{v['networks']:,} | {v['suggested']} | {v['gaps']} | {v['modularity']:.3f} | "
            f"{v['nmi']:.3f} | {mine.peak_rss_mib:.0f} |"
        )
    lines += [
        "",
        f"Target: 100,000 organisations and 2,000,000 edges in at most {TARGET_S:.0f} s on this "
        "machine (the GreenCluster row at that size). Command: "
        "`python -m benchmarks.run network`.",
    ]
    return "\n".join(lines)
