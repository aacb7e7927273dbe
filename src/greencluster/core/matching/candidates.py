"""Candidate generation: for every listing, its nearest compatible partners.

No all-pairs comparison: the opposite-role listings of each group of compatible classes get a
KD-tree over their unit-sphere positions, and each listing asks only the trees of the classes
its own class can exchange with, for its ``top_k`` nearest partners within the distance limit
of the rule (pipe-borne heat a few km, bulk solids hundreds). Hard conditions are applied to
what the tree returns: different organisation, overlapping availability windows, both
members' own distance limits. When the conditions remove too many, only those listings ask
again for more neighbours, so the result is exactly "the ``top_k`` nearest partners that
satisfy every condition" (ties at equal distance broken by the lower listing number).

Distances are great-circle km times the road-distance factor (:mod:`greencluster.core.geo`);
limits (rule and members) are road km.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from greencluster.core.geo import (
    ROAD_DISTANCE_FACTOR,
    chord_for_km,
    great_circle_km_array,
    km_for_chord,
    unit_vectors,
)
from greencluster.core.matching.problem import Compatibility, ListingTable, UseLike

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_TOP_K = 20
_EXTRA = 4
_CHUNK = 200_000


@dataclass(frozen=True, eq=False)
class CandidatePairs:
    """Directed suggestions: ``partner[j]`` is the ``rank[j]``-th nearest partner of
    ``source[j]`` (0 = nearest). ``uses[use_code[j]]`` is the rule that links them;
    ``distance_km`` is the estimated road distance."""

    source: IntArray
    partner: IntArray
    rank: IntArray
    distance_km: FloatArray
    use_code: IntArray
    uses: tuple[UseLike, ...]
    road_factor: float

    def __len__(self) -> int:
        return len(self.source)


@dataclass(frozen=True, slots=True)
class ClassPlan:
    """Compatible (offer class code, need class code) pairs present, with their rules."""

    pairs: tuple[tuple[int, int, int], ...]  # (offer class, need class, use code)
    uses: tuple[UseLike, ...]


def plan_classes(table: ListingTable, compat: Compatibility) -> ClassPlan:
    """The compatible class pairs among the classes present in ``table``."""
    offer_codes = np.unique(table.class_code[table.is_offer])
    need_codes = set(np.unique(table.class_code[~table.is_offer]).tolist())
    code_of = {name: k for k, name in enumerate(table.classes)}
    uses: list[UseLike] = []
    use_code: dict[int, int] = {}
    pairs: list[tuple[int, int, int]] = []
    for a in offer_codes.tolist():
        offer_class = table.classes[a]
        accepted = {offer_class, *compat.needs_accepting(offer_class)}
        for need_class in sorted(accepted):
            b = code_of.get(need_class)
            if b is None or b not in need_codes:
                continue
            use = compat.uses_for(offer_class, need_class)
            if use is None:
                continue
            key = id(use)
            if key not in use_code:
                use_code[key] = len(uses)
                uses.append(use)
            pairs.append((a, b, use_code[key]))
    return ClassPlan(tuple(pairs), tuple(uses))


@dataclass(frozen=True, slots=True)
class Job:
    """Listings of one class and role asking one group of partner classes (same limit)."""

    query_offer: bool
    query_class: int
    target_classes: tuple[int, ...]
    use_for_target: tuple[tuple[int, int], ...]  # (target class, use code)
    limit_km: float


def plan_jobs(plan: ClassPlan) -> list[Job]:
    """Group each query class's partner classes by rule distance limit."""
    grouped: dict[tuple[bool, int, float], list[tuple[int, int]]] = {}
    for a, b, u in plan.pairs:
        limit = float(plan.uses[u].max_distance_km)
        grouped.setdefault((True, a, limit), []).append((b, u))
        grouped.setdefault((False, b, limit), []).append((a, u))
    return [
        Job(query_offer, cls, tuple(sorted(t for t, _ in targets)), tuple(sorted(targets)), limit)
        for (query_offer, cls, limit), targets in sorted(grouped.items())
    ]


class _TreeCache:
    def __init__(self, table: ListingTable, xyz: FloatArray, allowed: BoolArray) -> None:
        self.table = table
        self.xyz = xyz
        self.allowed = allowed
        self._trees: dict[tuple[bool, tuple[int, ...]], tuple[cKDTree, IntArray]] = {}

    def get(self, offers: bool, classes: tuple[int, ...]) -> tuple[cKDTree, IntArray]:
        key = (offers, classes)
        found = self._trees.get(key)
        if found is None:
            table = self.table
            mask = (table.is_offer == offers) & np.isin(table.class_code, classes) & self.allowed
            rows = np.flatnonzero(mask).astype(np.int32)
            found = (cKDTree(self.xyz[rows], balanced_tree=False, compact_nodes=False), rows)
            self._trees[key] = found
        return found


def find_candidates(
    table: ListingTable,
    compat: Compatibility,
    *,
    top_k: int = DEFAULT_TOP_K,
    road_factor: float = ROAD_DISTANCE_FACTOR,
    workers: int = 1,
    sources: npt.NDArray[np.integer] | None = None,
    targets: npt.NDArray[np.integer] | None = None,
) -> CandidatePairs:
    """The ``top_k`` nearest compatible partners of every listing (or of ``sources`` only,
    searching only among ``targets`` when given: used by the batch pipeline's partitions)."""
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    plan = plan_classes(table, compat)
    n = len(table)
    xyz = unit_vectors(table.lat, table.lon)
    asking = _mask(n, sources)
    trees = _TreeCache(table, xyz, _mask(n, targets))
    parts: list[tuple[IntArray, IntArray, FloatArray, IntArray]] = []
    for query_offer, query_class, jobs in _jobs_by_query(plan_jobs(plan)):
        rows = np.flatnonzero(
            (table.is_offer == query_offer) & (table.class_code == query_class) & asking
        ).astype(np.int32)
        if len(rows) == 0:
            continue
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            found = [
                _search(table, xyz, trees, job, chunk, top_k, road_factor, workers) for job in jobs
            ]
            parts.append(_merge(found, top_k) if len(found) > 1 else found[0])
    return _assemble(table, parts, plan.uses, road_factor)


def _mask(n: int, rows: npt.NDArray[np.integer] | None) -> BoolArray:
    if rows is None:
        return np.ones(n, dtype=bool)
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return mask


def _jobs_by_query(jobs: Iterable[Job]) -> list[tuple[bool, int, list[Job]]]:
    grouped: dict[tuple[bool, int], list[Job]] = {}
    for job in jobs:
        grouped.setdefault((job.query_offer, job.query_class), []).append(job)
    return [(offer, cls, found) for (offer, cls), found in sorted(grouped.items())]


def _search(
    table: ListingTable,
    xyz: FloatArray,
    trees: _TreeCache,
    job: Job,
    rows: IntArray,
    top_k: int,
    road_factor: float,
    workers: int,
) -> tuple[IntArray, IntArray, FloatArray, IntArray]:
    """(source, partner, road km, use code) of the first ``top_k`` valid neighbours per row,
    sorted by source then distance."""
    tree, target_rows = trees.get(not job.query_offer, job.target_classes)
    n_targets = len(target_rows)
    empty = (np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0), np.empty(0, np.int32))
    if n_targets == 0:
        return empty
    use_of_class = np.full(len(table.classes), -1, dtype=np.int32)
    for cls, use in job.use_for_target:
        use_of_class[cls] = use
    own_limit_km = np.minimum(table.max_distance_km[rows], job.limit_km)
    chord_limit = float(chord_for_km(job.limit_km / road_factor) * (1 + 1e-12))
    out_src: list[IntArray] = []
    out_partner: list[IntArray] = []
    out_km: list[FloatArray] = []
    pending = np.arange(len(rows))
    k = min(top_k + _EXTRA, n_targets)
    while len(pending):
        q = rows[pending]
        chord, idx = tree.query(xyz[q], k=k, distance_upper_bound=chord_limit, workers=workers)
        chord = chord.reshape(len(q), k)
        idx = idx.reshape(len(q), k)
        present = idx < n_targets
        partner = target_rows[np.where(present, idx, 0)]
        road_km = km_for_chord(np.where(present, chord, 0.0)) * road_factor
        valid = present & (road_km <= own_limit_km[pending, None])
        valid &= road_km <= table.max_distance_km[partner]
        valid &= table.org_code[partner] != table.org_code[q][:, None]
        valid &= table.from_day[partner] <= table.until_day[q][:, None]
        valid &= table.until_day[partner] >= table.from_day[q][:, None]
        keep = valid & (np.cumsum(valid, axis=1) <= top_k)
        # Rows whose k-th neighbour was still within limits may have more valid partners.
        last_present = present[:, -1] & (road_km[:, -1] <= own_limit_km[pending])
        retry = (keep.sum(axis=1) < top_k) & last_present & (k < n_targets)
        done = ~retry
        sel = keep & done[:, None]
        r, c = np.nonzero(sel)
        out_src.append(q[r])
        out_partner.append(partner[r, c])
        out_km.append(road_km[r, c])
        pending = pending[retry]
        k = min(2 * k, n_targets)
    src = np.concatenate(out_src)
    partner_all = np.concatenate(out_partner)
    km = np.concatenate(out_km)
    if len(out_src) > 1:
        order = np.lexsort((partner_all, km, src))
        src, partner_all, km = src[order], partner_all[order], km[order]
    return src, partner_all, km, use_of_class[table.class_code[partner_all]]


def _merge(
    found: Sequence[tuple[IntArray, IntArray, FloatArray, IntArray]], top_k: int
) -> tuple[IntArray, IntArray, FloatArray, IntArray]:
    """Keep the ``top_k`` nearest per source over several jobs' results."""
    src = np.concatenate([f[0] for f in found])
    partner = np.concatenate([f[1] for f in found])
    km = np.concatenate([f[2] for f in found])
    use = np.concatenate([f[3] for f in found])
    order = np.lexsort((partner, km, src))
    src, partner, km, use = src[order], partner[order], km[order], use[order]
    rank = _rank_within(src)
    keep = rank < top_k
    return src[keep], partner[keep], km[keep], use[keep]


def _rank_within(src: IntArray) -> IntArray:
    """0-based position of each entry within its run of equal (sorted) ``src``."""
    n = len(src)
    if n == 0:
        return np.empty(0, np.int32)
    starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    lengths = np.diff(np.r_[starts, n])
    result: IntArray = (np.arange(n) - np.repeat(starts, lengths)).astype(np.int32)
    return result


def _assemble(
    table: ListingTable,
    parts: Sequence[tuple[IntArray, IntArray, FloatArray, IntArray]],
    uses: tuple[UseLike, ...],
    road_factor: float,
) -> CandidatePairs:
    if not parts:
        empty_i = np.empty(0, np.int32)
        return CandidatePairs(empty_i, empty_i, empty_i, np.empty(0), empty_i, uses, road_factor)
    src = np.concatenate([p[0] for p in parts]).astype(np.int32)
    partner = np.concatenate([p[1] for p in parts]).astype(np.int32)
    use = np.concatenate([p[3] for p in parts]).astype(np.int32)
    distance_km = (
        great_circle_km_array(
            table.lat[src], table.lon[src], table.lat[partner], table.lon[partner]
        )
        * road_factor
    )
    return CandidatePairs(src, partner, _rank_within(src), distance_km, use, uses, road_factor)
