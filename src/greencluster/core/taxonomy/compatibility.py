"""Which offered classes can feed which needs, how far, and what that avoids.

The rules live in ``greencluster/data/taxonomy/compatibility.csv``: one line per route with
the offered classes (any level: an EWC entry, a sub-chapter such as ``ewc.1001``, a product or
carrier), the need classes, the use, transport mode, maximum distance, the reference the
avoided emissions are computed from, the basis (t, MWh, m3), quality conditions and a source.

Avoided emissions are computed here from the shipped factor tables, never typed in:

* ``material:<name>``: DESNZ 2025 material use, primary production minus closed-loop source
  (kg CO2e per tonne of secondary material used instead of primary);
* ``fuel:<displaced>:<fuel>``: IPCC 2006 default net calorific value of the offered fuel
  (GJ/t) times the default carbon content of the displaced fuel (kg C/GJ) times 44/12;
* ``heat:<displaced>``: carbon content of the displaced fuel per MWh (3.6 GJ) of heat, a lower
  bound that assumes 100 % boiler efficiency.

Lookup order in :func:`uses_for`: rules on the exact class, its equivalents, then its
sub-chapter, chapter and family; then the same material (the class itself, a product and its
EWC equivalents, or a need for a whole group such as ``ewc.1001`` "ash" or ``energy``).
Distance limits for the same material follow the class family (pipe-borne
heat, steam and water only a few km).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

from greencluster.core.taxonomy.classes import ancestors, data_rows, equivalents, get_class

TRANSPORTS = ("road", "pipe", "rail", "ship")
BASES = ("t", "MWh", "m3")
"""What quantities are counted in (per year): mass, energy, volume; never converted into
each other (:mod:`greencluster.core.matching.units` normalises listings to them)."""
CO2_PER_C = 44.0 / 12.0
GJ_PER_MWH = 3.6


@dataclass(frozen=True, slots=True)
class Use:
    """How an offer of ``offer_class`` can serve a need of ``need_class``."""

    offer_class: str
    need_class: str
    use: str
    transport: str
    max_distance_km: float
    avoided_kg_co2e_per_t: float | None
    basis: str
    quality_note: str
    source: str


# Same-material exchanges: transport and reach by family (GreenCluster defaults, see
# docs/taxonomy.md): pipes for heat, steam, water and fuel gas stay within a few km.
_SAME_MATERIAL: dict[str, tuple[str, float, str]] = {
    "energy.heat": ("pipe", 5.0, "MWh"),
    "energy.steam": ("pipe", 2.0, "MWh"),
    "energy.cooling": ("pipe", 3.0, "MWh"),
    "energy.fuel-gas": ("pipe", 10.0, "MWh"),
    "energy.electricity": ("pipe", 5.0, "MWh"),
    "water.cooling": ("pipe", 5.0, "m3"),
    "water.process": ("pipe", 5.0, "m3"),
    "water.wastewater": ("pipe", 5.0, "m3"),
    "gas.co2": ("road", 300.0, "t"),
    "gas.hydrogen": ("pipe", 10.0, "t"),
    "gas.oxygen": ("pipe", 5.0, "t"),
}
_BULK_DEFAULT = ("road", 200.0, "t")
_DEFAULT_SOURCE = "GreenCluster default for exchanges of the same material (docs/taxonomy.md)"


def _number(rows: list[dict[str, str]], **match: str) -> float:
    for row in rows:
        if all(row.get(k) == v for k, v in match.items()):
            return float(row["value"] if "value" in row else row["GHG Conversion Factor 2025"])
    raise KeyError(f"no factor for {match}")


@cache
def _material_rows() -> list[dict[str, str]]:
    return data_rows("desnz_2025_material_use.csv")


def avoided_from_reference(reference: str) -> float | None:
    """Avoided kg CO2e per basis unit for a reference such as 'material:Glass' (None if '')."""
    if not reference:
        return None
    kind, _, rest = reference.partition(":")
    if kind == "material":
        rows = _material_rows()
        primary = _number(rows, **{"Level 3": rest, "Column Text": "Primary material production"})
        closed = _number(rows, **{"Level 3": rest, "Column Text": "Closed-loop source"})
        return round(primary - closed, 3)
    carbon = data_rows("ipcc2006_carbon_content_per_energy.csv")
    if kind == "fuel":
        displaced, _, fuel = rest.partition(":")
        energy = data_rows("ipcc2006_energy_content_per_mass.csv")
        ncv_gj_per_t = _number(energy, product=fuel, property="def")
        c_kg_per_gj = _number(carbon, product=displaced, property="def")
        return round(ncv_gj_per_t * c_kg_per_gj * CO2_PER_C, 3)
    if kind == "heat":
        c_kg_per_gj = _number(carbon, product=rest, property="def")
        return round(c_kg_per_gj * CO2_PER_C * GJ_PER_MWH, 3)
    raise ValueError(f"unknown avoided-emission reference '{reference}'")


@cache
def _rules() -> Mapping[tuple[str, str], Use]:
    rules: dict[tuple[str, str], Use] = {}
    for line, row in enumerate(data_rows("compatibility.csv"), start=2):
        transport, basis = row["transport"], row["basis"]
        if transport not in TRANSPORTS or basis not in BASES:
            raise ValueError(f"compatibility.csv line {line}: bad transport or basis")
        avoided = avoided_from_reference(row["avoided_ref"])
        for offer in row["offers"].split():
            for need in row["needs"].split():
                get_class(offer), get_class(need)  # unknown ids fail loudly
                rules.setdefault(
                    (offer, need),
                    Use(
                        offer_class=offer,
                        need_class=need,
                        use=row["use"],
                        transport=transport,
                        max_distance_km=float(row["max_distance_km"]),
                        avoided_kg_co2e_per_t=avoided,
                        basis=basis,
                        quality_note=row["quality_note"],
                        source=row["source"],
                    ),
                )
    return MappingProxyType(rules)


@cache
def _offer_keys(offer: str) -> tuple[str, ...]:
    keys: list[str] = [offer]
    keys.extend(equivalents(offer))
    for key in (offer, *equivalents(offer)):
        keys.extend(ancestors(key)[1:])
    return tuple(dict.fromkeys(keys))


def _is_group(class_id: str) -> bool:
    """A need for a whole group ("ash", ``ewc.1001``; "energy") accepts any member of it.

    The product family root is too broad to mean anything and is left out.
    """
    cls = get_class(class_id)
    return cls.kind in ("sub-chapter", "chapter") or (cls.kind == "carrier" and "." not in cls.id)


def _same_material(offer: str, need: str) -> Use | None:
    if offer == need or need in equivalents(offer):
        use = "same material"
    elif _is_group(need) and need in _offer_keys(offer):
        use = f"same material ({get_class(need).label()})"
    else:
        return None
    family_key = offer if offer in _SAME_MATERIAL else need
    transport, distance_km, basis = _SAME_MATERIAL.get(family_key, _BULK_DEFAULT)
    return Use(
        offer_class=offer,
        need_class=need,
        use=use,
        transport=transport,
        max_distance_km=distance_km,
        avoided_kg_co2e_per_t=None,
        basis=basis,
        quality_note="quality to be agreed between the parties",
        source=_DEFAULT_SOURCE,
    )


@lru_cache(maxsize=65_536)  # bounded: a caller may ask for every pair of classes
def uses_for(offer_class_id: str, need_class_id: str) -> Use | None:
    """How an offer of one class can serve a need of another, or None if it cannot.

    Unknown class ids raise KeyError. A sourced rule beats the generic same-material use.
    """
    get_class(offer_class_id), get_class(need_class_id)
    rules = _rules()
    need_keys = (need_class_id, *equivalents(need_class_id))
    for offer_key in _offer_keys(offer_class_id):
        for need_key in need_keys:
            rule = rules.get((offer_key, need_key))
            if rule is not None:
                return rule
    return _same_material(offer_class_id, need_class_id)


@cache
def needs_accepting(offer_class_id: str) -> tuple[str, ...]:
    """Every need class an offer of this class can serve (sorted; includes itself)."""
    get_class(offer_class_id)
    candidates = {need for _, need in _rules()} | {offer_class_id}
    candidates |= set(equivalents(offer_class_id)) | set(_offer_keys(offer_class_id))
    for need in list(candidates):
        candidates |= set(equivalents(need))
    return tuple(sorted(n for n in candidates if uses_for(offer_class_id, n) is not None))
