"""CO2: the new heat supply against each customer's current heating.

Conventions (IPCC 2006, energy sector): CO2 from burning wood is biogenic and counted as zero
(reported separately as a memo item); peat and oil are fossil (IPCC carbon content). Upstream
(well-to-tank) factors and freight per tonne-km are DESNZ/DEFRA 2025; grid electricity is the
Finnish bidding-zone factor. DEFRA's wood-chip WTT factor already contains an average transport
leg, so adding the project's own truck transport errs on the side of more emissions.
"""

from __future__ import annotations

from dataclasses import dataclass

from greencluster.core.heat.defaults import (
    CO2_PER_C,
    Default,
    default,
    emission_factors,
    grid_kg_co2e_per_mwh,
    oil_co2_kg_per_mwh_fuel,
    oil_kwh_per_litre,
    peat_co2_kg_per_mwh_fuel,
)
from greencluster.core.heat.fuel import FuelSupply
from greencluster.core.heat.problem import Customer, EmissionSettings

WTT_KEY = {
    "wood_chips": "wtt_wood_chips_per_kwh",
    "sawdust": "wtt_wood_chips_per_kwh",
    "bark": "wtt_wood_chips_per_kwh",
    "recycled_wood": "wtt_wood_chips_per_kwh",
    "pellets": "wtt_wood_pellets_per_kwh",
}


@dataclass(frozen=True, slots=True)
class CustomerEmissions:
    name: str
    current_heating: str
    heat_mwh_per_a: float
    current_t_co2e_per_a: float | None
    new_t_co2e_per_a: float
    avoided_t_co2e_per_a: float | None
    oil_litres_replaced_per_a: float


@dataclass(frozen=True, slots=True)
class EmissionsResult:
    customers: tuple[CustomerEmissions, ...]
    combustion_fossil_t_co2_per_a: float
    biogenic_t_co2_per_a: float
    fuel_upstream_t_co2e_per_a: float
    transport_t_co2e_per_a: float
    backup_t_co2e_per_a: float
    electricity_t_co2e_per_a: float
    new_supply_t_co2e_per_a: float
    new_supply_kg_co2e_per_mwh: float
    current_t_co2e_per_a: float
    avoided_t_co2e_per_a: float
    oil_litres_replaced_per_a: float
    factors: tuple[Default, ...]


def _setting(value: float | None, key: str) -> float:
    """The user's value, or the sourced default when it is not set (0 is a value)."""
    return default(key).value if value is None else value


def _grid(settings: EmissionSettings) -> float:
    value = settings.grid_kg_co2e_per_mwh
    return grid_kg_co2e_per_mwh() if value is None else value


def current_kg_per_mwh_heat(customer: Customer, settings: EmissionSettings) -> float | None:
    """kg CO2e per MWh of heat of the customer's current heating, or None when unknown."""
    if customer.current_co2_kg_per_mwh is not None:
        return customer.current_co2_kg_per_mwh
    grid = _grid(settings)
    if customer.current_heating == "oil":
        efficiency = _setting(settings.oil_boiler_efficiency, "oil_boiler_efficiency")
        wtt = emission_factors()["wtt_gas_oil_per_kwh"].value * 1000.0
        return (oil_co2_kg_per_mwh_fuel() + wtt) / efficiency
    if customer.current_heating == "electric":
        return grid / default("electric_heating_efficiency").value
    if customer.current_heating == "heat_pump":
        return grid / _setting(settings.heat_pump_scop, "heat_pump_scop")
    if customer.current_heating == "wood":
        wtt = emission_factors()["wtt_wood_logs_per_kwh"].value * 1000.0
        return wtt / default("boiler_efficiency").value
    return None


def evaluate_emissions(
    customers: tuple[Customer, ...],
    supplies: list[FuelSupply],
    *,
    backup_kind: str,
    backup_fuel_mwh: float,
    electricity_mwh: float,
    heat_sold_mwh: float,
    settings: EmissionSettings,
) -> EmissionsResult:
    """Yearly emissions of the new supply, shared by heat bought, against current heating."""
    factors = emission_factors()
    grid = _grid(settings)
    fossil = sum(
        s.fuel_mwh_per_a * peat_co2_kg_per_mwh_fuel() for s in supplies if s.fuel == "peat"
    )
    wood_c = factors["carbon_wood"].value
    biogenic = sum(
        s.fuel_mwh_per_a * wood_c * CO2_PER_C * 3.6 for s in supplies if s.fuel != "peat"
    )
    upstream = sum(
        s.fuel_mwh_per_a * 1000.0 * factors[WTT_KEY[s.fuel]].value
        for s in supplies
        if s.fuel in WTT_KEY
    )
    transport = sum(s.transport_kg_co2e_per_a for s in supplies)
    if backup_kind == "oil":
        backup = backup_fuel_mwh * (
            oil_co2_kg_per_mwh_fuel() + factors["wtt_gas_oil_per_kwh"].value * 1000.0
        )
    elif backup_kind == "electric":
        backup = backup_fuel_mwh * grid
    else:
        backup = 0.0
    electricity = electricity_mwh * grid
    new_total = fossil + upstream + transport + backup + electricity
    per_mwh = new_total / heat_sold_mwh if heat_sold_mwh > 0 else 0.0
    rows = []
    oil_eff = _setting(settings.oil_boiler_efficiency, "oil_boiler_efficiency")
    litres_per_mwh_heat = 1000.0 / oil_kwh_per_litre() / oil_eff
    for c in customers:
        current = current_kg_per_mwh_heat(c, settings)
        new = c.annual_heat_mwh * per_mwh
        rows.append(
            CustomerEmissions(
                name=c.name,
                current_heating=c.current_heating,
                heat_mwh_per_a=c.annual_heat_mwh,
                current_t_co2e_per_a=None if current is None else current * c.annual_heat_mwh / 1e3,
                new_t_co2e_per_a=new / 1e3,
                avoided_t_co2e_per_a=None
                if current is None
                else (current * c.annual_heat_mwh - new) / 1e3,
                oil_litres_replaced_per_a=c.annual_heat_mwh * litres_per_mwh_heat
                if c.current_heating == "oil"
                else 0.0,
            )
        )
    current_total = sum(r.current_t_co2e_per_a or 0.0 for r in rows)
    used = [
        "carbon_gas_diesel_oil",
        "carbon_peat",
        "carbon_wood",
        "wtt_gas_oil_per_kwh",
        "wtt_gas_oil_per_litre",
        "wtt_wood_chips_per_kwh",
        "wtt_wood_pellets_per_kwh",
        "wtt_wood_logs_per_kwh",
        "hgv_all_average_laden_per_tkm",
        "grid_fi_g_per_kwh",
    ]
    return EmissionsResult(
        customers=tuple(rows),
        combustion_fossil_t_co2_per_a=fossil / 1e3,
        biogenic_t_co2_per_a=biogenic / 1e3,
        fuel_upstream_t_co2e_per_a=upstream / 1e3,
        transport_t_co2e_per_a=transport / 1e3,
        backup_t_co2e_per_a=backup / 1e3,
        electricity_t_co2e_per_a=electricity / 1e3,
        new_supply_t_co2e_per_a=new_total / 1e3,
        new_supply_kg_co2e_per_mwh=per_mwh,
        current_t_co2e_per_a=current_total,
        avoided_t_co2e_per_a=sum(
            r.avoided_t_co2e_per_a for r in rows if r.avoided_t_co2e_per_a is not None
        ),
        oil_litres_replaced_per_a=sum(r.oil_litres_replaced_per_a for r in rows),
        factors=tuple(factors[k] for k in used)
        + tuple(
            default(k)
            for k in ("oil_boiler_efficiency", "heat_pump_scop", "electric_heating_efficiency")
        ),
    )
