"""Edges the core can derive by itself: shared mini-clusters, NACE relations between
organisations, and potential flows from a matching result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from greencluster.core.geo import ROAD_DISTANCE_FACTOR, great_circle_km_array
from greencluster.core.matching.solve import MatchResult
from greencluster.core.matching.units import BASES
from greencluster.core.network.edges import Edge, EdgeKind
from greencluster.core.network.nace_io import covers, relations
from greencluster.core.network.problem import Node

NACE_PARTNERS_PER_NODE = 10


def mini_cluster_edges(groups: Mapping[str, Sequence[str]]) -> list[Edge]:
    """Undirected edges between every two members of each mini-cluster (label = the
    mini-cluster's name). Each edge weighs 1 / (members - 1), so that belonging to a
    mini-cluster ties a member with the same total strength whatever its size."""
    edges: list[Edge] = []
    for label, members in groups.items():
        unique = sorted(set(members))
        if len(unique) < 2:
            continue
        weight = 1.0 / (len(unique) - 1)
        for a in range(len(unique)):
            for b in range(a + 1, len(unique)):
                edges.append(
                    Edge(
                        unique[a],
                        unique[b],
                        EdgeKind.MINI_CLUSTER,
                        weight=weight,
                        label=label,
                        directed=False,
                    )
                )
    return edges


def nace_edges(
    nodes: Sequence[Node],
    *,
    per_node: int = NACE_PARTNERS_PER_NODE,
    road_factor: float = ROAD_DISTANCE_FACTOR,
) -> list[Edge]:
    """NACE_IO edges from each organisation to the organisations its activities typically
    supply (:mod:`.nace_io`), within the relation's reach (road km) when both are located,
    at most ``per_node`` nearest customers per supplier. ``label`` names the uses."""
    located = np.array([n.lat is not None and n.lon is not None for n in nodes], dtype=bool)
    lat = np.array([n.lat if n.lat is not None else np.nan for n in nodes], np.float64)
    lon = np.array([n.lon if n.lon is not None else np.nan for n in nodes], np.float64)
    table = relations()
    supplying: dict[int, list[int]] = {}
    customer_of: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        for r, relation in enumerate(table):
            if any(covers(relation.supplier, c) for c in node.nace_codes):
                supplying.setdefault(r, []).append(i)
            if any(covers(relation.customer, c) for c in node.nace_codes):
                customer_of.setdefault(r, []).append(i)
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for r, suppliers in supplying.items():
        customers = np.array(customer_of.get(r, []), dtype=np.int64)
        if len(customers) == 0:
            continue
        reach = table[r].max_distance_km
        for s in suppliers:
            others = customers[customers != s]
            if located[s]:
                km = great_circle_km_array(lat[s], lon[s], lat[others], lon[others]) * road_factor
                km = np.where(located[others], km, 0.0)
            else:
                km = np.zeros(len(others))
            for c, d in zip(others.tolist(), km.tolist(), strict=True):
                if d <= reach and ((s, c) not in best or best[(s, c)][0] > d):
                    best[(s, c)] = (d, r)
    by_supplier: dict[int, list[tuple[float, int, int]]] = {}
    for (s, c), (d, r) in best.items():
        by_supplier.setdefault(s, []).append((d, c, r))
    edges: list[Edge] = []
    for s in sorted(by_supplier):
        for _, c, r in sorted(by_supplier[s])[:per_node]:
            edges.append(
                Edge(
                    nodes[s].id,
                    nodes[c].id,
                    EdgeKind.NACE_IO,
                    label="; ".join(table[r].uses),
                )
            )
    return edges


def potential_flow_edges(result: MatchResult) -> list[Edge]:
    """One POTENTIAL_FLOW edge per suggested offer-need pair (offering organisation ->
    needing one): weight = score / 100, the flow in t or MWh per year, its value, the offer's
    class. A pair suggested to both sides counts once."""
    table, scored = result.table, result.scored
    seen: set[tuple[int, int]] = set()
    edges: list[Edge] = []
    for j in range(len(scored)):
        o, n = int(scored.offer[j]), int(scored.need[j])
        if (o, n) in seen:
            continue
        seen.add((o, n))
        flow = float(scored.flow_per_a[j])
        basis = BASES[int(scored.basis_code[j])] if scored.basis_code[j] >= 0 else ""
        value = float(scored.value_eur_per_a[j])
        edges.append(
            Edge(
                table.organizations[int(table.org_code[o])],
                table.organizations[int(table.org_code[n])],
                EdgeKind.POTENTIAL_FLOW,
                weight=float(scored.score[j]) / 100.0,
                tonnes=flow if basis == "t" and np.isfinite(flow) else 0.0,
                mwh=flow if basis == "MWh" and np.isfinite(flow) else 0.0,
                value_eur=value if np.isfinite(value) else 0.0,
                class_code=table.classes[int(table.class_code[o])],
                label=f"{table.ids[o]} -> {table.ids[n]}",
            )
        )
    return edges
