"""Scoring candidate pairs: what can flow, at what transport cost in CO2, for what benefit.

For an offer o and a need n linked by a compatibility rule (``Use``):

- quantity that can flow: ``min(q_o, q_n)`` when both are given in the same basis (t, MWh or
  m3 per year); the one that is given when only one is; unknown otherwise.
- transport: flow (t/a) x road km x the DESNZ 2025 freight factor of the rule's mode
  (:data:`FREIGHT_ROWS`); water carriers are converted at 1 t/m3; pipelines count zero
  (pumping energy is not counted, as the explanation says); unknown when the mass is unknown.
- avoided: flow x the rule's ``avoided_kg_co2e_per_t`` (per its basis, from the taxonomy's
  sourced table); unknown where the rule has no sourced figure.
- net: avoided - transport (t CO2e/a, positive = a saving).
- value: flow x price (the offer's price, else the need's), EUR/a.
- score (0-100): 40 x climate fit (share of the avoided emissions left after transport; 0.5
  when unknown) + 35 x quantity fit (flow / the larger of the two quantities; 0.5 when
  unknown) + 25 x proximity (1 - distance / the pair's distance limit).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np
import numpy.typing as npt

from greencluster.core.matching.candidates import CandidatePairs
from greencluster.core.matching.problem import ListingTable, UseLike
from greencluster.core.matching.units import BASES, BASIS_UNIT

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]

FREIGHT_ROWS = {
    "road": "27_304_3140_14_1",  # HGV (all diesel), All HGVs, Average laden
    "rail": "27_315_3151_14_1",  # Rail, Freight train
    "ship": "27_320_3220_14_1",  # Cargo ship, Bulk carrier, 0-9999 dwt
}
"""DESNZ 2025 flat-file rows (kg CO2e per tonne.km) used per transport mode."""

PIPE_MODES = ("pipe",)
WATER_T_PER_M3 = 1.0
"""Density of water (t/m3), used to turn water carriers' m3 into tonnes for transport."""

W_CLIMATE, W_QUANTITY, W_PROXIMITY = 40.0, 35.0, 25.0


@dataclass(frozen=True, slots=True)
class FreightFactor:
    mode: str
    kg_co2e_per_tkm: float
    description: str
    source: str


@lru_cache(maxsize=1)
def freight_factors() -> dict[str, FreightFactor]:
    """Transport factors per mode, read from the shipped DESNZ 2025 freight table."""
    raw = (files("greencluster.data") / "matching" / "desnz_2025_freighting_goods.csv").read_bytes()
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8", "replace")))}
    result: dict[str, FreightFactor] = {}
    for mode, row_id in FREIGHT_ROWS.items():
        row = rows[row_id]
        parts = [row["Level 2"], row["Level 3"], row["Level 4"], row["Column Text"]]
        description = ", ".join(p.strip() for p in parts if p.strip())
        result[mode] = FreightFactor(
            mode=mode,
            kg_co2e_per_tkm=float(row["GHG Conversion Factor 2025"]),
            description=description.replace("\ufffd", "-"),
            source=f"UK DESNZ GHG conversion factors 2025, freighting goods, row {row_id}",
        )
    return result


@dataclass(frozen=True, eq=False)
class ScoredPairs:
    """Candidate pairs with their figures (arrays aligned with ``pairs``; NaN = unknown)."""

    pairs: CandidatePairs
    offer: IntArray
    need: IntArray
    flow_per_a: FloatArray
    basis_code: npt.NDArray[np.int8]
    limit_km: FloatArray
    transport_t_co2e_per_a: FloatArray
    avoided_t_co2e_per_a: FloatArray
    net_t_co2e_per_a: FloatArray
    value_eur_per_a: FloatArray
    score: FloatArray

    def __len__(self) -> int:
        return len(self.offer)


def use_arrays(uses: tuple[UseLike, ...]) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
    """Per rule: transport factor (kg/t.km; 0 for pipes, NaN unknown mode), avoided kg CO2e
    per basis unit (NaN unknown), distance limit (km) and basis code (-1 unknown)."""
    factors = freight_factors()
    n = len(uses)
    tkm = np.full(n, np.nan)
    avoided = np.full(n, np.nan)
    limit = np.full(n, np.inf)
    basis = np.full(n, -1, dtype=np.int32)
    for k, use in enumerate(uses):
        if use.transport in PIPE_MODES:
            tkm[k] = 0.0
        elif use.transport in factors:
            tkm[k] = factors[use.transport].kg_co2e_per_tkm
        if use.avoided_kg_co2e_per_t is not None:
            avoided[k] = use.avoided_kg_co2e_per_t
        limit[k] = use.max_distance_km
        basis[k] = BASES.index(use.basis) if use.basis in BASES else -1
    return tkm, avoided, limit, basis


def score_pairs(table: ListingTable, pairs: CandidatePairs) -> ScoredPairs:
    """Figures and score of every candidate pair (vectorised over pairs)."""
    src, partner = pairs.source, pairs.partner
    src_is_offer = table.is_offer[src]
    offer = np.where(src_is_offer, src, partner).astype(np.int32)
    need = np.where(src_is_offer, partner, src).astype(np.int32)
    tkm, avoided_per_unit, rule_limit, rule_basis = use_arrays(pairs.uses)
    use = pairs.use_code

    q_o, q_n = table.quantity_per_a[offer], table.quantity_per_a[need]
    b_o, b_n = table.basis_code[offer], table.basis_code[need]
    same_basis = (b_o == b_n) | (b_o < 0) | (b_n < 0)
    flow = np.where(same_basis, np.fmin(q_o, q_n), np.nan)
    basis = np.where(b_o >= 0, b_o, b_n).astype(np.int8)
    basis = np.where(np.isnan(flow), np.int8(-1), basis).astype(np.int8)

    distance_km = pairs.distance_km
    mass_t = np.where(basis == 0, flow, np.nan)
    is_water = _water_class_mask(table)[table.class_code[offer]]
    mass_t = np.where((basis == 2) & is_water, flow * WATER_T_PER_M3, mass_t)
    factor = tkm[use]
    transport = np.where(factor == 0.0, 0.0, mass_t * distance_km * factor / 1000.0)

    basis_ok = rule_basis[use] == basis
    avoided = np.where(basis_ok, flow * avoided_per_unit[use] / 1000.0, np.nan)
    net = avoided - transport

    price = np.where(
        np.isnan(table.price_eur_per_unit[offer]),
        table.price_eur_per_unit[need],
        table.price_eur_per_unit[offer],
    )
    value = flow * price

    limit_km = np.minimum(
        rule_limit[use], np.minimum(table.max_distance_km[offer], table.max_distance_km[need])
    )
    proximity = np.clip(1.0 - distance_km / limit_km, 0.0, 1.0)
    larger = np.fmax(q_o, q_n)
    with np.errstate(invalid="ignore", divide="ignore"):
        quantity_fit = np.where(same_basis & (larger > 0), flow / larger, np.nan)
        climate = np.where(avoided > 0, net / avoided, np.nan)
    quantity_fit = np.where(np.isnan(quantity_fit), 0.5, quantity_fit)
    climate = np.where(np.isnan(climate), 0.5, np.clip(climate, 0.0, 1.0))
    score = W_CLIMATE * climate + W_QUANTITY * quantity_fit + W_PROXIMITY * proximity
    return ScoredPairs(
        pairs=pairs,
        offer=offer,
        need=need,
        flow_per_a=flow,
        basis_code=basis,
        limit_km=limit_km,
        transport_t_co2e_per_a=transport,
        avoided_t_co2e_per_a=avoided,
        net_t_co2e_per_a=net,
        value_eur_per_a=value,
        score=score,
    )


def _water_class_mask(table: ListingTable) -> npt.NDArray[np.bool_]:
    return np.array([c.startswith("water.") for c in table.classes], dtype=bool)


def basis_unit(code: int) -> str:
    return BASIS_UNIT[BASES[code]] if code >= 0 else ""


def explain(table: ListingTable, scored: ScoredPairs, j: int) -> str:
    """A sentence a member can read: what flows from whom to whom, how far, and the figures."""
    o, n = int(scored.offer[j]), int(scored.need[j])
    use = scored.pairs.uses[int(scored.pairs.use_code[j])]
    km = float(scored.pairs.distance_km[j])
    unit = basis_unit(int(scored.basis_code[j]))
    parts = [
        f"{table.organizations[table.org_code[o]]} offers {table.classes[table.class_code[o]]}"
        f" that {table.organizations[table.org_code[n]]} can use ({use.use})",
        f"{km:,.1f} km by {use.transport} (limit {float(scored.limit_km[j]):,.0f} km)",
    ]
    flow = float(scored.flow_per_a[j])
    if np.isnan(flow):
        parts.append("quantity that can flow unknown (quantities missing or in different units)")
    else:
        parts.append(f"{flow:,.1f} {unit} can flow{_quantities(table, o, n)}")
    parts.append(_co2_text(scored, j, use))
    value = float(scored.value_eur_per_a[j])
    if not np.isnan(value):
        parts.append(f"value {value:,.0f} EUR/a at the stated price")
    if use.quality_note:
        parts.append(f"condition: {use.quality_note}")
    return "; ".join(parts) + "."


def _quantities(table: ListingTable, o: int, n: int) -> str:
    q_o, q_n = float(table.quantity_per_a[o]), float(table.quantity_per_a[n])
    if np.isnan(q_o) or np.isnan(q_n):
        return ""
    unit = basis_unit(int(table.basis_code[o]))
    return f" (offered {q_o:,.1f} {unit}, needed {q_n:,.1f} {unit})"


def _co2_text(scored: ScoredPairs, j: int, use: UseLike) -> str:
    transport = float(scored.transport_t_co2e_per_a[j])
    avoided = float(scored.avoided_t_co2e_per_a[j])
    net = float(scored.net_t_co2e_per_a[j])
    if use.transport in PIPE_MODES:
        transport_text = "transport by pipe: pumping energy not counted"
    elif np.isnan(transport):
        transport_text = "transport CO2e unknown (mass not known)"
    else:
        factor = freight_factors().get(use.transport)
        how = f" ({factor.kg_co2e_per_tkm} kg CO2e/t.km, {factor.source})" if factor else ""
        transport_text = f"transport {transport:,.2f} t CO2e/a{how}"
    if np.isnan(avoided):
        avoided_text = "avoided emissions unknown (no sourced factor for this use)"
    else:
        avoided_text = f"avoided {avoided:,.1f} t CO2e/a ({use.source})"
    net_text = "" if np.isnan(net) else f", net saving {net:,.1f} t CO2e/a"
    return f"{transport_text}; {avoided_text}{net_text}"
