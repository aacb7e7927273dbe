"""Codes a KPI report may use, mapped to factor-table keys.

Fuels, materials and waste materials are whatever the factor table holds (``fuel.<code>``,
``material.<code>.*``, ``waste.<code>.*``, see :meth:`FactorTable.codes`), so a cluster
override adds a new code. Transport modes have short codes for the common cases; any full
``freight.*`` key is accepted too.
"""

from __future__ import annotations

FREIGHT_MODES: dict[str, str] = {
    "road_van": "freight.vans.average_up_to_3_5_tonnes.diesel",
    "road_hgv": "freight.hgv_all_diesel.all_hgvs.average_laden",
    "road_hgv_rigid": "freight.hgv_all_diesel.all_rigids.average_laden",
    "road_hgv_articulated": "freight.hgv_all_diesel.all_artics.average_laden",
    "road_hgv_articulated_over_33t": "freight.hgv_all_diesel.articulated_33t.average_laden",
    "road_hgv_refrigerated": "freight.hgv_refrigerated_all_diesel.all_hgvs.average_laden",
    "rail": "freight.rail.freight_train",
    "sea_container": "freight.cargo_ship.container_ship.average",
    "sea_bulk": "freight.cargo_ship.bulk_carrier.average",
    "sea_general_cargo": "freight.cargo_ship.general_cargo.average",
    "sea_roro": "freight.cargo_ship.roro_ferry.average",
    "sea_ropax": "freight.cargo_ship.large_ropax_ferry.average",
    "sea_tanker": "freight.sea_tanker.products_tanker.average",
    "air": "freight.freight_flights.international_to_from_non_uk.with_rf",
}

# Waste treatment: route names of the factor table, and the R/D codes (Waste Framework
# Directive 2008/98/EC, Annexes I and II) whose route is unambiguous.
WASTE_ROUTES = (
    "landfill",
    "incineration_with_energy_recovery",
    "closed_loop",
    "open_loop",
    "composting",
    "anaerobic_digestion",
    "re_use",
)
TREATMENT_CODES = {"D1": "landfill", "D5": "landfill", "R1": "incineration_with_energy_recovery"}
CIRCULAR_SOURCES = ("closed_loop_source", "re_used", "open_loop_source")


def freight_key(mode: str) -> str:
    return FREIGHT_MODES.get(mode, mode if mode.startswith("freight.") else f"freight.{mode}")


def waste_route(treatment: str) -> str:
    cleaned = treatment.strip()
    return TREATMENT_CODES.get(cleaned.upper(), cleaned.lower())
