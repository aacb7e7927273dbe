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

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from greencluster.core.geo import (
    ROAD_DISTANCE_FACTOR,
    chord_for_km,
    km_for_chord,
    unit_vectors,
)
from greencluster.core.matching.problem import (
    NO_END_DAY,
    NO_START_DAY,
    Compatibility,
    ListingTable,
    UseLike,
)

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
    ``distance_km`` is the estimated road distance (float32: 7 significant digits)."""

    source: IntArray
    partner: IntArray
    rank: IntArray
    distance_km: npt.NDArray[np.floating[Any]]
    use_code: IntArray
    uses: tuple[UseLike, ...]
    road_factor: float

    def __len__(self) -> int:
        return len(self.source)


_Part = tuple[IntArray, IntArray, FloatArray, IntArray, IntArray]
"""Source, partner, road km, use code and rank of one search."""


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
    """Listings of one class and role asking all their partner classes at once; each partner
    class has its rule's use and distance limit, ``limit_km`` is the largest."""

    query_offer: bool
    query_class: int
    target_classes: tuple[int, ...]
    use_for_target: tuple[tuple[int, int], ...]  # (target class, use code)
    limit_for_target: tuple[tuple[int, float], ...]  # (target class, road km)
    limit_km: float


def plan_jobs(plan: ClassPlan) -> list[Job]:
    """One job per (role, class) that asks: its partner classes with their rules."""
    grouped: dict[tuple[bool, int], list[tuple[int, int]]] = {}
    for a, b, u in plan.pairs:
        grouped.setdefault((True, a), []).append((b, u))
        grouped.setdefault((False, b), []).append((a, u))
    jobs = []
    for (query_offer, cls), targets in sorted(grouped.items()):
        limits = tuple((t, float(plan.uses[u].max_distance_km)) for t, u in sorted(targets))
        jobs.append(
            Job(
                query_offer,
                cls,
                tuple(sorted(t for t, _ in targets)),
                tuple(sorted(targets)),
                limits,
                max(limit for _, limit in limits),
            )
        )
    return jobs


@dataclass(frozen=True, eq=False)
class _Targets:
    """A KD-tree over some listings (spatially sorted) and their attributes in tree order,
    with one sentinel entry at the end for "no neighbour" (it never passes the filters)."""

    tree: cKDTree
    rows: IntArray
    org: IntArray
    from_day: IntArray
    until_day: IntArray
    max_chord: FloatArray
    cls: IntArray


class _TreeCache:
    def __init__(
        self,
        table: ListingTable,
        xyz: FloatArray,
        groups: dict[tuple[bool, int], IntArray],
        cell: npt.NDArray[np.int64],
        road_factor: float,
    ) -> None:
        self.table = table
        self.xyz = xyz
        self.groups = groups
        self.cell = cell
        self.road_factor = road_factor
        self._trees: dict[tuple[bool, tuple[int, ...]], _Targets] = {}
        self._locks: dict[tuple[bool, tuple[int, ...]], threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, offers: bool, classes: tuple[int, ...]) -> _Targets:
        """The tree over these classes, built once (threads asking together wait for it)."""
        key = (offers, classes)
        found = self._trees.get(key)
        if found is not None:
            return found
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            return self._build(key)

    def _build(self, key: tuple[bool, tuple[int, ...]]) -> _Targets:
        offers, classes = key
        found = self._trees.get(key)
        if found is None:
            t = self.table
            parts = [self.groups[(offers, c)] for c in classes if (offers, c) in self.groups]
            rows = np.concatenate(parts) if parts else np.empty(0, np.int32)
            if len(parts) > 1:
                rows = rows[np.argsort(self.cell[rows], kind="stable")]
            max_chord = chord_for_km(t.max_distance_km[rows] / self.road_factor)
            found = _Targets(
                tree=cKDTree(self.xyz[rows], balanced_tree=False, compact_nodes=False),
                rows=np.r_[rows, 0].astype(np.int32),
                org=np.r_[t.org_code[rows], -1].astype(np.int32),
                from_day=np.r_[t.from_day[rows], NO_END_DAY].astype(np.int32),
                until_day=np.r_[t.until_day[rows], NO_START_DAY].astype(np.int32),
                max_chord=np.r_[max_chord * (1 + 1e-12), -1.0],
                cls=np.r_[t.class_code[rows], 0].astype(np.int32),
            )
            self._trees[key] = found
        return found


def spatial_cell(lat: FloatArray, lon: FloatArray, size_deg: float = 0.25) -> npt.NDArray[np.int64]:
    """Row-major grid cell of each point, to order listings so that neighbours sit together."""
    row = np.floor((lat + 90.0) / size_deg).astype(np.int64)
    col = np.floor((lon + 180.0) / size_deg).astype(np.int64)
    result: npt.NDArray[np.int64] = row * 4096 + col
    return result


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
    cell = spatial_cell(table.lat, table.lon)
    asking = _mask(n, sources)
    groups = _groups(table, cell, np.ones(n, dtype=bool) if targets is None else _mask(n, targets))
    trees = _TreeCache(table, xyz, groups, cell, road_factor)
    ask_groups = groups if sources is None else _groups(table, cell, asking)
    tasks: list[tuple[Job, IntArray]] = []
    for job in plan_jobs(plan):
        rows = ask_groups.get((job.query_offer, job.query_class))
        if rows is None:
            continue
        tasks.extend((job, rows[start : start + _CHUNK]) for start in range(0, len(rows), _CHUNK))

    def run(task: tuple[Job, IntArray]) -> _Part:
        job, chunk = task
        return _search(table, xyz, trees, job, chunk, top_k, road_factor)

    if workers > 1 and len(tasks) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(run, tasks))
    else:
        parts = [run(task) for task in tasks]
    return _assemble(parts, plan.uses, road_factor)


def _groups(
    table: ListingTable, cell: npt.NDArray[np.int64], mask: BoolArray
) -> dict[tuple[bool, int], IntArray]:
    """Rows in ``mask`` by (is offer, class code), each spatially sorted."""
    rows = np.flatnonzero(mask)
    order = rows[np.lexsort((cell[rows], table.class_code[rows], table.is_offer[rows]))]
    offer = table.is_offer[order]
    cls = table.class_code[order]
    bounds = np.flatnonzero((offer[1:] != offer[:-1]) | (cls[1:] != cls[:-1])) + 1
    return {
        (bool(offer[part[0]]), int(cls[part[0]])): order[part].astype(np.int32)
        for part in np.split(np.arange(len(order)), bounds)
        if len(part)
    }


def _mask(n: int, rows: npt.NDArray[np.integer] | None) -> BoolArray:
    if rows is None:
        return np.ones(n, dtype=bool)
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return mask


def _search(
    table: ListingTable,
    xyz: FloatArray,
    trees: _TreeCache,
    job: Job,
    rows: IntArray,
    top_k: int,
    road_factor: float,
) -> _Part:
    """(source, partner, road km, use code, rank) of the first ``top_k`` valid neighbours per
    row;
    each source's entries are contiguous and nearest first (each source is finished in one
    round of queries, so no sort is needed)."""
    targets = trees.get(not job.query_offer, job.target_classes)
    n_targets = len(targets.rows) - 1
    if n_targets == 0:
        empty = np.empty(0, np.int32)
        return (empty, empty, np.empty(0), empty, empty)
    use_of_class = np.full(len(table.classes), -1, dtype=np.int32)
    for cls, use in job.use_for_target:
        use_of_class[cls] = use
    class_chord = np.full(len(table.classes), -1.0)
    for cls, limit_km in job.limit_for_target:
        class_chord[cls] = float(chord_for_km(limit_km / road_factor)) * (1 + 1e-12)
    chord_limit = float(chord_for_km(job.limit_km / road_factor) * (1 + 1e-12))
    own_chord = np.minimum(
        chord_for_km(table.max_distance_km[rows] / road_factor) * (1 + 1e-12), chord_limit
    )
    q_org = table.org_code[rows]
    q_from = table.from_day[rows]
    q_until = table.until_day[rows]
    out_src: list[npt.NDArray[np.intp]] = []
    out_idx: list[npt.NDArray[np.intp]] = []
    out_chord: list[FloatArray] = []
    out_rank: list[npt.NDArray[np.int16]] = []
    pending = np.arange(len(rows))
    k = min(top_k + _EXTRA, n_targets)
    while len(pending):
        chord, idx = tree_query(targets.tree, xyz[rows[pending]], k, chord_limit)
        limit = own_chord[pending, None]
        valid = chord <= limit
        valid &= chord <= targets.max_chord[idx]
        valid &= chord <= class_chord[targets.cls[idx]]
        valid &= targets.org[idx] != q_org[pending, None]
        valid &= targets.from_day[idx] <= q_until[pending, None]
        valid &= targets.until_day[idx] >= q_from[pending, None]
        counts = np.cumsum(valid, axis=1, dtype=np.int16)
        keep = valid & (counts <= top_k)
        # Rows whose k-th neighbour was still within limits may have more valid partners.
        retry = (counts[:, -1] < top_k) & (chord[:, -1] <= limit[:, 0]) & (k < n_targets)
        if retry.any():
            keep &= ~retry[:, None]
        r, c = np.nonzero(keep)
        out_src.append(pending[r])
        picked = idx[r, c]
        out_idx.append(picked)
        out_chord.append(chord[r, c])
        out_rank.append(counts[r, c] - 1)
        pending = pending[retry]
        k = min(2 * k, n_targets)
    local = np.concatenate(out_src)
    picked_all = np.concatenate(out_idx)
    chord_all = np.concatenate(out_chord)
    km = km_for_chord(chord_all) * road_factor
    return (
        rows[local],
        targets.rows[picked_all],
        km,
        use_of_class[targets.cls[picked_all]],
        np.concatenate(out_rank).astype(np.int32),
    )


def tree_query(
    tree: cKDTree, points: FloatArray, k: int, bound: float
) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """k nearest within ``bound`` as (n, k) arrays; missing neighbours have chord +inf and
    index ``tree.n`` (the sentinel). One thread: :func:`find_candidates` runs searches in
    parallel, not the queries of one search."""
    chord, idx = tree.query(points, k=k, distance_upper_bound=bound)
    return chord.reshape(len(points), k), idx.reshape(len(points), k)


def _assemble(
    parts: Sequence[_Part],
    uses: tuple[UseLike, ...],
    road_factor: float,
) -> CandidatePairs:
    if not parts:
        empty_i = np.empty(0, np.int32)
        return CandidatePairs(empty_i, empty_i, empty_i, np.empty(0), empty_i, uses, road_factor)
    src = np.concatenate([p[0] for p in parts]).astype(np.int32)
    partner = np.concatenate([p[1] for p in parts]).astype(np.int32)
    distance_km = np.concatenate([p[2] for p in parts]).astype(np.float32)
    use = np.concatenate([p[3] for p in parts])
    rank = np.concatenate([p[4] for p in parts])
    return CandidatePairs(src, partner, rank, distance_km, use, uses, road_factor)
