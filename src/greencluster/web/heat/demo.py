"""Demo heat project of "Demo Kuortaneen Lämpö Oy" (South Ostrobothnia demo cluster): the
village-school example of ``examples/heat/village_school.toml`` and its customers moved to
Kuortane (every coordinate shifted by -0.1715° latitude and +0.4975° longitude). Every input
is demo data: the project is flagged ``is_demo`` and its name says so."""

from __future__ import annotations

import copy
from typing import Any

from greencluster.web.heat.models import HeatProject
from greencluster.web.heat.services import heat_evaluation_run, heat_project_import
from greencluster.web.registry.demo import SYSTEM
from greencluster.web.registry.models import Organisation

ORGANISATION = "Demo Kuortaneen Lämpö Oy"

# name, lat, lon, annual_heat_mwh, peak_kw, building_type, floor_area_m2, current heating,
# must connect (examples/heat/village_customers.csv, moved to Kuortane)
CUSTOMERS: list[tuple[Any, ...]] = [
    ("Village school", 62.8077, 23.5027, 520, 240, None, None, "oil", True),
    ("Day-care centre", 62.8086, 23.5050, 130, 60, None, None, "oil", False),
    ("Parish hall", 62.8060, 23.5076, 90, 55, None, None, "oil", False),
    ("Shop and post", 62.8095, 23.5005, 85, 40, None, None, "electric", False),
    ("Sports hall", 62.8068, 23.4993, 210, 110, None, None, "oil", False),
    ("Row house Koivu", 62.8107, 23.5065, 160, 75, None, None, "oil", False),
    ("Farm Mäkelä", 62.8025, 23.5185, 60, 30, None, None, "oil", False),
    ("House Niemi", 62.8082, 23.5085, None, None, "detached_house", 160, "oil", False),
    ("House Laine", 62.8091, 23.5095, None, None, "detached_house", 140, "electric", False),
    ("House Heikkilä", 62.8055, 23.5035, None, None, "detached_house", 180, "heat_pump", False),
    ("House Koski", 62.7975, 23.5275, None, None, "detached_house", 150, "oil", False),
]


def _customer(row: tuple[Any, ...]) -> dict[str, Any]:
    name, lat, lon, annual, peak, btype, area, heating, must = row
    data: dict[str, Any] = {"name": name, "lat": lat, "lon": lon, "current_heating": heating}
    data["must_connect"] = must
    if annual is not None:
        data |= {"annual_heat_mwh": annual, "peak_kw": peak}
    else:
        data |= {"building_type": btype, "floor_area_m2": area}
    return data


# Scenario inputs of the example (illustrative, not reference data; see the example's header).
PROJECT: dict[str, Any] = {
    "project": {"name": "Kuortane school heat plant (demo)", "start_year": 2027},
    "site": {"lat": 62.8075, "lon": 23.5035},
    "demand": {
        "full_load_hours_h": 2200,
        "building_types": {
            "detached_house": {"specific_heat_kwh_per_m2_a": 150, "full_load_hours_h": 2200}
        },
    },
    "customers": [_customer(row) for row in CUSTOMERS],
    "plant": {
        "boiler_efficiency": 0.85,
        "backup": "oil",
        "backup_capacity_kw": 200,
        "storage_volume_m3": 10,
        "storage_delta_t_k": 40,
        "storage_discharge_h": 4,
    },
    "fuel_sources": [
        {
            "name": "Own forest (logging residue chips)",
            "fuel": "wood_chips",
            "origin": "own_forest",
            "distance_km": 12,
            "moisture_pct": 40,
            "price_eur_per_mwh": 24,
            "max_mwh_per_a": 700,
        },
        {
            "name": "Sawmill side stream (member of the cluster)",
            "fuel": "sawdust",
            "origin": "member_side_stream",
            "distance_km": 35,
            "moisture_pct": 55,
            "price_eur_per_mwh": 20,
            "max_mwh_per_a": 300,
        },
        {
            "name": "Local chip supplier",
            "fuel": "wood_chips",
            "origin": "local_supplier",
            "distance_km": 40,
            "moisture_pct": 45,
            "price_eur_per_mwh": 29,
        },
    ],
    "network": {
        "route_source": "euclidean",
        "detour_factor": 1.3,
        "cost_eur_per_m": 260,
        "cost_eur_per_m_per_kw": 0.4,
        "heat_loss_w_per_m": 18,
        "min_linear_heat_density_mwh_per_m": 0.3,
        "optimise": True,
        "method": "auto",
        "time_limit_s": 20,
    },
    "economics": {
        "contract_years": 15,
        "discount_rate_pct": 6,
        "target_return_pct": 8,
        "energy_charge_eur_per_mwh": 92,
        "fixed_fee_eur_per_kw_a": 12,
        "heat_price_indexation_pct_per_a": 2,
        "fuel_price_indexation_pct_per_a": 2,
        "cost_indexation_pct_per_a": 2,
        "boiler_cost_eur_per_kw": 450,
        "building_cost_eur": 120000,
        "storage_cost_eur_per_m3": 1500,
        "connection_cost_eur_per_customer": 3500,
        "investment_aid_pct": 25,
        "loan_share_pct": 50,
        "loan_interest_pct": 4.5,
        "loan_years": 10,
        "om_pct_of_investment_per_a": 1.5,
        "labour_h_per_a": 350,
        "labour_cost_eur_per_h": 32,
        "electricity_use_pct_of_heat": 1.0,
        "electricity_price_eur_per_mwh": 130,
        "backup_fuel_price_eur_per_mwh": 125,
    },
}


def load(passwords: dict[str, str]) -> None:
    """Create the demo project with two evaluated scenarios (inside the demo transaction)."""
    organisation = Organisation.objects.get(name=ORGANISATION)
    project = heat_project_import(viewer=SYSTEM, organisation=organisation, data=PROJECT)
    HeatProject.objects.filter(pk=project.pk).update(is_demo=True)
    project.refresh_from_db()
    heat_evaluation_run(viewer=SYSTEM, project=project, label="Base case (demo values)")
    base_settings = copy.deepcopy(project.settings)
    project.settings["economics"]["investment_aid_pct"] = 0
    project.save(update_fields=["settings"])
    heat_evaluation_run(viewer=SYSTEM, project=project, label="Without investment aid (demo)")
    project.settings = base_settings
    project.save(update_fields=["settings"])
