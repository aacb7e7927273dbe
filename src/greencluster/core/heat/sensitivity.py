"""Sensitivity of NPV and minimum energy charge to fuel price, heat price, demand and
investment (±20 % by default), on the same network: the data of a tornado chart."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from greencluster.core.heat.network_solve import NetworkSolution
from greencluster.core.heat.plan import choose_network, evaluate, route_graph
from greencluster.core.heat.problem import HeatProject
from greencluster.core.heat.result import HeatResult

PARAMETERS = ("fuel_price", "heat_price", "demand", "investment")


@dataclass(frozen=True, slots=True)
class TornadoBar:
    """NPV (and minimum energy charge) with ``parameter`` at (1 - delta) and (1 + delta)."""

    parameter: str
    delta_pct: float
    npv_low_eur: float
    npv_high_eur: float
    npv_base_eur: float
    min_charge_low_eur_per_mwh: float | None
    min_charge_high_eur_per_mwh: float | None

    @property
    def swing_eur(self) -> float:
        return abs(self.npv_high_eur - self.npv_low_eur)


def scaled(project: HeatProject, parameter: str, factor: float) -> HeatProject:
    """The project with one parameter group multiplied by ``factor``."""
    econ = project.economics
    if parameter == "fuel_price":
        sources = tuple(
            dataclasses.replace(s, price_eur_per_mwh=s.price_eur_per_mwh * factor)
            for s in project.fuel_sources
        )
        econ = dataclasses.replace(
            econ, backup_fuel_price_eur_per_mwh=econ.backup_fuel_price_eur_per_mwh * factor
        )
        return dataclasses.replace(project, fuel_sources=sources, economics=econ)
    if parameter == "heat_price":
        econ = dataclasses.replace(
            econ,
            energy_charge_eur_per_mwh=econ.energy_charge_eur_per_mwh * factor,
            fixed_fee_eur_per_kw_a=econ.fixed_fee_eur_per_kw_a * factor,
            fixed_fee_eur_per_customer_a=econ.fixed_fee_eur_per_customer_a * factor,
        )
        return dataclasses.replace(project, economics=econ)
    if parameter == "demand":
        customers = tuple(
            dataclasses.replace(
                c, annual_heat_mwh=c.annual_heat_mwh * factor, peak_kw=c.peak_kw * factor
            )
            for c in project.customers
        )
        return dataclasses.replace(project, customers=customers)
    if parameter == "investment":
        econ = dataclasses.replace(
            econ,
            boiler_cost_eur_per_kw=econ.boiler_cost_eur_per_kw * factor,
            building_cost_eur=econ.building_cost_eur * factor,
            backup_cost_eur_per_kw=econ.backup_cost_eur_per_kw * factor,
            storage_cost_eur_per_m3=econ.storage_cost_eur_per_m3 * factor,
            connection_cost_eur_per_customer=econ.connection_cost_eur_per_customer * factor,
            other_investment_eur=econ.other_investment_eur * factor,
        )
        network = dataclasses.replace(
            project.network,
            cost_eur_per_m=project.network.cost_eur_per_m * factor,
            cost_eur_per_m_per_kw=project.network.cost_eur_per_m_per_kw * factor,
        )
        return dataclasses.replace(project, economics=econ, network=network)
    raise ValueError(f"unknown sensitivity parameter '{parameter}' (known: {PARAMETERS})")


def sensitivity(
    project: HeatProject,
    *,
    solution: NetworkSolution | None = None,
    base: HeatResult | None = None,
    delta_pct: float = 20.0,
    parameters: tuple[str, ...] = PARAMETERS,
) -> tuple[TornadoBar, ...]:
    """Tornado data, widest swing first. The network is chosen once (or given) and kept;
    ``base``, when given, is ``evaluate(project, solution=solution)`` already computed."""
    if solution is None:
        solution = choose_network(project, route_graph(project))
    if base is None:
        base = evaluate(project, solution=solution)
    bars = []
    for parameter in parameters:
        low = evaluate(scaled(project, parameter, 1 - delta_pct / 100), solution=solution)
        high = evaluate(scaled(project, parameter, 1 + delta_pct / 100), solution=solution)
        bars.append(
            TornadoBar(
                parameter=parameter,
                delta_pct=delta_pct,
                npv_low_eur=low.economics.npv_eur,
                npv_high_eur=high.economics.npv_eur,
                npv_base_eur=base.economics.npv_eur,
                min_charge_low_eur_per_mwh=low.economics.min_energy_charge_eur_per_mwh,
                min_charge_high_eur_per_mwh=high.economics.min_energy_charge_eur_per_mwh,
            )
        )
    return tuple(sorted(bars, key=lambda b: -b.swing_eur))


def evaluate_with_sensitivity(
    project: HeatProject, *, delta_pct: float = 20.0
) -> tuple[HeatResult, tuple[TornadoBar, ...]]:
    """The project's result and its tornado data, on one network choice (what the CLI and the
    web app report)."""
    solution = choose_network(project, route_graph(project))
    result = evaluate(project, solution=solution)
    return result, sensitivity(project, solution=solution, base=result, delta_pct=delta_pct)
