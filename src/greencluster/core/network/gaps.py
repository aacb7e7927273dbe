"""Gaps in the cluster: which actors to recruit, and whom.

Four kinds of gap, each turned into a :class:`RecruitTarget` (an actor type: a resource class
or a NACE activity, in a region) with the members behind it and candidate organisations from
outside the analysed scope (other clusters of the installation, imported registers):

* ``supplier``: needs that no member's offer can meet (no compatible offer in scope within
  the rule's reach and the members' own limits);
* ``taker``: offers that no member's need takes;
* ``outside_input``: flows into a locomotive from an organisation outside the scope or from
  another region;
* ``activity``: NACE activities that typically supply or take from a value network's members
  (:mod:`.nace_io`) but that no member of that value network carries out.

Priority (higher first) adds, per item behind a target: 2 per unmet need (4 when a locomotive
has it), 2.5 per outside input of a locomotive, 1 per untaken offer, and per value network
lacking an activity 0.5 per member related to it, at most 3 (0.25 and at most 1.5 when
another member in scope carries it out), the highest of the value networks lacking it. These
are GreenCluster defaults that rank locomotives' needs first, as cluster development does
(docs/network.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from greencluster.core.geo import ROAD_DISTANCE_FACTOR, great_circle_km_array
from greencluster.core.matching.candidates import find_candidates
from greencluster.core.matching.problem import (
    Compatibility,
    Listing,
    ListingTable,
    TaxonomyCompatibility,
)
from greencluster.core.network.communities import ValueNetwork
from greencluster.core.network.graph import ClusterGraph
from greencluster.core.network.locomotives import Locomotive
from greencluster.core.network.nace_io import (
    covers,
    division,
    producers_of,
    relations_as_customer,
    relations_as_supplier,
    users_of,
)
from greencluster.core.network.problem import Node

MAX_CANDIDATES = 5
ACTIVITIES_PER_NETWORK = 5
SEARCH_TOP_K = 20


@dataclass(frozen=True, slots=True)
class Candidate:
    """An organisation outside the scope that could fill a gap; ``reason`` is "listing"
    (it lists a matching offer or need), "supplies" (it already supplies the locomotive) or
    "activity" (it carries out one of the NACE activities of the target)."""

    node: str
    distance_km: float | None
    reason: str


@dataclass(frozen=True, slots=True)
class RecruitTarget:
    kind: str
    class_id: str
    activities: tuple[str, ...]
    region: str
    priority: float
    organisations: tuple[str, ...]
    locomotives: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    value_networks: tuple[str, ...] = ()
    tonnes_per_a: float = 0.0
    mwh_per_a: float = 0.0
    in_scope_elsewhere: bool = False
    candidates: tuple[Candidate, ...] = ()


@dataclass
class _Draft:
    kind: str
    class_id: str
    activities: tuple[str, ...]
    region: str
    priority: float = 0.0
    organisations: dict[str, None] = field(default_factory=dict)
    locomotives: dict[str, None] = field(default_factory=dict)
    listings: list[str] = field(default_factory=list)
    value_networks: dict[str, None] = field(default_factory=dict)
    tonnes_per_a: float = 0.0
    mwh_per_a: float = 0.0
    in_scope_elsewhere: bool = False
    found: dict[str, tuple[float | None, str]] = field(default_factory=dict)


_Drafter = Callable[[str, str, tuple[str, ...], str], _Draft]


class _Places:
    """Node coordinates for distance ranking."""

    def __init__(self, nodes: Sequence[Node]):
        self.index = {node.id: i for i, node in enumerate(nodes)}
        self.lat = np.array([np.nan if n.lat is None else n.lat for n in nodes], np.float64)
        self.lon = np.array([np.nan if n.lon is None else n.lon for n in nodes], np.float64)

    def centre(self, ids: Iterable[str]) -> tuple[float, float] | None:
        rows = [self.index[i] for i in ids if i in self.index]
        lat, lon = self.lat[rows], self.lon[rows]
        ok = ~np.isnan(lat)
        if not ok.any():
            return None
        return float(lat[ok].mean()), float(lon[ok].mean())

    def road_km(self, centre: tuple[float, float] | None, ids: Sequence[str]) -> list[float | None]:
        if centre is None or not ids:
            return [None] * len(ids)
        rows = np.array([self.index[i] for i in ids])
        km = great_circle_km_array(centre[0], centre[1], self.lat[rows], self.lon[rows])
        return [None if np.isnan(d) else round(float(d) * ROAD_DISTANCE_FACTOR, 1) for d in km]


def find_gaps(
    graph: ClusterGraph,
    locomotives: Sequence[Locomotive],
    networks: Sequence[ValueNetwork],
    listings: Sequence[Listing] = (),
    *,
    compat: Compatibility | None = None,
    max_candidates: int = MAX_CANDIDATES,
) -> list[RecruitTarget]:
    """Recruit targets, highest priority first."""
    nodes = {node.id: node for node in graph.nodes}
    suggested = {item.node for item in locomotives if item.suggested}
    drafts: dict[tuple[str, str, tuple[str, ...], str], _Draft] = {}

    def draft(kind: str, class_id: str, activities: tuple[str, ...], region: str) -> _Draft:
        key = (kind, class_id, activities, region)
        if key not in drafts:
            drafts[key] = _Draft(kind, class_id, activities, region)
        return drafts[key]

    _listing_gaps(listings, nodes, suggested, draft, compat or TaxonomyCompatibility())
    _outside_inputs(graph, suggested, draft)
    _missing_activities(graph, networks, draft)
    places = _Places(graph.nodes)
    out_of_scope: dict[str, list[Node]] = {}
    for node in graph.nodes:
        if not node.in_scope:
            for div in {division(c) for c in node.nace_codes}:
                out_of_scope.setdefault(div, []).append(node)
    targets = [_finish(d, places, out_of_scope, max_candidates) for d in drafts.values()]
    targets.sort(key=lambda t: (-t.priority, t.kind, t.class_id, t.activities, t.region))
    return targets


def _region(nodes: dict[str, Node], node_id: str) -> str:
    node = nodes.get(node_id)
    return node.region if node is not None else ""


def _in_scope(nodes: dict[str, Node], node_id: str) -> bool:
    node = nodes.get(node_id)
    return node is not None and node.in_scope


def _listing_gaps(
    listings: Sequence[Listing],
    nodes: dict[str, Node],
    suggested: set[str],
    draft: _Drafter,
    compat: Compatibility,
) -> None:
    """Needs no in-scope offer meets, offers no in-scope need takes."""
    if not listings:
        return
    table = ListingTable.from_listings(listings)
    pairs = find_candidates(table, compat, top_k=SEARCH_TOP_K)
    org_of = [table.organizations[c] for c in table.org_code.tolist()]
    partners: dict[int, list[tuple[int, float]]] = {}
    for s, p, km in zip(
        pairs.source.tolist(), pairs.partner.tolist(), pairs.distance_km.tolist(), strict=True
    ):
        partners.setdefault(s, []).append((p, km))
    for i, item in enumerate(listings):
        if not _in_scope(nodes, item.organization):
            continue
        found = partners.get(i, [])
        if any(_in_scope(nodes, org_of[p]) for p, _ in found):
            continue
        need = item.role == "need"
        kind = "supplier" if need else "taker"
        activities = producers_of(item.class_id) if need else users_of(item.class_id)
        target = draft(kind, item.class_id, activities, _region(nodes, item.organization))
        locomotive = item.organization in suggested
        target.priority += (4.0 if locomotive else 2.0) if need else 1.0
        target.organisations[item.organization] = None
        if locomotive:
            target.locomotives[item.organization] = None
        target.listings.append(item.id)
        if item.quantity_per_a is not None and item.basis == "t":
            target.tonnes_per_a += item.quantity_per_a
        elif item.quantity_per_a is not None and item.basis == "MWh":
            target.mwh_per_a += item.quantity_per_a
        for p, km in found:
            org = org_of[p]
            if org not in target.found or (target.found[org][0] or 1e18) > km:
                target.found[org] = (round(km, 1), "listing")


def _outside_inputs(graph: ClusterGraph, suggested: set[str], draft: _Drafter) -> None:
    """Flows into a suggested locomotive from outside the scope or from another region."""
    if not suggested:
        return
    rows = np.flatnonzero(graph.is_flow)
    for j in rows.tolist():
        source = graph.nodes[int(graph.source[j])]
        target = graph.nodes[int(graph.target[j])]
        if target.id not in suggested:
            continue
        elsewhere = bool(source.region and target.region and source.region != target.region)
        if source.in_scope and not elsewhere:
            continue
        code = int(graph.class_code[j])
        class_id = graph.classes[code] if code >= 0 else ""
        found = draft(
            "outside_input",
            class_id,
            producers_of(class_id) if class_id else (),
            target.region,
        )
        found.priority += 2.5
        found.organisations[target.id] = None
        found.locomotives[target.id] = None
        found.tonnes_per_a += float(graph.tonnes[j])
        found.mwh_per_a += float(graph.mwh[j])
        found.found.setdefault(source.id, (None, "supplies"))


def _missing_activities(
    graph: ClusterGraph, networks: Sequence[ValueNetwork], draft: _Drafter
) -> None:
    """NACE activities that typically supply or take from a value network's members and
    that none of its members carries out."""
    nodes = {node.id: node for node in graph.nodes}
    scope_codes = {c for node in graph.nodes if node.in_scope for c in node.nace_codes}
    elsewhere_cache: dict[str, bool] = {}
    for network in networks:
        members = [nodes[m] for m in network.members if m in nodes]
        by_code: dict[str, set[str]] = {}
        for member in members:
            for code in member.nace_codes:
                by_code.setdefault(code, set()).add(member.id)
        if not by_code:
            continue
        present: dict[str, bool] = {}
        related: dict[str, set[str]] = {}
        for code, member_ids in by_code.items():
            wanted = [r.supplier for r in relations_as_customer(code)]
            wanted += [r.customer for r in relations_as_supplier(code)]
            for activity in wanted:
                if activity not in present:
                    present[activity] = any(covers(activity, c) for c in by_code)
                if not present[activity]:
                    related.setdefault(activity, set()).update(member_ids)
        regions = [m.region for m in members if m.region]
        region = max(sorted(set(regions)), key=regions.count) if regions else ""
        ranked = sorted(related.items(), key=lambda item: (-len(item[1]), item[0]))
        for activity, member_ids in ranked[:ACTIVITIES_PER_NETWORK]:
            if activity not in elsewhere_cache:
                elsewhere_cache[activity] = any(covers(activity, c) for c in scope_codes)
            elsewhere = elsewhere_cache[activity]
            target = draft("activity", "", (activity,), region)
            figure = (
                min(1.5, 0.25 * len(member_ids)) if elsewhere else min(3.0, 0.5 * len(member_ids))
            )
            target.priority = max(target.priority, figure)
            target.in_scope_elsewhere = elsewhere
            for m in sorted(member_ids):
                target.organisations[m] = None
            target.value_networks[network.key] = None


def _finish(
    d: _Draft, places: _Places, out_of_scope: dict[str, list[Node]], limit: int
) -> RecruitTarget:
    centre = places.centre(d.organisations)
    found = dict(d.found)
    if d.activities:
        pool = {n.id: n for a in d.activities for n in out_of_scope.get(division(a), ())}
        doing = [i for i, n in pool.items() if i not in found and _does(n, d.activities)]
        for node_id, km in zip(doing, places.road_km(centre, doing), strict=True):
            found[node_id] = (km, "activity")
    for node_id, (km, reason) in list(found.items()):
        if km is None and reason != "activity":
            found[node_id] = (places.road_km(centre, [node_id])[0], reason)
    order = {"supplies": 0, "listing": 1, "activity": 2}
    ranked = sorted(
        found.items(),
        key=lambda item: (order[item[1][1]], item[1][0] is None, item[1][0] or 0.0, item[0]),
    )
    return RecruitTarget(
        kind=d.kind,
        class_id=d.class_id,
        activities=d.activities,
        region=d.region,
        priority=round(d.priority, 2),
        organisations=tuple(d.organisations),
        locomotives=tuple(d.locomotives),
        listings=tuple(d.listings),
        value_networks=tuple(d.value_networks),
        tonnes_per_a=round(d.tonnes_per_a, 3),
        mwh_per_a=round(d.mwh_per_a, 3),
        in_scope_elsewhere=d.in_scope_elsewhere,
        candidates=tuple(Candidate(node, km, reason) for node, (km, reason) in ranked[:limit]),
    )


def _does(node: Node, activities: Sequence[str]) -> bool:
    return any(covers(a, c) for a in activities for c in node.nace_codes)
