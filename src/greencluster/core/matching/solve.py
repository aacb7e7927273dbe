"""One call from listings to suggestions (and optionally the network allocation).

result = match_listings(listings, top_k=10, allocate=True)
for row in suggestion_rows(result): ...
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from greencluster.core.geo import ROAD_DISTANCE_FACTOR
from greencluster.core.matching.allocation import Allocation, allocate_greedy, allocate_optimal
from greencluster.core.matching.candidates import DEFAULT_TOP_K, find_candidates
from greencluster.core.matching.problem import (
    Compatibility,
    Listing,
    ListingTable,
    TaxonomyCompatibility,
)
from greencluster.core.matching.scoring import ScoredPairs, basis_unit, explain, score_pairs

SUGGESTION_COLUMNS = (
    "offer_id",
    "need_id",
    "offer_organization",
    "need_organization",
    "resource_class",
    "ewc",
    "distance_km",
    "quantity",
    "unit",
    "transport_t_co2e_per_a",
    "avoided_t_co2e_per_a",
    "net_t_co2e_per_a",
    "score",
    "explanation",
)


@dataclass(frozen=True, eq=False)
class MatchResult:
    table: ListingTable
    scored: ScoredPairs
    optimal: Allocation | None = None
    greedy: Allocation | None = None


def match_listings(
    listings: Sequence[Listing] | ListingTable,
    compat: Compatibility | None = None,
    *,
    top_k: int = DEFAULT_TOP_K,
    allocate: bool = False,
    method: Literal["flow", "lp"] = "flow",
    road_factor: float = ROAD_DISTANCE_FACTOR,
    workers: int = 1,
    time_limit_s: float = 60.0,
    seed: int = 0,
) -> MatchResult:
    """Suggestions for every listing and, with ``allocate``, the optimal and greedy
    allocations over the whole network.

    ``method`` is the optimal allocation's solver (see
    :func:`~greencluster.core.matching.allocation.allocate_optimal`). ``workers`` threads
    search and score candidates and, with ``method="lp"`` only, solve the LP; ``time_limit_s``
    and ``seed`` apply to ``method="lp"`` only (the min-cost flow takes neither).
    """
    if method not in ("flow", "lp"):
        raise ValueError(f"method must be 'flow' or 'lp', not {method!r}")
    table = listings if isinstance(listings, ListingTable) else ListingTable.from_listings(listings)
    rules = compat if compat is not None else TaxonomyCompatibility()
    pairs = find_candidates(table, rules, top_k=top_k, road_factor=road_factor, workers=workers)
    scored = score_pairs(table, pairs, workers=workers)
    if not allocate:
        return MatchResult(table, scored)
    if method == "lp":
        optimal = allocate_optimal(
            scored,
            table.quantity_per_a,
            method="lp",
            time_limit_s=time_limit_s,
            threads=workers,
            seed=seed,
        )
    else:
        optimal = allocate_optimal(scored, table.quantity_per_a, method="flow")
    greedy = allocate_greedy(scored, table.quantity_per_a)
    return MatchResult(table, scored, optimal, greedy)


def ewc_of(class_id: str) -> str | None:
    """The six-digit EWC code of a waste class id ("ewc.100102" -> "100102"), else None."""
    code = class_id.removeprefix("ewc.")
    return code if class_id.startswith("ewc.") and len(code) == 6 and code.isdigit() else None


def _round(value: float, digits: int) -> float | None:
    return None if np.isnan(value) else round(value, digits)


def suggestion_rows(result: MatchResult) -> list[dict[str, Any]]:
    """One row per suggested offer-need pair (a pair suggested to both sides appears once),
    best score first; with an allocation, ``allocated_quantity`` is the optimum's quantity."""
    table, scored = result.table, result.scored
    key = scored.offer.astype(np.int64) * (len(table) + 1) + scored.need
    _, first = np.unique(key, return_index=True)
    order = first[np.lexsort((first, -scored.score[first]))]
    allocated: dict[int, float] = {}
    if result.optimal is not None:
        pair_key = result.optimal.offer.astype(np.int64) * (len(table) + 1) + result.optimal.need
        allocated = dict(
            zip(pair_key.tolist(), result.optimal.quantity_per_a.tolist(), strict=True)
        )
    rows: list[dict[str, Any]] = []
    for j in order.tolist():
        o, n = int(scored.offer[j]), int(scored.need[j])
        row: dict[str, Any] = {
            "offer_id": table.ids[o],
            "need_id": table.ids[n],
            "offer_organization": table.organizations[table.org_code[o]],
            "need_organization": table.organizations[table.org_code[n]],
            "resource_class": table.classes[table.class_code[o]],
            "ewc": ewc_of(table.classes[table.class_code[o]]),
            "distance_km": round(float(scored.pairs.distance_km[j]), 2),
            "quantity": _round(float(scored.flow_per_a[j]), 3),
            "unit": basis_unit(int(scored.basis_code[j])),
            "transport_t_co2e_per_a": _round(float(scored.transport_t_co2e_per_a[j]), 3),
            "avoided_t_co2e_per_a": _round(float(scored.avoided_t_co2e_per_a[j]), 3),
            "net_t_co2e_per_a": _round(float(scored.net_t_co2e_per_a[j]), 3),
            "score": round(float(scored.score[j]), 2),
            "explanation": explain(table, scored, j),
        }
        if result.optimal is not None:
            row["allocated_quantity"] = round(allocated.get(o * (len(table) + 1) + n, 0.0), 3)
        rows.append(row)
    return rows
