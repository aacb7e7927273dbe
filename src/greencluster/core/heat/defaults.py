"""Default values with their source and year, shown to the user beside every result.

Facts from elsewhere live in the shipped tables ``greencluster/data/heat/*.csv`` (copied rows of
IPCC 2006, DESNZ/DEFRA 2025, codecarbon, and the Finnish fuel handbook, see SOURCES.md there);
the few constants that come from regulations or physics are defined here with their citation.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class Default:
    """One default value: what it is, its unit, where it comes from and the source's year."""

    key: str
    value: float
    unit: str
    source: str
    year: int


@dataclass(frozen=True, slots=True)
class FuelProperties:
    fuel: str
    net_cv_dry_mj_per_kg: float
    typical_moisture_pct: float
    dry_matter_kg_per_loose_m3: float
    source: str
    year: int


def _read_csv(name: str) -> list[dict[str, str]]:
    text = (files("greencluster.data") / "heat" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def emission_factors() -> dict[str, Default]:
    """The shipped emission-factor rows by key."""
    return {
        row["key"]: Default(
            row["key"], float(row["value"]), row["unit"], row["source"], int(row["year"])
        )
        for row in _read_csv("emission_factors.csv")
    }


@cache
def fuel_properties() -> dict[str, FuelProperties]:
    """Dry-basis NCV, typical moisture and dry matter per loose m3 of each fuel kind."""
    return {
        row["fuel"]: FuelProperties(
            row["fuel"],
            float(row["net_cv_dry_mj_per_kg"]),
            float(row["typical_moisture_pct"]),
            float(row["dry_matter_kg_per_loose_m3"]),
            row["source"],
            int(row["year"]),
        )
        for row in _read_csv("fuel_properties.csv")
    }


CO2_PER_C = 44.009 / 12.011
"""Molar mass ratio CO2/C (IUPAC standard atomic weights)."""

WATER_VAPORISATION_MJ_PER_KG = 2.443
"""Enthalpy of vaporisation of water at 25 degC used by EN ISO 18125:2017 (0.02443 MJ/kg per %)."""

WATER_HEAT_KWH_PER_M3_K = 1.163
"""Volumetric heat capacity of water: 4.186 kJ/(kg K) x 1000 kg/m3 / 3600 s/h."""

WINTER_DIVERSITY = (0.449677646267461, 0.551234688, 53.84382392, 1.762743268)
"""Winter W., Haslauer T., Obernberger I. (2001) Untersuchungen der Gleichzeitigkeit in kleinen
und mittleren Nahwaermenetzen, Euroheat & Power 30(9/10): f(n) = a + b / (1 + (n/c)^d)."""

REGULATORY: dict[str, Default] = {
    d.key: d
    for d in (
        Default(
            "boiler_efficiency",
            0.75,
            "fraction",
            "Commission Regulation (EU) 2015/1189 (ecodesign of solid fuel boilers), Annex II: "
            "minimum seasonal space heating energy efficiency 75 % for rated output > 20 kW; a "
            "conservative floor, enter the tested efficiency of your boiler",
            2015,
        ),
        Default(
            "oil_boiler_efficiency",
            0.86,
            "fraction",
            "Commission Regulation (EU) No 813/2013 (ecodesign of space heaters), Annex II: "
            "minimum seasonal space heating energy efficiency 86 % of fuel boilers; old boilers "
            "are worse, so avoided emissions are understated",
            2013,
        ),
        Default(
            "heat_pump_scop",
            2.5,
            "-",
            "Commission Decision 2013/114/EU: minimum seasonal performance factor 2.5 for an "
            "electrically driven heat pump to count as renewable (SPF > 1.15 / 0.455)",
            2013,
        ),
        Default(
            "electric_heating_efficiency",
            1.0,
            "fraction",
            "Direct resistance heating turns all electricity into heat (energy conservation)",
            2026,
        ),
        Default(
            "fte_hours_per_a",
            1687.5,
            "h/a",
            "37.5 h/week (Finnish collective agreements within the 40 h limit of the Working Hours "
            "Act 872/2019) x 45 weeks (52 less 5 weeks of annual leave under the Annual Holidays "
            "Act 162/2005 and 2 weeks of public holidays)",
            2019,
        ),
    )
}


def default(key: str) -> Default:
    """A regulatory/physical default or a shipped emission factor by key."""
    if key in REGULATORY:
        return REGULATORY[key]
    return emission_factors()[key]


def oil_co2_kg_per_mwh_fuel() -> float:
    """Direct CO2 of burning gas/diesel (heating) oil per MWh of fuel (IPCC carbon content)."""
    carbon_kg_per_gj = emission_factors()["carbon_gas_diesel_oil"].value
    return carbon_kg_per_gj * CO2_PER_C * 3.6


def peat_co2_kg_per_mwh_fuel() -> float:
    """Direct CO2 of burning peat per MWh of fuel (IPCC carbon content)."""
    return emission_factors()["carbon_peat"].value * CO2_PER_C * 3.6


def oil_kwh_per_litre() -> float:
    """Net energy of a litre of gas oil, from the DESNZ 2025 well-to-tank factors per litre and
    per kWh (net CV) of the same fuel: 0.62665 / 0.06291 = 9.96 kWh/l."""
    factors = emission_factors()
    return factors["wtt_gas_oil_per_litre"].value / factors["wtt_gas_oil_per_kwh"].value


def grid_kg_co2e_per_mwh() -> float:
    """Finnish grid electricity (bidding zone FI, 2025) in kg CO2e per MWh."""
    return emission_factors()["grid_fi_g_per_kwh"].value
