"""What a result page, the comparison, the PDF and the API show of an evaluation: the key
figures with units, read from the stored result (``result_to_dict`` of the core)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from greencluster.web.heat.charts import cash_flow_chart, tornado_chart


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    unit: str
    get: Callable[[dict[str, Any]], float | None]
    digits: int = 0


def _path(*keys: str) -> Callable[[dict[str, Any]], float | None]:
    def get(result: dict[str, Any]) -> float | None:
        value: Any = result
        for key in keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return None if value is None else float(value)

    return get


FIGURES: tuple[Figure, ...] = (
    Figure(
        "connected_buildings",
        _("Buildings connected"),
        "",
        _path("network", "connected_buildings"),
    ),
    Figure(
        "min_energy_charge_eur_per_mwh",
        _("Minimum energy charge for the target return"),
        "€/MWh",
        _path("economics", "min_energy_charge_eur_per_mwh"),
        1,
    ),
    Figure("npv_eur", _("Net present value"), "€", _path("economics", "npv_eur")),
    Figure("irr_pct", _("Internal rate of return"), "%", _path("economics", "irr_pct"), 1),
    Figure("payback_years", _("Payback"), "a", _path("economics", "payback_years"), 1),
    Figure(
        "lcoh_eur_per_mwh",
        _("Levelised cost of heat"),
        "€/MWh",
        _path("economics", "lcoh_eur_per_mwh"),
        1,
    ),
    Figure(
        "total_investment_eur",
        _("Investment"),
        "€",
        _path("economics", "total_investment_eur"),
    ),
    Figure(
        "heat_sold_mwh_per_a",
        _("Heat sold"),
        "MWh/a",
        _path("energy", "heat_sold_mwh_per_a"),
    ),
    Figure(
        "boiler_capacity_kw",
        _("Boiler capacity"),
        "kW",
        _path("energy", "boiler_capacity_kw"),
    ),
    Figure(
        "trench_length_m",
        _("Network trench length"),
        "m",
        _path("network", "trench_length_m"),
    ),
    Figure(
        "fuel_tonnes_per_a",
        _("Fuel"),
        "t/a",
        _path("energy", "fuel_tonnes_per_a"),
    ),
    Figure(
        "fuel_loose_m3_per_a",
        _("Fuel, loose volume"),
        "m³/a",
        _path("energy", "fuel_loose_m3_per_a"),
    ),
    Figure(
        "avoided_t_co2e_per_a",
        _("CO2 avoided"),
        "t CO2e/a",
        _path("emissions", "avoided_t_co2e_per_a"),
        1,
    ),
    Figure(
        "oil_litres_replaced_per_a",
        _("Heating oil replaced"),
        "l/a",
        _path("emissions", "oil_litres_replaced_per_a"),
    ),
    Figure("jobs_fte", _("Jobs"), "FTE", _path("jobs_fte"), 2),
)

INVESTMENT_LABELS = {
    "boiler_eur": _("Boiler"),
    "building_eur": _("Boiler house"),
    "backup_eur": _("Back-up"),
    "storage_eur": _("Heat storage"),
    "network_eur": _("Network"),
    "connections_eur": _("Connections"),
    "other_eur": _("Other"),
}

PARAMETER_LABELS = {
    "fuel_price": _("Fuel price"),
    "heat_price": _("Heat price"),
    "demand": _("Heat demand"),
    "investment": _("Investment"),
}


def number(value: float | None, digits: int = 0) -> str:
    """A figure for reading: spaces between thousands, the language's decimal separator,
    '–' when undefined."""
    if value is None:
        return "–"
    decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
    return f"{value:,.{digits}f}".replace(",", "\u00a0").replace(".", decimal)


def key_figures(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": f.key,
            "label": f.label,
            "unit": f.unit,
            "value": f.get(result),
            "text": number(f.get(result), f.digits),
        }
        for f in FIGURES
    ]


def comparison_rows(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per key figure with the value of each evaluation, side by side."""
    return [
        {
            "key": f.key,
            "label": f.label,
            "unit": f.unit,
            "cells": [number(f.get(r), f.digits) for r in results],
        }
        for f in FIGURES
    ]


def charts(result: dict[str, Any], bars: list[dict[str, Any]]) -> dict[str, Any]:
    labels = {k: str(v) for k, v in PARAMETER_LABELS.items()}
    return {
        "cash_flow": cash_flow_chart(
            result["economics"]["cash_flow"], str(_("Project cash flow per year"))
        ),
        "tornado": tornado_chart(bars, labels, str(_("Net present value, ±20 %"))),
    }


def map_data(result: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """Buildings, plant and chosen pipes for the map (all public to those who see the page)."""
    return {
        "plant": {"lat": inputs["site"]["lat"], "lon": inputs["site"]["lon"]},
        "customers": [
            {
                "name": c["name"],
                "lat": c["lat"],
                "lon": c["lon"],
                "connected": c["connected"],
                "mwh": round(c["annual_heat_mwh"], 1),
            }
            for c in result["customers"]
        ],
        "pipes": [
            [[p["from_lat"], p["from_lon"]], [p["to_lat"], p["to_lon"]]]
            for p in result["network"]["pipes"]
        ],
        "streets": inputs.get("streets") or [],
    }


def cash_flow_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The cash-flow table: revenue, costs and financing per year, summed as the page shows."""
    rows = []
    for y in result["economics"]["cash_flow"]:
        rows.append(
            {
                "year": y["year"],
                "energy": y["revenue_energy_eur"],
                "fixed": y["revenue_fixed_eur"],
                "fuel": (y["fuel_eur"] or 0) + (y["backup_fuel_eur"] or 0),
                "operation": (y["om_eur"] or 0)
                + (y["labour_eur"] or 0)
                + (y["electricity_eur"] or 0),
                "investment": (y["investment_eur"] or 0) - (y["aid_eur"] or 0),
                "project": y["project_cash_flow_eur"],
                "loan": (y["loan_interest_eur"] or 0) + (y["loan_principal_eur"] or 0),
                "equity": y["equity_cash_flow_eur"],
                "cumulative": y["cumulative_project_eur"],
            }
        )
    return rows


def investment_rows(result: dict[str, Any]) -> list[tuple[str, float]]:
    return [
        (str(INVESTMENT_LABELS.get(key, key)), value)
        for key, value in result["economics"]["investment_eur"].items()
    ]


def sources_used(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The defaults and emission factors of a result with their sources, each key once (the
    first occurrence: the project's defaults before the emission factors)."""
    seen: dict[str, dict[str, Any]] = {}
    for d in list(result.get("defaults") or []) + list(result["emissions"].get("factors") or []):
        seen.setdefault(d["key"], d)
    return list(seen.values())
