"""Fuel: moisture -> energy per tonne and per loose cubic metre, and the fuel supply plan.

The net calorific value as received follows EN ISO 18125:2017 (also EN ISO 16559):

    q_net,ar = q_net,d * (1 - M/100) - 0.02443 * M        [MJ/kg, M = moisture % wet basis]

Energy per loose m3 multiplies by the as-received mass per loose m3, which is the dry matter per
loose m3 divided by (1 - M/100). Dry-basis NCVs and dry matter per loose m3 come from the
Finnish fuel handbook (Alakangas et al. 2016, VTT Technology 258), see ``data/heat/SOURCES.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from greencluster.core.errors import InfeasibleError
from greencluster.core.heat.defaults import (
    WATER_VAPORISATION_MJ_PER_KG,
    emission_factors,
    fuel_properties,
)
from greencluster.core.heat.problem import FuelSource

MJ_PER_MWH = 3600.0


def net_cv_as_received_mj_per_kg(net_cv_dry_mj_per_kg: float, moisture_pct: float) -> float:
    """Net calorific value as received (MJ/kg) at ``moisture_pct`` (wet basis, 0..100)."""
    if not 0.0 <= moisture_pct < 100.0:
        raise ValueError(f"moisture must be in [0, 100) %, got {moisture_pct}")
    wet = moisture_pct / 100.0
    return net_cv_dry_mj_per_kg * (1.0 - wet) - WATER_VAPORISATION_MJ_PER_KG * wet


def mwh_per_t(net_cv_dry_mj_per_kg: float, moisture_pct: float) -> float:
    """Energy of one tonne as received (MWh/t); MJ/kg equals GJ/t."""
    return net_cv_as_received_mj_per_kg(net_cv_dry_mj_per_kg, moisture_pct) * 1000.0 / MJ_PER_MWH


def t_per_loose_m3(dry_matter_kg_per_loose_m3: float, moisture_pct: float) -> float:
    """As-received tonnes per loose m3 (the dry matter plus its water)."""
    return dry_matter_kg_per_loose_m3 / (1.0 - moisture_pct / 100.0) / 1000.0


def mwh_per_loose_m3(
    net_cv_dry_mj_per_kg: float, moisture_pct: float, dry_matter_kg_per_loose_m3: float
) -> float:
    return mwh_per_t(net_cv_dry_mj_per_kg, moisture_pct) * t_per_loose_m3(
        dry_matter_kg_per_loose_m3, moisture_pct
    )


@dataclass(frozen=True, slots=True)
class FuelSupply:
    """The fuel one source delivers in a year."""

    source: str
    fuel: str
    origin: str
    fuel_mwh_per_a: float
    mwh_per_t: float
    mwh_per_loose_m3: float
    tonnes_per_a: float
    loose_m3_per_a: float
    cost_eur_per_a: float
    distance_km: float
    transport_t_km_per_a: float
    transport_kg_co2e_per_a: float


def source_properties(source: FuelSource) -> tuple[float, float]:
    """(MWh per tonne, MWh per loose m3) of a source, its own overrides before the handbook."""
    props = fuel_properties()[source.fuel]
    dry = source.net_cv_dry_mj_per_kg or props.net_cv_dry_mj_per_kg
    matter = source.dry_matter_kg_per_loose_m3 or props.dry_matter_kg_per_loose_m3
    return (
        mwh_per_t(dry, source.moisture_pct),
        mwh_per_loose_m3(dry, source.moisture_pct, matter),
    )


def plan_fuel_supply(sources: tuple[FuelSource, ...], fuel_mwh_per_a: float) -> list[FuelSupply]:
    """Buy ``fuel_mwh_per_a`` from the cheapest sources first, up to each one's ``max_mwh_per_a``.

    Transport: tonne-km one way at the DESNZ 2025 'All HGVs, average laden' factor (its load
    factor already reflects empty running). Raises :class:`InfeasibleError` when the sources
    together cannot deliver the fuel needed.
    """
    hgv = emission_factors()["hgv_all_average_laden_per_tkm"].value
    remaining = fuel_mwh_per_a
    supplies: list[FuelSupply] = []
    for source in sorted(sources, key=lambda s: (s.price_eur_per_mwh, s.distance_km, s.name)):
        if remaining <= 1e-9:
            break
        take = remaining if source.max_mwh_per_a is None else min(remaining, source.max_mwh_per_a)
        if take <= 0:
            continue
        per_t, per_m3 = source_properties(source)
        tonnes = take / per_t
        supplies.append(
            FuelSupply(
                source=source.name,
                fuel=source.fuel,
                origin=source.origin,
                fuel_mwh_per_a=take,
                mwh_per_t=per_t,
                mwh_per_loose_m3=per_m3,
                tonnes_per_a=tonnes,
                loose_m3_per_a=take / per_m3,
                cost_eur_per_a=take * source.price_eur_per_mwh,
                distance_km=source.distance_km,
                transport_t_km_per_a=tonnes * source.distance_km,
                transport_kg_co2e_per_a=tonnes * source.distance_km * hgv,
            )
        )
        remaining -= take
    if remaining > 1e-6 * max(1.0, fuel_mwh_per_a):
        raise InfeasibleError(
            f"the fuel sources deliver {fuel_mwh_per_a - remaining:.0f} MWh/a but the boiler "
            f"needs {fuel_mwh_per_a:.0f} MWh/a: raise max_mwh_per_a or add a source"
        )
    return supplies


def mean_fuel_price_eur_per_mwh(sources: tuple[FuelSource, ...], fuel_mwh_per_a: float) -> float:
    """Average delivered price of the fuel mix that buys ``fuel_mwh_per_a``."""
    if fuel_mwh_per_a <= 0:
        return min((s.price_eur_per_mwh for s in sources), default=0.0)
    supplies = plan_fuel_supply(sources, fuel_mwh_per_a)
    return sum(s.cost_eur_per_a for s in supplies) / fuel_mwh_per_a
