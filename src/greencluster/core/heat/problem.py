"""The heat project as the entrepreneur describes it: customers, plant, fuel, network, money.

Frozen dataclasses with units in their names and no solver types. A project is built by
:mod:`greencluster.core.heat.toml_io` (CLI), by the web app, or directly in code; defaults that
are facts (fuel properties, efficiencies, emission factors) come from
:mod:`greencluster.core.heat.defaults` and carry their source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CurrentHeating = Literal["oil", "electric", "heat_pump", "wood", "other"]
CURRENT_HEATING: tuple[str, ...] = ("oil", "electric", "heat_pump", "wood", "other")
# Longest name of a project, customer or fuel source, and of a building type, that is stored.
MAX_NAME_CHARS = 200
MAX_BUILDING_TYPE_CHARS = 80

FuelKind = Literal["wood_chips", "sawdust", "bark", "pellets", "recycled_wood", "peat"]
FUEL_KINDS: tuple[str, ...] = ("wood_chips", "sawdust", "bark", "pellets", "recycled_wood", "peat")

FuelOrigin = Literal["own_forest", "local_supplier", "member_side_stream", "other"]
FUEL_ORIGINS: tuple[str, ...] = ("own_forest", "local_supplier", "member_side_stream", "other")

BackupKind = Literal["none", "oil", "electric"]
BACKUP_KINDS: tuple[str, ...] = ("none", "oil", "electric")

RouteSource = Literal["euclidean", "streets"]
NetworkMethod = Literal["auto", "milp", "heuristic"]


@dataclass(frozen=True, slots=True)
class Customer:
    """A building that may buy heat. ``annual_heat_mwh`` is the useful heat it uses a year
    (space heating and hot water); ``peak_kw`` its own design peak load."""

    name: str
    lat: float
    lon: float
    annual_heat_mwh: float
    peak_kw: float
    current_heating: CurrentHeating = "oil"
    building_type: str | None = None
    floor_area_m2: float | None = None
    current_co2_kg_per_mwh: float | None = None
    must_connect: bool = False


@dataclass(frozen=True, slots=True)
class BuildingType:
    """Specific demand of a building type, entered by the user (no national table is shipped)."""

    name: str
    specific_heat_kwh_per_m2_a: float
    full_load_hours_h: float


@dataclass(frozen=True, slots=True)
class FuelSource:
    """Where fuel comes from. ``price_eur_per_mwh`` is the delivered price per MWh of fuel
    energy (net calorific value as received)."""

    name: str
    fuel: FuelKind
    origin: FuelOrigin
    distance_km: float
    price_eur_per_mwh: float
    moisture_pct: float
    max_mwh_per_a: float | None = None
    net_cv_dry_mj_per_kg: float | None = None
    dry_matter_kg_per_loose_m3: float | None = None


@dataclass(frozen=True, slots=True)
class Plant:
    """Boiler plant at the site. ``boiler_capacity_kw`` None sizes the boiler to the diversified
    peak (after storage); a smaller boiler leaves the peak to the back-up."""

    lat: float
    lon: float
    boiler_efficiency: float
    boiler_capacity_kw: float | None = None
    backup: BackupKind = "none"
    backup_capacity_kw: float = 0.0
    backup_efficiency: float = 1.0
    storage_volume_m3: float = 0.0
    storage_delta_t_k: float = 0.0
    storage_discharge_h: float = 0.0


@dataclass(frozen=True, slots=True)
class StreetSegment:
    """A street or route segment along which pipes may be laid (WGS84 end points)."""

    from_lat: float
    from_lon: float
    to_lat: float
    to_lon: float


@dataclass(frozen=True, slots=True)
class NetworkSpec:
    """Pipes and routing. Trench cost is ``cost_eur_per_m + cost_eur_per_m_per_kw * flow_kw``
    (bigger pipes cost more); ``heat_loss_w_per_m`` is per trench metre (supply + return)."""

    cost_eur_per_m: float
    heat_loss_w_per_m: float
    cost_eur_per_m_per_kw: float = 0.0
    route_source: RouteSource = "euclidean"
    detour_factor: float = 1.0
    streets: tuple[StreetSegment, ...] = ()
    optimise: bool = True
    method: NetworkMethod = "auto"
    time_limit_s: float = 60.0
    mip_rel_gap: float = 1e-4
    threads: int = 1
    seed: int = 0
    min_linear_heat_density_mwh_per_m: float | None = None


@dataclass(frozen=True, slots=True)
class Economics:
    """Money over the contract. Percentages are per cent (6.0 = 6 %); prices are nominal in the
    first operating year and indexed yearly."""

    contract_years: int
    discount_rate_pct: float
    energy_charge_eur_per_mwh: float
    boiler_cost_eur_per_kw: float
    fixed_fee_eur_per_kw_a: float = 0.0
    fixed_fee_eur_per_customer_a: float = 0.0
    target_return_pct: float | None = None
    heat_price_indexation_pct_per_a: float = 0.0
    fuel_price_indexation_pct_per_a: float = 0.0
    cost_indexation_pct_per_a: float = 0.0
    building_cost_eur: float = 0.0
    backup_cost_eur_per_kw: float = 0.0
    storage_cost_eur_per_m3: float = 0.0
    connection_cost_eur_per_customer: float = 0.0
    other_investment_eur: float = 0.0
    investment_aid_pct: float = 0.0
    loan_share_pct: float = 0.0
    loan_interest_pct: float = 0.0
    loan_years: int = 0
    om_pct_of_investment_per_a: float = 0.0
    labour_h_per_a: float = 0.0
    labour_cost_eur_per_h: float = 0.0
    electricity_use_pct_of_heat: float = 0.0
    electricity_price_eur_per_mwh: float = 0.0
    backup_fuel_price_eur_per_mwh: float = 0.0
    residual_value_pct: float = 0.0

    @property
    def target_pct(self) -> float:
        return self.discount_rate_pct if self.target_return_pct is None else self.target_return_pct


@dataclass(frozen=True, slots=True)
class EmissionSettings:
    """Factors for the customers' current heating. ``None`` takes the sourced default."""

    grid_kg_co2e_per_mwh: float | None = None
    oil_boiler_efficiency: float | None = None
    heat_pump_scop: float | None = None
    fte_hours_per_a: float | None = None


@dataclass(frozen=True, slots=True)
class HeatProject:
    """Everything needed to evaluate one heat-entrepreneurship project."""

    name: str
    customers: tuple[Customer, ...]
    plant: Plant
    fuel_sources: tuple[FuelSource, ...]
    network: NetworkSpec
    economics: Economics
    emissions: EmissionSettings = field(default_factory=EmissionSettings)
    start_year: int = 2027
