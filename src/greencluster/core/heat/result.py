"""The result of evaluating a heat project: every output, JSON-able via :func:`result_to_dict`."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from greencluster.core.heat.defaults import Default
from greencluster.core.heat.economics import EconomicResult
from greencluster.core.heat.emissions import EmissionsResult
from greencluster.core.heat.fuel import FuelSupply

if TYPE_CHECKING:
    from greencluster.core.heat.sensitivity import TornadoBar


@dataclass(frozen=True, slots=True)
class CustomerResult:
    name: str
    lat: float
    lon: float
    connected: bool
    annual_heat_mwh: float
    peak_kw: float
    current_heating: str


@dataclass(frozen=True, slots=True)
class Pipe:
    """One trench section: WGS84 end points, length and the undiversified peak it carries."""

    from_lat: float
    from_lon: float
    to_lat: float
    to_lon: float
    length_m: float
    peak_flow_kw: float
    diversified_flow_kw: float


@dataclass(frozen=True, slots=True)
class NetworkResult:
    method: str
    route_source: str
    objective_eur: float
    bound_eur: float
    gap_pct: float
    proven_optimal: bool
    seconds: float
    heuristic_objective_eur: float | None
    heuristic_seconds: float | None
    solver_status: str
    candidate_buildings: int
    connected_buildings: int
    trench_length_m: float
    heat_loss_mwh_per_a: float
    heat_loss_share_pct: float
    linear_heat_density_mwh_per_m_a: float
    min_linear_heat_density_mwh_per_m_a: float | None
    linear_heat_density_ok: bool | None
    pipes: tuple[Pipe, ...]


@dataclass(frozen=True, slots=True)
class EnergyBalance:
    heat_sold_mwh_per_a: float
    network_loss_mwh_per_a: float
    heat_to_network_mwh_per_a: float
    sum_of_peaks_kw: float
    diversity_factor: float
    plant_peak_kw: float
    storage_peak_shaving_kw: float
    boiler_capacity_kw: float
    boiler_heat_mwh_per_a: float
    boiler_full_load_hours_h: float
    backup_capacity_kw: float
    backup_heat_mwh_per_a: float
    backup_fuel_mwh_per_a: float
    boiler_fuel_mwh_per_a: float
    fuel_tonnes_per_a: float
    fuel_loose_m3_per_a: float
    electricity_mwh_per_a: float


@dataclass(frozen=True, slots=True)
class HeatResult:
    project: str
    customers: tuple[CustomerResult, ...]
    network: NetworkResult
    energy: EnergyBalance
    fuel: tuple[FuelSupply, ...]
    economics: EconomicResult
    emissions: EmissionsResult
    jobs_fte: float
    defaults: tuple[Default, ...]
    warnings: tuple[str, ...]


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        return _clean(value.item())
    return value


def result_to_dict(result: HeatResult) -> dict[str, Any]:
    """Plain JSON-able dict (non-finite numbers become null)."""
    data: dict[str, Any] = _clean(dataclasses.asdict(result))
    data["schema"] = "greencluster.heat.result/1"
    return data


def sensitivity_to_dicts(bars: Sequence[TornadoBar]) -> list[dict[str, Any]]:
    """Tornado bars as plain JSON-able dicts (non-finite numbers become null)."""
    return [_clean(dataclasses.asdict(bar)) for bar in bars]
