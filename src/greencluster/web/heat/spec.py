"""The project's settings as the core's TOML schema sections, the fields the settings form
shows for them, and the assembly of a project's inputs for ``project_from_dict``.

A setting left blank is not stored, so the core's sourced default applies (and is shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from greencluster.core.heat.defaults import default

SECTIONS = ("plant", "demand", "network", "economics", "emissions")
WEB_MAX_TIME_LIMIT_S = 10.0
"""Evaluations run while the user waits: the network solve is capped at this many seconds."""


@dataclass(frozen=True)
class Setting:
    section: str
    key: str
    label: Promise
    kind: str = "number"  # number | integer | choice | flag
    required: bool = False
    default_key: str | None = None  # a sourced core default shown beside the field
    help: Promise | None = None
    choices: tuple[tuple[str, Promise], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.section}__{self.key}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "plant",
        "boiler_efficiency",
        _("Boiler seasonal efficiency (0–1)"),
        default_key="boiler_efficiency",
    ),
    Setting(
        "plant",
        "boiler_capacity_kw",
        _("Boiler capacity (kW)"),
        help=_("Blank: sized to the diversified peak after storage."),
    ),
    Setting(
        "plant",
        "backup",
        _("Back-up for the peak"),
        kind="choice",
        choices=(("none", _("None")), ("oil", _("Oil")), ("electric", _("Electric"))),
    ),
    Setting("plant", "backup_capacity_kw", _("Back-up capacity (kW)")),
    Setting(
        "plant",
        "backup_efficiency",
        _("Back-up efficiency (0–1)"),
        default_key="oil_boiler_efficiency",
        help=_("Blank: the oil boiler default for an oil back-up, 1.0 for electric."),
    ),
    Setting("plant", "storage_volume_m3", _("Heat storage volume (m³)")),
    Setting("plant", "storage_delta_t_k", _("Storage temperature difference (K)")),
    Setting("plant", "storage_discharge_h", _("Storage discharge time (h)")),
    Setting(
        "demand",
        "full_load_hours_h",
        _("Full-load hours of customers (h/a)"),
        help=_("Used to estimate the peak of customers entered without one."),
    ),
    Setting(
        "network",
        "route_source",
        _("Routes"),
        kind="choice",
        choices=(
            ("euclidean", _("Straight lines with a detour factor")),
            ("streets", _("Along the uploaded streets")),
        ),
    ),
    Setting(
        "network",
        "detour_factor",
        _("Detour factor of routes (1–3)"),
        help=_(
            "Routes are straight lines between neighbouring buildings times this factor; "
            "measure a few real routes on the map."
        ),
    ),
    Setting("network", "cost_eur_per_m", _("Trench cost (€/m)"), required=True),
    Setting(
        "network",
        "cost_eur_per_m_per_kw",
        _("Extra trench cost per kW carried (€/m/kW)"),
    ),
    Setting(
        "network",
        "heat_loss_w_per_m",
        _("Heat loss of the pipes (W per trench metre)"),
        required=True,
    ),
    Setting(
        "network",
        "min_linear_heat_density_mwh_per_m",
        _("Minimum linear heat density (MWh/m,a)"),
    ),
    Setting(
        "network",
        "optimise",
        _("Choose the buildings worth connecting"),
        kind="flag",
        help=_("Off: every customer is connected."),
    ),
    Setting(
        "network",
        "method",
        _("Network method"),
        kind="choice",
        help=_(
            "A run here stops the network search after 10 s and reports the gap to the bound; "
            "use the command line for long searches."
        ),
        choices=(
            ("auto", _("Automatic")),
            ("milp", _("Exact (MILP)")),
            ("heuristic", _("Fast heuristic")),
        ),
    ),
    Setting("economics", "contract_years", _("Contract years"), kind="integer", required=True),
    Setting("economics", "discount_rate_pct", _("Discount rate (%)"), required=True),
    Setting(
        "economics",
        "target_return_pct",
        _("Target return for the minimum price (%)"),
        help=_("Blank: the discount rate."),
    ),
    Setting(
        "economics",
        "energy_charge_eur_per_mwh",
        _("Energy charge (€/MWh)"),
        required=True,
    ),
    Setting("economics", "fixed_fee_eur_per_kw_a", _("Fixed fee (€/kW a)")),
    Setting("economics", "fixed_fee_eur_per_customer_a", _("Fixed fee (€ per customer a)")),
    Setting("economics", "heat_price_indexation_pct_per_a", _("Heat price indexation (%/a)")),
    Setting("economics", "fuel_price_indexation_pct_per_a", _("Fuel price indexation (%/a)")),
    Setting("economics", "cost_indexation_pct_per_a", _("Cost indexation (%/a)")),
    Setting("economics", "boiler_cost_eur_per_kw", _("Boiler cost (€/kW)"), required=True),
    Setting("economics", "building_cost_eur", _("Boiler house (€)")),
    Setting("economics", "backup_cost_eur_per_kw", _("Back-up cost (€/kW)")),
    Setting("economics", "storage_cost_eur_per_m3", _("Storage cost (€/m³)")),
    Setting(
        "economics",
        "connection_cost_eur_per_customer",
        _("Connection cost (€ per customer)"),
    ),
    Setting("economics", "other_investment_eur", _("Other investment (€)")),
    Setting("economics", "investment_aid_pct", _("Investment aid (%)")),
    Setting("economics", "loan_share_pct", _("Loan share of the investment (%)")),
    Setting("economics", "loan_interest_pct", _("Loan interest (%)")),
    Setting("economics", "loan_years", _("Loan years"), kind="integer"),
    Setting(
        "economics",
        "om_pct_of_investment_per_a",
        _("Operation and maintenance (% of investment a year)"),
    ),
    Setting("economics", "labour_h_per_a", _("Labour (h/a)")),
    Setting("economics", "labour_cost_eur_per_h", _("Labour cost (€/h)")),
    Setting("economics", "electricity_use_pct_of_heat", _("Own electricity use (% of heat)")),
    Setting("economics", "electricity_price_eur_per_mwh", _("Electricity price (€/MWh)")),
    Setting(
        "economics",
        "backup_fuel_price_eur_per_mwh",
        _("Back-up fuel price (€/MWh)"),
    ),
    Setting(
        "economics",
        "residual_value_pct",
        _("Residual value at the end (% of investment)"),
    ),
    Setting(
        "emissions",
        "grid_kg_co2e_per_mwh",
        _("Grid electricity (kg CO2e/MWh)"),
        default_key="grid_fi_g_per_kwh",
    ),
    Setting(
        "emissions",
        "oil_boiler_efficiency",
        _("Customers' oil boiler efficiency (0–1)"),
        default_key="oil_boiler_efficiency",
    ),
    Setting(
        "emissions",
        "heat_pump_scop",
        _("Customers' heat pump SCOP"),
        default_key="heat_pump_scop",
    ),
    Setting(
        "emissions",
        "fte_hours_per_a",
        _("Hours of one full-time job (h/a)"),
        default_key="fte_hours_per_a",
    ),
)
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


def default_note(setting: Setting) -> str:
    """'default 0.75 fraction – source (year)' for a setting with a sourced core default."""
    if setting.default_key is None:
        return ""
    d = default(setting.default_key)
    return f"{d.value:g} {d.unit} – {d.source} ({d.year})"


def parse_building_types(text: str) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Lines ``name; kWh/m² a; full-load hours`` -> demand.building_types, and problems."""
    types: dict[str, dict[str, float]] = {}
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        try:
            if len(parts) != 3 or not parts[0]:
                raise ValueError
            specific, hours = float(parts[1].replace(",", ".")), float(parts[2].replace(",", "."))
        except ValueError:
            problems.append(
                f"line {number}: expected 'name; kWh per m² and year; full-load hours', "
                f"got '{line}'"
            )
            continue
        types[parts[0]] = {"specific_heat_kwh_per_m2_a": specific, "full_load_hours_h": hours}
    return types, problems


def format_building_types(types: dict[str, dict[str, float]]) -> str:
    return "\n".join(
        f"{name}; {spec['specific_heat_kwh_per_m2_a']:g}; {spec['full_load_hours_h']:g}"
        for name, spec in types.items()
    )


def customer_inputs(customer: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": customer.name,
        "lat": customer.lat,
        "lon": customer.lon,
        "annual_heat_mwh": customer.annual_heat_mwh,
        "peak_kw": customer.peak_kw,
        "current_heating": customer.current_heating,
        "must_connect": customer.must_connect,
    }
    if customer.building_type:
        data["building_type"] = customer.building_type
    if customer.floor_area_m2 is not None:
        data["floor_area_m2"] = customer.floor_area_m2
    if customer.current_co2_kg_per_mwh is not None:
        data["current_co2_kg_per_mwh"] = customer.current_co2_kg_per_mwh
    return data


def fuel_source_inputs(source: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": source.name,
        "fuel": source.fuel,
        "origin": source.origin,
        "distance_km": source.distance_km,
        "price_eur_per_mwh": source.price_eur_per_mwh,
    }
    if source.moisture_pct is not None:
        data["moisture_pct"] = source.moisture_pct
    if source.max_mwh_per_a is not None:
        data["max_mwh_per_a"] = source.max_mwh_per_a
    return data


def project_inputs(
    *,
    name: str,
    start_year: int,
    plant_lat: float,
    plant_lon: float,
    settings: dict[str, Any],
    customers: list[dict[str, Any]],
    fuel_sources: list[dict[str, Any]],
    streets: list[list[float]] | None = None,
) -> dict[str, Any]:
    """The project in the core's TOML schema; street segments, when the routes follow
    streets, under ``streets`` (read by ``services.core_project``)."""
    data: dict[str, Any] = {
        "project": {"name": name, "start_year": start_year},
        "site": {"lat": plant_lat, "lon": plant_lon},
        "customers": customers,
        "fuel_sources": fuel_sources,
    }
    for section in SECTIONS:
        values = dict(settings.get(section) or {})
        if section == "network":
            values["time_limit_s"] = min(
                float(values.get("time_limit_s", WEB_MAX_TIME_LIMIT_S)), WEB_MAX_TIME_LIMIT_S
            )
            values.setdefault("threads", 1)
            values.setdefault("seed", 0)
        if values or section in ("network", "economics"):
            data[section] = values
    if data["network"].get("route_source") == "streets":
        data["streets"] = list(streets or [])
    return data
