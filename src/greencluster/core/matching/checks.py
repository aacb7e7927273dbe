"""Independent checks of suggestions and allocations.

These recompute everything from the listings and the compatibility rules (distances by
haversine, rules by ``uses_for``), never trusting the engine's own arrays, so that tests and
``greencluster match --check`` catch an engine bug instead of repeating it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from greencluster.core.geo import ROAD_DISTANCE_FACTOR, great_circle_km
from greencluster.core.matching.problem import Compatibility, ListingTable

REL_TOL = 1e-6


def check_pair(
    table: ListingTable,
    offer: int,
    need: int,
    compat: Compatibility,
    *,
    road_factor: float = ROAD_DISTANCE_FACTOR,
) -> list[str]:
    """Why listing ``offer`` may not be suggested to listing ``need`` (empty list: it may).

    Quantities in different units do not rule a suggestion out (the pair is shown without a
    quantity); :func:`check_allocation` rules out allocating to such a pair.
    """
    problems: list[str] = []
    o_id, n_id = table.ids[offer], table.ids[need]
    label = f"{o_id} -> {n_id}"
    if not table.is_offer[offer]:
        problems.append(f"{label}: {o_id} is not an offer")
    if table.is_offer[need]:
        problems.append(f"{label}: {n_id} is not a need")
    if table.org_code[offer] == table.org_code[need]:
        problems.append(f"{label}: both belong to {table.organizations[table.org_code[offer]]}")
    o_class = table.classes[table.class_code[offer]]
    n_class = table.classes[table.class_code[need]]
    use = compat.uses_for(o_class, n_class)
    if use is None:
        problems.append(f"{label}: {o_class} cannot feed {n_class}")
        return problems
    km = road_factor * great_circle_km(
        float(table.lat[offer]),
        float(table.lon[offer]),
        float(table.lat[need]),
        float(table.lon[need]),
    )
    limit = min(
        float(use.max_distance_km),
        float(table.max_distance_km[offer]),
        float(table.max_distance_km[need]),
    )
    if km > limit * (1 + REL_TOL) + 1e-9:
        problems.append(f"{label}: {km:.3f} km exceeds the limit of {limit:g} km")
    if (
        table.from_day[offer] > table.until_day[need]
        or table.from_day[need] > table.until_day[offer]
    ):
        problems.append(f"{label}: availability windows do not overlap")
    return problems


def check_allocation(
    table: ListingTable,
    offer: npt.NDArray[np.integer],
    need: npt.NDArray[np.integer],
    quantity_per_a: npt.NDArray[np.floating],
    compat: Compatibility,
    *,
    road_factor: float = ROAD_DISTANCE_FACTOR,
) -> list[str]:
    """Every problem of an allocation: invalid pairs, pairs whose quantities are in different
    units (no quantity can flow between them), negative or over-allocated quantities (an offer
    giving, or a need receiving, more than its stated quantity)."""
    problems: list[str] = []
    given: dict[int, float] = defaultdict(float)
    seen: set[tuple[int, int]] = set()
    for o, n, q in zip(offer.tolist(), need.tolist(), quantity_per_a.tolist(), strict=True):
        label = f"{table.ids[o]} -> {table.ids[n]}"
        if not q >= 0:
            problems.append(f"{label}: quantity {q} is not >= 0")
        if (o, n) in seen:
            problems.append(f"{label}: pair allocated twice")
        seen.add((o, n))
        problems.extend(check_pair(table, o, n, compat, road_factor=road_factor))
        b_o, b_n = int(table.basis_code[o]), int(table.basis_code[n])
        if b_o >= 0 and b_n >= 0 and b_o != b_n:
            problems.append(f"{label}: quantities are in different units")
        given[o] += q
        given[n] += q
    for listing, total in sorted(given.items()):
        stated = float(table.quantity_per_a[listing])
        if not np.isnan(stated) and total > stated * (1 + REL_TOL) + 1e-6:
            role = "offer" if table.is_offer[listing] else "need"
            problems.append(
                f"{role} {table.ids[listing]}: allocated {total:.6g} but states only {stated:.6g}"
            )
    return problems


def check_suggestions(
    table: ListingTable,
    source: Sequence[int] | npt.NDArray[np.integer],
    partner: Sequence[int] | npt.NDArray[np.integer],
    compat: Compatibility,
    *,
    top_k: int,
    road_factor: float = ROAD_DISTANCE_FACTOR,
) -> list[str]:
    """Every suggested pair is valid and no listing gets more than ``top_k`` suggestions."""
    problems: list[str] = []
    counts: dict[int, int] = defaultdict(int)
    for s, p in zip(list(source), list(partner), strict=True):
        s, p = int(s), int(p)
        counts[s] += 1
        o, n = (s, p) if table.is_offer[s] else (p, s)
        problems.extend(check_pair(table, o, n, compat, road_factor=road_factor))
    problems.extend(
        f"{table.ids[s]}: {c} suggestions, more than {top_k}"
        for s, c in counts.items()
        if c > top_k
    )
    return problems
