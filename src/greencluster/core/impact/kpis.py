"""Yearly KPI figures of a member report, each a number with a unit in its name.

Material intensity = raw material input (virgin + circular, t) per million euros of turnover.
Circularity rate = circular inputs / all material inputs (mass share, 0-1), the input-side
"circular material use" notion of Eurostat's indicator applied to one company.
"""

from __future__ import annotations

from greencluster.core.impact.accounting import Inventory
from greencluster.core.impact.factors import FactorTable
from greencluster.core.impact.problem import MemberReport
from greencluster.core.impact.units import convert, dimension, parse_rate

METRICS: dict[str, str] = {
    "co2_total_t": "CO2e, scopes 1-3 (t)",
    "co2_scope1_t": "CO2e, scope 1 (t)",
    "co2_scope2_t": "CO2e, scope 2 (t)",
    "co2_scope3_t": "CO2e, scope 3 (t)",
    "co2_scope12_t": "CO2e, scopes 1+2 (t)",
    "co2_biogenic_t": "biogenic CO2, memo (t)",
    "turnover_eur": "turnover (EUR)",
    "export_eur": "export (EUR)",
    "employees": "employees",
    "energy_mwh": "energy use (MWh)",
    "raw_material_t": "raw material use (t)",
    "circular_input_t": "circular inputs (t)",
    "waste_t": "waste (t)",
    "material_intensity_t_per_meur": "material intensity (t per MEUR turnover)",
    "circularity_rate": "circularity rate (share of inputs)",
}
# Metrics that are sums over members (ratios are recomputed from the summed parts).
ADDITIVE = tuple(
    m for m in METRICS if m not in ("material_intensity_t_per_meur", "circularity_rate")
)


def _total(report: MemberReport, kinds: tuple[str, ...], unit: str) -> float:
    target = dimension(unit)
    return sum(
        convert(a.quantity, a.unit, unit)
        for a in report.activities
        if a.kind in kinds and dimension(a.unit) == target
    )


def _fuel_mass_mwh(report: MemberReport, table: FactorTable) -> float:
    """Fuels given in tonnes, in MWh by the table's net calorific value (IPCC default)."""
    total = 0.0
    for a in report.activities:
        if a.kind != "fuel" or dimension(a.unit) != "mass":
            continue
        ncv = table.find(f"fuel.{a.type}", "ncv", year=report.year)
        if ncv is not None and ncv.value is not None:
            rate = parse_rate(ncv.unit)
            energy = convert(a.quantity, a.unit, rate.denominator) * ncv.value
            total += convert(energy, rate.numerator, "MWh")
    return total


def kpi_values(inventory: Inventory, table: FactorTable) -> dict[str, float | None]:
    """Every metric of :data:`METRICS` for one member-year (``None`` when not reported).

    ``table`` is the one the inventory was computed with: ``energy_mwh`` converts fuels
    given by mass with its net calorific values."""
    r = inventory.report
    raw_t = _total(r, ("material",), "t")
    circular_t = _total(r, ("circular",), "t")
    values: dict[str, float | None] = {
        "co2_total_t": inventory.total_t,
        "co2_scope1_t": inventory.scope_t("1"),
        "co2_scope2_t": inventory.scope_t("2"),
        "co2_scope3_t": inventory.scope_t("3"),
        "co2_scope12_t": inventory.scope_t("1") + inventory.scope_t("2"),
        "co2_biogenic_t": inventory.scope_t("memo"),
        "turnover_eur": r.turnover_eur,
        "export_eur": r.export_eur,
        "employees": float(r.employees) if r.employees is not None else None,
        "energy_mwh": _total(r, ("fuel", "electricity", "heat"), "MWh") + _fuel_mass_mwh(r, table),
        "raw_material_t": raw_t,
        "circular_input_t": circular_t,
        "waste_t": _total(r, ("waste",), "t"),
    }
    values.update(ratios(values))
    return values


def ratios(values: dict[str, float | None]) -> dict[str, float | None]:
    """The ratio metrics from additive ones (works for one member or a summed group)."""
    raw = values.get("raw_material_t") or 0.0
    circular = values.get("circular_input_t") or 0.0
    turnover = values.get("turnover_eur")
    inputs = raw + circular
    return {
        "material_intensity_t_per_meur": (
            inputs / convert(turnover, "EUR", "MEUR") if turnover else None
        ),
        "circularity_rate": circular / inputs if inputs > 0 else None,
    }
