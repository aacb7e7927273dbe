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
from concurrent.futures import ThreadPoolExecutor
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
def freight_rows() -> dict[str, dict[str, str]]:
    """Rows of the shipped DESNZ 2025 freight table by their DESNZ ID."""
    raw = (files("greencluster.data") / "matching" / "desnz_2025_freighting_goods.csv").read_bytes()
    return {r["ID"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8", "replace")))}


@lru_cache(maxsize=1)
def freight_factors() -> dict[str, FreightFactor]:
    """Transport factors per mode, read from the shipped DESNZ 2025 freight table."""
    rows = freight_rows()
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


Float32Array = npt.NDArray[np.float32]
CHUNK_PAIRS = 1_000_000


@dataclass(frozen=True, eq=False)
class ScoredPairs:
    """Candidate pairs with their figures (arrays aligned with ``pairs``; NaN = unknown).

    Figures are float32 (7 significant digits), so that 20 million scored pairs fit in well
    under a gigabyte.
    """

    pairs: CandidatePairs
    offer: IntArray
    need: IntArray
    flow_per_a: Float32Array
    basis_code: npt.NDArray[np.int8]
    transport_t_co2e_per_a: Float32Array
    avoided_t_co2e_per_a: Float32Array
    net_t_co2e_per_a: Float32Array
    value_eur_per_a: Float32Array
    score: Float32Array

    def __len__(self) -> int:
        return len(self.offer)

    def limit_km(self, table: ListingTable, j: int) -> float:
        """The road-distance limit of pair ``j`` (rule and both members' own limits)."""
        use = self.pairs.uses[int(self.pairs.use_code[j])]
        o, n = int(self.offer[j]), int(self.need[j])
        return min(
            float(use.max_distance_km),
            float(table.max_distance_km[o]),
            float(table.max_distance_km[n]),
        )


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


def score_pairs(table: ListingTable, pairs: CandidatePairs, *, workers: int = 1) -> ScoredPairs:
    """Figures and score of every candidate pair (vectorised, in chunks of pairs that
    ``workers`` threads share: numpy releases the GIL)."""
    src, partner = pairs.source, pairs.partner
    src_is_offer = table.is_offer[src]
    offer = np.where(src_is_offer, src, partner).astype(np.int32)
    need = np.where(src_is_offer, partner, src).astype(np.int32)
    n = len(src)
    out = {
        name: np.empty(n, np.float32)
        for name in ("flow", "transport", "avoided", "net", "value", "score")
    }
    basis = np.empty(n, np.int8)
    rules = use_arrays(pairs.uses)
    columns = _Columns.of(table)

    def run(start: int) -> None:
        part = slice(start, min(n, start + CHUNK_PAIRS))
        figures, basis[part] = _score_chunk(
            columns,
            offer[part],
            need[part],
            pairs.distance_km[part],
            pairs.use_code[part],
            rules,
        )
        for name, values in figures.items():
            out[name][part] = values

    starts = range(0, n, CHUNK_PAIRS)
    if workers > 1 and len(starts) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run, starts))
    else:
        for start in starts:
            run(start)
    return ScoredPairs(
        pairs=pairs,
        offer=offer,
        need=need,
        flow_per_a=out["flow"],
        basis_code=basis,
        transport_t_co2e_per_a=out["transport"],
        avoided_t_co2e_per_a=out["avoided"],
        net_t_co2e_per_a=out["net"],
        value_eur_per_a=out["value"],
        score=out["score"],
    )


@dataclass(frozen=True, slots=True)
class _Columns:
    """The listing columns scoring reads, in float32 (quantities keep 7 significant digits)."""

    quantity: Float32Array
    basis: npt.NDArray[np.int8]
    price: Float32Array
    max_km: Float32Array
    water: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, table: ListingTable) -> _Columns:
        water_class = np.array([c.startswith("water.") for c in table.classes], dtype=bool)
        return cls(
            quantity=table.quantity_per_a.astype(np.float32),
            basis=table.basis_code,
            price=table.price_eur_per_unit.astype(np.float32),
            max_km=table.max_distance_km.astype(np.float32),
            water=water_class[table.class_code] if len(water_class) else np.zeros(0, bool),
        )


def _score_chunk(
    col: _Columns,
    offer: IntArray,
    need: IntArray,
    distance_km: npt.NDArray[np.floating],
    use: IntArray,
    rules: tuple[FloatArray, FloatArray, FloatArray, IntArray],
) -> tuple[dict[str, Float32Array], npt.NDArray[np.int8]]:
    tkm, avoided_per_unit, rule_limit, rule_basis = (
        rules[0].astype(np.float32),
        rules[1].astype(np.float32),
        rules[2].astype(np.float32),
        rules[3],
    )
    q_o, q_n = col.quantity[offer], col.quantity[need]
    b_o, b_n = col.basis[offer], col.basis[need]
    same_basis = (b_o == b_n) | (b_o < 0) | (b_n < 0)
    flow = np.fmin(q_o, q_n)
    flow[~same_basis] = np.nan
    basis = np.where(b_o >= 0, b_o, b_n)
    basis[np.isnan(flow)] = -1
    km = distance_km.astype(np.float32)

    water = (basis == 2) & col.water[offer]
    mass_t = np.where(basis == 0, flow, np.float32(np.nan))
    mass_t[water] = flow[water] * np.float32(WATER_T_PER_M3)
    factor = tkm[use]
    transport = mass_t * km * factor * np.float32(0.001)
    transport[factor == 0] = 0.0
    avoided = flow * avoided_per_unit[use] * np.float32(0.001)
    avoided[rule_basis[use] != basis] = np.nan
    net = avoided - transport

    price = col.price[offer]
    no_price = np.isnan(price)
    price[no_price] = col.price[need][no_price]
    limit_km = np.minimum(rule_limit[use], np.minimum(col.max_km[offer], col.max_km[need]))
    proximity = np.clip(1 - km / limit_km, 0, 1)
    larger = np.fmax(q_o, q_n)
    with np.errstate(invalid="ignore", divide="ignore"):
        quantity_fit = flow / larger
        climate = np.clip(net / avoided, 0, 1)
    quantity_fit[np.isnan(quantity_fit) | ~(larger > 0)] = 0.5
    climate[np.isnan(climate) | ~(avoided > 0)] = 0.5
    score = (
        np.float32(W_CLIMATE) * climate
        + np.float32(W_QUANTITY) * quantity_fit
        + np.float32(W_PROXIMITY) * proximity
    )
    figures = {
        "flow": flow,
        "transport": transport,
        "avoided": avoided,
        "net": net,
        "value": flow * price,
        "score": score,
    }
    return figures, basis.astype(np.int8)


def basis_unit(code: int) -> str:
    return BASIS_UNIT[BASES[code]] if code >= 0 else ""


def explain(table: ListingTable, scored: ScoredPairs, j: int) -> str:
    """A sentence a member can read: what flows from whom to whom, how far, and the figures."""
    o, n = int(scored.offer[j]), int(scored.need[j])
    use = scored.pairs.uses[int(scored.pairs.use_code[j])]
    km = float(scored.pairs.distance_km[j])
    unit = basis_unit(int(scored.basis_code[j]))
    parts = [
        f"{table.organizations[table.org_code[o]]} offers "
        f"{class_label(table.classes[table.class_code[o]])} that "
        f"{table.organizations[table.org_code[n]]} can use ({use.use})",
        f"{km:,.1f} km by {use.transport} (limit {scored.limit_km(table, j):,.0f} km)",
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


@lru_cache(maxsize=4096)
def class_label(class_id: str) -> str:
    """The class's English label with its id ("fly ash (product.fly-ash)"), or the id."""
    from greencluster.core.taxonomy import get_class

    try:
        label = get_class(class_id).label("en")
    except KeyError:
        return class_id
    return (
        f"{label.lower() if label[:1].isupper() and label[1:2].islower() else label} ({class_id})"
    )


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
