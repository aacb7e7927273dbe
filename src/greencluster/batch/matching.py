"""Candidate generation for very large registers as a Dask pipeline.

The listings are partitioned by the class and role of the asking listing and by region (a
lat/lon tile). Each partition gets its asking listings plus every possible partner within the
largest distance limit of its class's rules around the tile (the overlap, or halo), and runs
the core :func:`~greencluster.core.matching.candidates.find_candidates` on that sub-table. A
listing's ``top_k`` nearest valid partners all lie within its limit, hence within the halo, so
the union of the partitions is exactly the single-process result; :func:`canonical_order`
sorts both the same way for comparison. Scoring then runs once over the whole result.

    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
        pairs = match_partitioned(table, compat, client=client)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import dask
import numpy as np
import numpy.typing as npt

from greencluster.core.geo import EARTH_RADIUS_KM, ROAD_DISTANCE_FACTOR
from greencluster.core.matching.candidates import (
    DEFAULT_TOP_K,
    CandidatePairs,
    find_candidates,
    plan_classes,
    plan_jobs,
)
from greencluster.core.matching.problem import Compatibility, ListingTable

IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class Partition:
    """Asking rows (global numbers) and the rows of the sub-table they search in."""

    query_offer: bool
    query_class: int
    tile: tuple[int, int]
    sources: IntArray
    rows: IntArray  # sources and every possible partner, sorted


def halo_deg(limit_km: float, road_factor: float, max_abs_lat: float) -> tuple[float, float]:
    """Latitude and longitude margins (degrees) that contain every point within ``limit_km``
    of road distance from any point at or below ``max_abs_lat`` (a small safety factor)."""
    angle = min(math.pi, limit_km / road_factor / EARTH_RADIUS_KM * (1 + 1e-9))
    dlat = math.degrees(angle)
    cos_lat = math.cos(math.radians(min(90.0, max_abs_lat + dlat)))
    if cos_lat <= 1e-9 or math.sin(angle) >= cos_lat:
        return dlat, 360.0
    return dlat, math.degrees(math.asin(math.sin(angle) / cos_lat)) * (1 + 1e-9) + 1e-9


def plan_partitions(
    table: ListingTable,
    compat: Compatibility,
    *,
    tile_deg: float = 2.0,
    road_factor: float = ROAD_DISTANCE_FACTOR,
) -> list[Partition]:
    """Partitions by (role, class) of the asking listings and by ``tile_deg`` tiles."""
    jobs = plan_jobs(plan_classes(table, compat))
    by_query: dict[tuple[bool, int], list[tuple[tuple[int, ...], float]]] = {}
    for job in jobs:
        by_query.setdefault((job.query_offer, job.query_class), []).append(
            (job.target_classes, job.limit_km)
        )
    tile_row = np.floor(table.lat / tile_deg).astype(np.int64)
    tile_col = np.floor(table.lon / tile_deg).astype(np.int64)
    partitions: list[Partition] = []
    for (query_offer, query_class), targets in sorted(by_query.items()):
        asking = np.flatnonzero((table.is_offer == query_offer) & (table.class_code == query_class))
        partner_classes = sorted({c for classes, _ in targets for c in classes})
        limit_km = max(limit for _, limit in targets)
        partners = np.flatnonzero(
            (table.is_offer != query_offer) & np.isin(table.class_code, partner_classes)
        )
        keys = tile_row[asking] * 100_000 + tile_col[asking]
        for key in np.unique(keys).tolist():
            sources = asking[keys == key]
            lat, lon = table.lat[sources], table.lon[sources]
            dlat, dlon = halo_deg(limit_km, road_factor, float(np.max(np.abs(lat))))
            near = partners[
                (table.lat[partners] >= lat.min() - dlat)
                & (table.lat[partners] <= lat.max() + dlat)
                & _within_lon(table.lon[partners], float(lon.min()), float(lon.max()), dlon)
            ]
            partitions.append(
                Partition(
                    query_offer=query_offer,
                    query_class=query_class,
                    tile=(key // 100_000, key % 100_000),
                    sources=sources.astype(np.int32),
                    rows=np.union1d(sources, near).astype(np.int32),
                )
            )
    return partitions


def _within_lon(lon: npt.NDArray[np.float64], low: float, high: float, margin: float) -> Any:
    if margin >= 180.0:
        return np.ones(len(lon), dtype=bool)
    gap_low = np.mod(low - lon, 360.0)  # degrees east of lon to reach low
    gap_high = np.mod(lon - high, 360.0)
    inside = (lon >= low) & (lon <= high)
    return inside | (gap_low <= margin) | (gap_high <= margin)


PartitionResult = tuple[IntArray, IntArray, npt.NDArray[np.float32], IntArray, tuple[Any, ...]]
"""Global source and partner rows, road km, use code and the partition's own rules."""


def run_partition(
    table: ListingTable,
    compat: Compatibility,
    partition: Partition,
    top_k: int,
    road_factor: float,
) -> PartitionResult:
    """Candidates of one partition: global (source, partner, distance, use code) arrays and
    the rules the use codes index (a few per partition)."""
    sub = table.take(partition.rows)
    local_sources = np.searchsorted(partition.rows, partition.sources)
    pairs = find_candidates(
        sub, compat, top_k=top_k, road_factor=road_factor, sources=local_sources
    )
    return (
        partition.rows[pairs.source],
        partition.rows[pairs.partner],
        pairs.distance_km.astype(np.float32),
        pairs.use_code,
        pairs.uses,
    )


def match_partitioned(
    table: ListingTable,
    compat: Compatibility,
    *,
    top_k: int = DEFAULT_TOP_K,
    road_factor: float = ROAD_DISTANCE_FACTOR,
    tile_deg: float = 2.0,
    client: Any | None = None,
    scheduler: str | None = None,
) -> CandidatePairs:
    """The same candidate pairs as ``find_candidates(table, compat)``, computed partition by
    partition with Dask: on ``client``'s cluster when given, else with ``scheduler``
    ("threads", "processes", "synchronous"; None: Dask's default)."""
    partitions = plan_partitions(table, compat, tile_deg=tile_deg, road_factor=road_factor)
    if client is not None:
        table_ref: Any = client.scatter(table, broadcast=True)
        compat_ref: Any = client.scatter(compat, broadcast=True)
        futures = [
            client.submit(
                run_partition, table_ref, compat_ref, part, top_k, road_factor, pure=False
            )
            for part in partitions
        ]
        results = client.gather(futures)
    else:
        # Named delayed inputs: the table is put in the graph once and never hashed.
        table_ref = dask.delayed(table, name="greencluster-listings")
        compat_ref = dask.delayed(compat, name="greencluster-compatibility")
        tasks = [
            dask.delayed(run_partition, pure=False)(table_ref, compat_ref, part, top_k, road_factor)
            for part in partitions
        ]
        results = list(dask.compute(*tasks, scheduler=scheduler))
    return _combine(results, road_factor)


def _combine(results: list[PartitionResult], road_factor: float) -> CandidatePairs:
    """One set of pairs; each partition's use codes are mapped onto one shared rule list."""
    codes: dict[Any, int] = {}
    source_parts, partner_parts, km_parts, use_parts = [], [], [], []
    for source, partner, km, use_code, uses in results:
        source_parts.append(source)
        partner_parts.append(partner)
        km_parts.append(km)
        shared = np.array([codes.setdefault(u, len(codes)) for u in uses], dtype=np.int32)
        use_parts.append(shared[use_code])
    if not source_parts:
        empty = np.empty(0, np.int32)
        return CandidatePairs(empty, empty, empty, np.empty(0, np.float32), empty, (), road_factor)
    source = np.concatenate(source_parts).astype(np.int32)
    partner = np.concatenate(partner_parts).astype(np.int32)
    km = np.concatenate(km_parts)
    use = np.concatenate(use_parts)
    return canonical_order(
        CandidatePairs(
            source, partner, np.zeros(len(source), np.int32), km, use, tuple(codes), road_factor
        )
    )


def canonical_order(pairs: CandidatePairs) -> CandidatePairs:
    """Pairs sorted by source, then distance, then partner, with ranks recomputed."""
    order = np.lexsort((pairs.partner, pairs.distance_km, pairs.source))
    source = pairs.source[order]
    starts = np.flatnonzero(np.r_[True, source[1:] != source[:-1]]) if len(source) else []
    lengths = np.diff(np.r_[starts, len(source)]) if len(source) else []
    rank = (np.arange(len(source)) - np.repeat(starts, lengths)).astype(np.int32)
    return CandidatePairs(
        source,
        pairs.partner[order],
        rank,
        pairs.distance_km[order],
        pairs.use_code[order],
        pairs.uses,
        pairs.road_factor,
    )
