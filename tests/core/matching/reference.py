"""Slow, obviously correct reference implementations the engine is tested against."""

from __future__ import annotations

import numpy as np

from greencluster.core.geo import ROAD_DISTANCE_FACTOR, great_circle_km
from greencluster.core.matching.checks import check_pair
from greencluster.core.matching.problem import Compatibility, ListingTable


def brute_force_suggestions(
    table: ListingTable, compat: Compatibility, top_k: int
) -> dict[int, list[int]]:
    """For every listing, its ``top_k`` nearest valid partners by looking at all pairs."""
    result: dict[int, list[int]] = {}
    for s in range(len(table)):
        found = []
        for p in range(len(table)):
            if table.is_offer[p] == table.is_offer[s]:
                continue
            o, n = (s, p) if table.is_offer[s] else (p, s)
            if check_pair(table, o, n, compat):
                continue
            km = ROAD_DISTANCE_FACTOR * great_circle_km(
                float(table.lat[s]), float(table.lon[s]), float(table.lat[p]), float(table.lon[p])
            )
            found.append((km, p))
        found.sort()
        if found:
            result[s] = [p for _, p in found[:top_k]]
    return result


def suggestions_by_source(source: np.ndarray, partner: np.ndarray) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for s, p in zip(source.tolist(), partner.tolist(), strict=True):
        result.setdefault(s, []).append(p)
    return result
