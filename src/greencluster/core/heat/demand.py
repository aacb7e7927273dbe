"""Heat demand: building type + floor area -> annual demand and peak; diversity of peaks; how
much of the year's heat a boiler of a given size covers.
"""

from __future__ import annotations

import math

from greencluster.core.errors import InputError, RowError
from greencluster.core.heat.defaults import WINTER_DIVERSITY
from greencluster.core.heat.problem import BuildingType

HOURS_PER_YEAR = 8760.0


def estimate_demand(floor_area_m2: float, building_type: BuildingType) -> tuple[float, float]:
    """(annual heat MWh, peak kW) of a building from its floor area and type.

    The peak is the annual demand spread over the type's full-load hours.
    """
    annual_mwh = floor_area_m2 * building_type.specific_heat_kwh_per_m2_a / 1000.0
    peak_kw = annual_mwh * 1000.0 / building_type.full_load_hours_h
    return annual_mwh, peak_kw


def resolve_demand(
    *,
    annual_heat_mwh: float | None,
    peak_kw: float | None,
    building_type: str | None,
    floor_area_m2: float | None,
    building_types: dict[str, BuildingType],
    full_load_hours_h: float | None,
    row: int | None = None,
    where: str = "customer",
) -> tuple[float, float]:
    """Fill in a customer's missing annual demand and peak, or raise :class:`InputError` that
    says which field is needed."""
    annual = annual_heat_mwh
    peak = peak_kw
    if annual is None:
        if building_type is None or floor_area_m2 is None:
            raise InputError(
                RowError(
                    row,
                    "annual_heat_mwh",
                    f"{where}: give annual_heat_mwh, or building_type and floor_area_m2",
                )
            )
        known = building_types.get(building_type)
        if known is None:
            choices = ", ".join(sorted(building_types)) or "none defined in [demand]"
            raise InputError(
                RowError(
                    row,
                    "building_type",
                    f"{where}: unknown building type '{building_type}' (known: {choices})",
                )
            )
        annual, estimated_peak = estimate_demand(floor_area_m2, known)
        if peak is None:
            peak = estimated_peak
    if peak is None:
        if full_load_hours_h is None:
            raise InputError(
                RowError(
                    row,
                    "peak_kw",
                    f"{where}: give peak_kw or set demand.full_load_hours_h to estimate it",
                )
            )
        peak = annual * 1000.0 / full_load_hours_h
    if not (math.isfinite(annual) and math.isfinite(peak)):
        # Only a value near the largest float gets here: the estimate overflowed.
        column = "floor_area_m2" if annual_heat_mwh is None else "annual_heat_mwh"
        raise InputError(
            RowError(
                row,
                column,
                f"{where}: too large: the heat demand worked out from it is not a finite number",
            )
        )
    return annual, peak


def diversity_factor(n_customers: int) -> float:
    """Share of the summed individual peaks that occurs at once for ``n_customers`` buildings
    (Winter et al. 2001, fitted on 1..200 consumers; 1.0 for a single building)."""
    if n_customers <= 1:
        return 1.0
    a, b, c, d = WINTER_DIVERSITY
    return float(min(1.0, a + b / (1.0 + (n_customers / c) ** d)))


def energy_above_capacity_share(annual_mwh: float, peak_kw: float, capacity_kw: float) -> float:
    """Share of the annual heat above ``capacity_kw`` on a linear load-duration curve.

    The curve falls linearly from ``peak_kw`` at hour 0; its minimum is set so that its area is
    the annual energy (a triangle ending before the year's end if the load is very peaky). The
    share is what a peak/back-up unit must supply when the base boiler has ``capacity_kw``.
    """
    if annual_mwh <= 0 or peak_kw <= 0 or capacity_kw >= peak_kw:
        return 0.0
    if capacity_kw <= 0:
        return 1.0
    energy_kwh = annual_mwh * 1000.0
    mean_kw = energy_kwh / HOURS_PER_YEAR
    if mean_kw >= peak_kw:
        return 0.0
    minimum_kw = 2.0 * mean_kw - peak_kw
    if minimum_kw >= 0:
        duration_h = HOURS_PER_YEAR
    else:
        minimum_kw = 0.0
        duration_h = 2.0 * energy_kwh / peak_kw
    slope = (peak_kw - minimum_kw) / duration_h
    if capacity_kw <= minimum_kw:
        above_kwh = energy_kwh - capacity_kw * duration_h
    else:
        hours_above = (peak_kw - capacity_kw) / slope
        above_kwh = 0.5 * hours_above * (peak_kw - capacity_kw)
    return max(0.0, min(1.0, above_kwh / energy_kwh))


def full_load_hours(annual_mwh: float, capacity_kw: float) -> float:
    """Full-load hours of a unit that produced ``annual_mwh`` with ``capacity_kw``."""
    if capacity_kw <= 0:
        return 0.0
    return annual_mwh * 1000.0 / capacity_kw


def check_positive(value: float, name: str) -> None:
    if not math.isfinite(value) or value <= 0:
        raise InputError(RowError(None, name, f"expected a positive number, got {value}"))
