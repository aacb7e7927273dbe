"""Straightforward baselines for the matching benchmark: the same query in pandas and in DuckDB.

The query: for every listing, its ``top_k`` nearest compatible partners (opposite role, a
compatibility rule between the two classes, different organisation, overlapping availability,
road distance within the rule's and both members' limits; ties by listing number), each
scored exactly as :mod:`greencluster.core.matching.scoring` does. Both baselines do it the
common way: a grid join by class pair and cell (cell size = the rule's distance limit, the
3 x 3 neighbouring cells joined), exact distances for every pair found, then a ranking.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from greencluster.batch.matching import halo_deg
from greencluster.core.geo import EARTH_RADIUS_KM, ROAD_DISTANCE_FACTOR, great_circle_km_array
from greencluster.core.matching.candidates import plan_classes
from greencluster.core.matching.problem import Compatibility, ListingTable
from greencluster.core.matching.scoring import (
    W_CLIMATE,
    W_PROXIMITY,
    W_QUANTITY,
    WATER_T_PER_M3,
    use_arrays,
)


def rules_frame(table: ListingTable, compat: Compatibility) -> Any:
    """One row per compatible class pair: limit, grid cell size and the rule's factors."""
    import pandas as pd

    plan = plan_classes(table, compat)
    tkm, avoided, limit, basis = use_arrays(plan.uses)
    max_lat = float(np.max(np.abs(table.lat))) if len(table) else 0.0
    rows = []
    for rule_id, (a, b, u) in enumerate(plan.pairs):
        dlat, dlon = halo_deg(float(limit[u]), ROAD_DISTANCE_FACTOR, max_lat)
        rows.append(
            {
                "rule": rule_id,
                "offer_cls": a,
                "need_cls": b,
                "use": u,
                "limit_km": float(limit[u]),
                "dlat": dlat,
                "dlon": dlon,
                "tkm": float(tkm[u]),
                "avoided": float(avoided[u]),
                "rule_basis": int(basis[u]),
            }
        )
    return pd.DataFrame(rows)


def listings_frame(table: ListingTable) -> Any:
    import pandas as pd

    water = np.array([c.startswith("water.") for c in table.classes], dtype=bool)
    return pd.DataFrame(
        {
            "idx": np.arange(len(table), dtype=np.int64),
            "is_offer": table.is_offer,
            "cls": table.class_code.astype(np.int64),
            "lat": table.lat,
            "lon": table.lon,
            "org": table.org_code.astype(np.int64),
            "from_day": table.from_day.astype(np.int64),
            "until_day": table.until_day.astype(np.int64),
            "max_km": table.max_distance_km,
            "qty": table.quantity_per_a,
            "basis": table.basis_code.astype(np.int64),
            "price": table.price_eur_per_unit,
            "water": water[table.class_code],
        }
    )


def pandas_top_k(table: ListingTable, compat: Compatibility, top_k: int) -> dict[str, Any]:
    """The query in pandas: merge on (rule, cell) over the 3 x 3 neighbourhood, per rule."""
    import pandas as pd

    listings = listings_frame(table)
    rules = rules_frame(table, compat)
    offers = listings[listings.is_offer]
    needs = listings[~listings.is_offer]
    found = []
    for rule in rules.itertuples(index=False):
        o = offers[offers.cls == rule.offer_cls]
        n = needs[needs.cls == rule.need_cls]
        if o.empty or n.empty:
            continue
        o = o.assign(cy=np.floor(o.lat / rule.dlat), cx=np.floor(o.lon / rule.dlon))
        n = n.assign(cy=np.floor(n.lat / rule.dlat), cx=np.floor(n.lon / rule.dlon))
        shifted = pd.concat(
            [o.assign(cy=o.cy + dy, cx=o.cx + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
        )
        pairs = shifted.merge(n, on=["cy", "cx"], suffixes=("_o", "_n"))
        pairs["km"] = ROAD_DISTANCE_FACTOR * great_circle_km_array(
            pairs.lat_o.to_numpy(),
            pairs.lon_o.to_numpy(),
            pairs.lat_n.to_numpy(),
            pairs.lon_n.to_numpy(),
        )
        limit = np.minimum(rule.limit_km, np.minimum(pairs.max_km_o, pairs.max_km_n))
        pairs = pairs.assign(
            limit=limit, tkm=rule.tkm, avoided_rule=rule.avoided, rule_basis=rule.rule_basis
        )
        found.append(
            pairs[
                (pairs.km <= pairs.limit)
                & (pairs.org_o != pairs.org_n)
                & (pairs.from_day_o <= pairs.until_day_n)
                & (pairs.from_day_n <= pairs.until_day_o)
            ]
        )
    pairs = pd.concat(found, ignore_index=True)
    pairs = _score_frame(pairs)
    out = []
    for source, partner in (("idx_o", "idx_n"), ("idx_n", "idx_o")):
        ranked = pairs.sort_values([source, "km", partner]).groupby(source).head(top_k)
        out.append(
            ranked[[source, partner, "km", "score"]].set_axis(
                ["source", "partner", "km", "score"], axis=1
            )
        )
    result = pd.concat(out, ignore_index=True)
    return {c: result[c].to_numpy() for c in result.columns}


def _score_frame(p: Any) -> Any:
    """The engine's scoring formulas, written out on the joined frame (float64)."""
    same = (p.basis_o == p.basis_n) | (p.basis_o < 0) | (p.basis_n < 0)
    flow = np.where(same, np.fmin(p.qty_o, p.qty_n), np.nan)
    basis = np.where(p.basis_o >= 0, p.basis_o, p.basis_n)
    basis = np.where(np.isnan(flow), -1, basis)
    mass = np.where(basis == 0, flow, np.nan)
    mass = np.where((basis == 2) & p.water_o, flow * WATER_T_PER_M3, mass)
    transport = np.where(p.tkm == 0, 0.0, mass * p.km * p.tkm / 1000)
    avoided = np.where(p.rule_basis == basis, flow * p.avoided_rule / 1000, np.nan)
    net = avoided - transport
    proximity = np.clip(1 - p.km / p.limit, 0, 1)
    larger = np.fmax(p.qty_o, p.qty_n)
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = np.where(same & (larger > 0), flow / larger, np.nan)
        climate = np.where(avoided > 0, net / avoided, np.nan)
    fit = np.where(np.isnan(fit), 0.5, fit)
    climate = np.where(np.isnan(climate), 0.5, np.clip(climate, 0, 1))
    return p.assign(score=W_CLIMATE * climate + W_QUANTITY * fit + W_PROXIMITY * proximity)


DUCKDB_QUERY = """
WITH offsets AS (SELECT dy, dx FROM range(-1, 2) a(dy), range(-1, 2) b(dx)),
o AS (
  SELECT l.*, r.rule, r.limit_km, r.tkm, r.tkm_known, r.avoided, r.has_avoided, r.rule_basis,
         floor(l.lat / r.dlat) + f.dy AS cy, floor(l.lon / r.dlon) + f.dx AS cx
  FROM listings l JOIN rules r ON l.cls = r.offer_cls AND l.is_offer, offsets f
),
n AS (
  SELECT l.*, r.rule, floor(l.lat / r.dlat) AS cy, floor(l.lon / r.dlon) AS cx
  FROM listings l JOIN rules r ON l.cls = r.need_cls AND NOT l.is_offer
),
joined AS (
  SELECT o.idx AS offer, n.idx AS need, o.tkm, o.tkm_known, o.avoided, o.has_avoided,
         o.rule_basis, o.qty AS q_o, n.qty AS q_n, o.has_qty AS h_o, n.has_qty AS h_n,
         o.basis AS b_o, n.basis AS b_n, o.water AS water_o,
         least(o.limit_km, o.max_km, n.max_km) AS lim,
         {factor} * 2 * {radius} * asin(sqrt(least(1.0,
            pow(sin(radians(n.lat - o.lat) / 2), 2)
            + cos(radians(o.lat)) * cos(radians(n.lat))
              * pow(sin(radians(n.lon - o.lon) / 2), 2)))) AS km
  FROM o JOIN n ON o.rule = n.rule AND o.cy = n.cy AND o.cx = n.cx
  WHERE o.org <> n.org AND o.from_day <= n.until_day AND n.from_day <= o.until_day
),
flows AS (
  SELECT *,
    CASE WHEN NOT ((b_o = b_n OR b_o < 0 OR b_n < 0) AND (h_o OR h_n)) THEN NULL
         WHEN h_o AND h_n THEN least(q_o, q_n) WHEN h_o THEN q_o ELSE q_n END AS flow,
    CASE WHEN h_o AND h_n THEN greatest(q_o, q_n) WHEN h_o THEN q_o ELSE q_n END AS larger
  FROM joined WHERE km <= lim
),
based AS (
  SELECT *, CASE WHEN flow IS NULL THEN -1 WHEN b_o >= 0 THEN b_o ELSE b_n END AS basis
  FROM flows
),
figures AS (
  SELECT *,
    CASE WHEN tkm_known AND tkm = 0 THEN 0.0
         WHEN tkm_known AND basis = 0 THEN flow * km * tkm / 1000
         WHEN tkm_known AND basis = 2 AND water_o THEN flow * {water} * km * tkm / 1000
    END AS transport,
    CASE WHEN has_avoided AND rule_basis = basis THEN flow * avoided / 1000 END AS avoided_t
  FROM based
),
final AS (
  SELECT offer, need, km,
    {wc} * CASE WHEN avoided_t > 0 AND transport IS NOT NULL
                THEN greatest(0.0, least(1.0, (avoided_t - transport) / avoided_t))
                ELSE 0.5 END
    + {wq} * CASE WHEN flow IS NOT NULL AND larger > 0 THEN flow / larger ELSE 0.5 END
    + {wp} * greatest(0.0, least(1.0, 1 - km / lim)) AS score
  FROM figures
)
SELECT source, partner, km, score FROM (
  SELECT offer AS source, need AS partner, km, score,
         row_number() OVER (PARTITION BY offer ORDER BY km, need) AS r FROM final
  UNION ALL
  SELECT need AS source, offer AS partner, km, score,
         row_number() OVER (PARTITION BY need ORDER BY km, offer) AS r FROM final
) WHERE r <= {top_k}
"""


def duckdb_top_k(
    table: ListingTable, compat: Compatibility, top_k: int, threads: int = 2
) -> dict[str, Any]:
    """The same query as one DuckDB SQL statement (grid join by rule and cell)."""
    import duckdb

    listings = listings_frame(table)
    listings["max_km"] = listings["max_km"].replace(np.inf, 1e18)
    listings["has_qty"] = listings["qty"].notna()
    listings["qty"] = listings["qty"].fillna(0.0)
    rules = rules_frame(table, compat)
    rules["has_avoided"] = rules["avoided"].notna()
    rules["avoided"] = rules["avoided"].fillna(0.0)
    rules["tkm_known"] = rules["tkm"].notna()
    rules["tkm"] = rules["tkm"].fillna(0.0)
    con = duckdb.connect()
    con.execute(f"SET threads TO {threads}")
    con.register("listings", listings)
    con.register("rules", rules)
    query = DUCKDB_QUERY.format(
        factor=ROAD_DISTANCE_FACTOR,
        radius=EARTH_RADIUS_KM,
        water=WATER_T_PER_M3,
        wc=W_CLIMATE,
        wq=W_QUANTITY,
        wp=W_PROXIMITY,
        top_k=top_k,
    )
    result = con.execute(query).fetchnumpy()
    con.close()
    return {k: np.asarray(v) for k, v in result.items()}


def compare(engine: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """How far two results agree: directed pairs in common and the largest differences."""

    def keyed(result: dict[str, Any]) -> dict[tuple[int, int], tuple[float, float]]:
        return {
            (int(s), int(p)): (float(k), float(c))
            for s, p, k, c in zip(
                result["source"], result["partner"], result["km"], result["score"], strict=True
            )
        }

    a, b = keyed(engine), keyed(other)
    common = a.keys() & b.keys()
    km_diff = max((abs(a[k][0] - b[k][0]) for k in common), default=0.0)
    score_diff = max((abs(a[k][1] - b[k][1]) for k in common), default=0.0)
    return {
        "engine_pairs": len(a),
        "other_pairs": len(b),
        "common": len(common),
        "only_engine": len(a.keys() - b.keys()),
        "only_other": len(b.keys() - a.keys()),
        "max_km_diff": km_diff,
        "max_score_diff": score_diff,
        "identical": a.keys() == b.keys() and km_diff < 1e-3 and score_diff < 1e-3,
    }


def pairs_in_range_estimate(n: int, measured_n: int, measured: float) -> float:
    """A grid join's figure (seconds, or memory if it scaled the same) at ``n`` listings from
    one measured at ``measured_n``: the pairs in range grow with the square of the listings
    on fixed ground."""
    return measured * math.pow(n / measured_n, 2)
