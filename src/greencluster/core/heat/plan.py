"""Evaluate a heat project end to end: route graph -> network choice -> energy balance -> fuel
-> money -> CO2 -> jobs, with the defaults used and warnings.

``evaluate(project)`` optimises the network when ``project.network.optimise`` (otherwise every
customer is connected by the cheapest tree found) and returns a :class:`HeatResult`.
``evaluate(project, connected=...)`` evaluates a fixed choice of customers (the sensitivity
analysis uses this so that ±20 % cases compare the same network).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from greencluster.core.errors import InputError
from greencluster.core.heat.defaults import (
    WATER_HEAT_KWH_PER_M3_K,
    Default,
    default,
    fuel_properties,
)
from greencluster.core.heat.demand import (
    HOURS_PER_YEAR,
    diversity_factor,
    energy_above_capacity_share,
    full_load_hours,
)
from greencluster.core.heat.economics import AnnualQuantities, evaluate_economics
from greencluster.core.heat.emissions import evaluate_emissions
from greencluster.core.heat.fuel import mean_fuel_price_eur_per_mwh, plan_fuel_supply
from greencluster.core.heat.network import (
    RouteGraph,
    euclidean_graph,
    local_to_latlon,
    project_local_m,
    street_graph,
    subtree_demand,
    tree_from_edges,
)
from greencluster.core.heat.network_solve import Method, NetworkSolution, optimise_network
from greencluster.core.heat.problem import HeatProject
from greencluster.core.heat.result import (
    CustomerResult,
    EnergyBalance,
    HeatResult,
    NetworkResult,
    Pipe,
)
from greencluster.core.heat.valuation import build_instance, unit_values


@dataclass(frozen=True)
class Layout:
    """Route graph of a project with its instance built from the project's economics."""

    graph: RouteGraph
    lat0: float
    lon0: float


def route_graph(project: HeatProject) -> Layout:
    plant = project.plant
    lat0, lon0 = plant.lat, plant.lon
    cx, cy = project_local_m(
        [c.lat for c in project.customers], [c.lon for c in project.customers], lat0, lon0
    )
    customers_xy = np.column_stack([cx, cy])
    spec = project.network
    if spec.route_source == "streets":
        if not spec.streets:
            raise InputError("network.streets: route_source is 'streets' but no street segments")
        ax, ay = project_local_m(
            [s.from_lat for s in spec.streets], [s.from_lon for s in spec.streets], lat0, lon0
        )
        bx, by = project_local_m(
            [s.to_lat for s in spec.streets], [s.to_lon for s in spec.streets], lat0, lon0
        )
        graph = street_graph((0.0, 0.0), customers_xy, np.column_stack([ax, ay, bx, by]))
    else:
        graph = euclidean_graph((0.0, 0.0), customers_xy, spec.detour_factor)
    return Layout(graph, lat0, lon0)


def choose_network(project: HeatProject, layout: Layout) -> NetworkSolution:
    """Optimise which customers to connect (or connect all when ``optimise`` is off)."""
    econ, spec = project.economics, project.network
    annual = np.array([c.annual_heat_mwh for c in project.customers])
    peak = np.array([c.peak_kw for c in project.customers])
    must = np.array([c.must_connect or not spec.optimise for c in project.customers], dtype=bool)
    fuel_need = annual.sum() / project.plant.boiler_efficiency
    price = mean_fuel_price_eur_per_mwh(project.fuel_sources, float(fuel_need))
    values = unit_values(econ, project.plant.boiler_efficiency, price)
    instance = build_instance(layout.graph, annual, peak, must, econ, spec, values)
    method: Method = "heuristic" if spec.method == "heuristic" else "milp"
    return optimise_network(
        instance,
        method=method,
        time_limit_s=spec.time_limit_s,
        mip_rel_gap=spec.mip_rel_gap,
        threads=spec.threads,
        seed=spec.seed,
    )


def evaluate(
    project: HeatProject,
    *,
    connected: Collection[str] | None = None,
    solution: NetworkSolution | None = None,
) -> HeatResult:
    """Every output of the project (see :class:`HeatResult`)."""
    layout = route_graph(project)
    graph = layout.graph
    warnings: list[str] = []
    if solution is None:
        if connected is not None:
            wanted = set(connected)
            forced = dataclasses.replace(
                project,
                customers=tuple(
                    dataclasses.replace(c, must_connect=True)
                    for c in project.customers
                    if c.name in wanted
                ),
            )
            return evaluate(forced, solution=choose_network(forced, route_graph(forced)))
        solution = choose_network(project, layout)
    node_set = set(solution.nodes)
    chosen = [i for i, node in enumerate(graph.customer_node) if node in node_set]
    customers = tuple(project.customers[i] for i in chosen)
    if not customers:
        warnings.append("no customer is worth connecting at these prices and costs")

    # network figures, on the tree of chosen edges
    tree_inst = build_instance(
        graph,
        np.array([c.annual_heat_mwh for c in project.customers]),
        np.array([c.peak_kw for c in project.customers]),
        np.zeros(len(project.customers), dtype=bool),
        project.economics,
        project.network,
        unit_values(project.economics, project.plant.boiler_efficiency, 0.0),
    )
    tree = tree_from_edges(tree_inst, list(solution.edges))
    flows = subtree_demand(tree_inst, tree)
    chosen_nodes = {graph.customer_node[i] for i in chosen}
    counts = {v: 1 if v in chosen_nodes else 0 for v in tree.nodes}
    for v in reversed(tree.nodes[1:]):
        counts[tree.parent[v]] += counts[v]
    spec = project.network
    pipes = []
    trench_m = 0.0
    network_cost = 0.0
    for v in tree.nodes[1:]:
        e = tree.parent_edge[v]
        length = float(graph.length_m[e])
        trench_m += length
        u = tree.parent[v]
        flow = flows[v]
        network_cost += length * (spec.cost_eur_per_m + spec.cost_eur_per_m_per_kw * flow)
        a = local_to_latlon(float(graph.x_m[u]), float(graph.y_m[u]), layout.lat0, layout.lon0)
        b = local_to_latlon(float(graph.x_m[v]), float(graph.y_m[v]), layout.lat0, layout.lon0)
        pipes.append(Pipe(a[0], a[1], b[0], b[1], length, flow, flow * diversity_factor(counts[v])))

    sold = sum(c.annual_heat_mwh for c in customers)
    loss = spec.heat_loss_w_per_m * trench_m * HOURS_PER_YEAR / 1e6
    to_network = sold + loss
    peaks = sum(c.peak_kw for c in customers)
    diversity = diversity_factor(len(customers))
    plant = project.plant
    plant_peak = peaks * diversity + spec.heat_loss_w_per_m * trench_m / 1000.0
    shaving = 0.0
    if plant.storage_volume_m3 > 0 and plant.storage_discharge_h > 0:
        shaving = (
            plant.storage_volume_m3
            * WATER_HEAT_KWH_PER_M3_K
            * plant.storage_delta_t_k
            / plant.storage_discharge_h
        )
        shaving = min(shaving, 0.5 * plant_peak)
    effective_peak = plant_peak - shaving
    backup_cap = plant.backup_capacity_kw if plant.backup != "none" else 0.0
    boiler_cap = plant.boiler_capacity_kw
    if boiler_cap is None:
        boiler_cap = effective_peak
    share = energy_above_capacity_share(to_network, effective_peak, boiler_cap)
    if boiler_cap + backup_cap < effective_peak - 1e-6:
        warnings.append(
            f"boiler {boiler_cap:.0f} kW and back-up {backup_cap:.0f} kW do not cover the "
            f"peak of {effective_peak:.0f} kW"
        )
    if plant.backup == "none" and share > 0:
        warnings.append(
            f"the boiler covers only {100 * (1 - share):.1f} % of the heat and there is no "
            "back-up: the rest is counted as boiler heat"
        )
        share = 0.0
    backup_heat = to_network * share
    boiler_heat = to_network - backup_heat
    boiler_fuel = boiler_heat / plant.boiler_efficiency
    backup_fuel = backup_heat / plant.backup_efficiency if backup_heat > 0 else 0.0
    supplies = plan_fuel_supply(project.fuel_sources, boiler_fuel)
    econ = project.economics
    electricity = econ.electricity_use_pct_of_heat / 100.0 * to_network

    investment = {
        "boiler_eur": econ.boiler_cost_eur_per_kw * boiler_cap,
        "building_eur": econ.building_cost_eur,
        "backup_eur": econ.backup_cost_eur_per_kw * backup_cap,
        "storage_eur": econ.storage_cost_eur_per_m3 * plant.storage_volume_m3,
        "network_eur": network_cost,
        "connections_eur": econ.connection_cost_eur_per_customer * len(customers),
        "other_eur": econ.other_investment_eur,
    }
    annual = AnnualQuantities(
        heat_sold_mwh=sold,
        contracted_peak_kw=peaks,
        n_customers=len(customers),
        fuel_cost_eur=sum(s.cost_eur_per_a for s in supplies),
        backup_fuel_cost_eur=backup_fuel * econ.backup_fuel_price_eur_per_mwh,
        electricity_cost_eur=electricity * econ.electricity_price_eur_per_mwh,
    )
    money = evaluate_economics(econ, investment, annual)
    emissions = evaluate_emissions(
        customers,
        supplies,
        backup_kind=plant.backup,
        backup_fuel_mwh=backup_fuel,
        electricity_mwh=electricity,
        heat_sold_mwh=sold,
        settings=project.emissions,
    )
    density = sold / trench_m if trench_m > 0 else 0.0
    threshold = spec.min_linear_heat_density_mwh_per_m
    density_ok = None if threshold is None or trench_m == 0 else density >= threshold
    if density_ok is False:
        warnings.append(f"linear heat density {density:.2f} MWh/m,a is below the {threshold} set")
    fte_hours = project.emissions.fte_hours_per_a
    if fte_hours is None:
        fte_hours = default("fte_hours_per_a").value
    network = NetworkResult(
        method=solution.method,
        route_source=spec.route_source,
        objective_eur=solution.objective_eur,
        bound_eur=solution.bound_eur,
        gap_pct=solution.gap_pct,
        proven_optimal=solution.proven_optimal,
        seconds=solution.seconds,
        heuristic_objective_eur=solution.heuristic_objective_eur,
        heuristic_seconds=solution.heuristic_seconds,
        solver_status=solution.status,
        candidate_buildings=len(project.customers),
        connected_buildings=len(customers),
        trench_length_m=trench_m,
        heat_loss_mwh_per_a=loss,
        heat_loss_share_pct=100.0 * loss / to_network if to_network > 0 else 0.0,
        linear_heat_density_mwh_per_m_a=density,
        min_linear_heat_density_mwh_per_m_a=threshold,
        linear_heat_density_ok=density_ok,
        pipes=tuple(pipes),
    )
    energy = EnergyBalance(
        heat_sold_mwh_per_a=sold,
        network_loss_mwh_per_a=loss,
        heat_to_network_mwh_per_a=to_network,
        sum_of_peaks_kw=peaks,
        diversity_factor=diversity,
        plant_peak_kw=plant_peak,
        storage_peak_shaving_kw=shaving,
        boiler_capacity_kw=boiler_cap,
        boiler_heat_mwh_per_a=boiler_heat,
        boiler_full_load_hours_h=full_load_hours(boiler_heat, boiler_cap),
        backup_capacity_kw=backup_cap,
        backup_heat_mwh_per_a=backup_heat,
        backup_fuel_mwh_per_a=backup_fuel,
        boiler_fuel_mwh_per_a=boiler_fuel,
        fuel_tonnes_per_a=sum(s.tonnes_per_a for s in supplies),
        fuel_loose_m3_per_a=sum(s.loose_m3_per_a for s in supplies),
        electricity_mwh_per_a=electricity,
    )
    chosen_set = set(chosen)
    rows = tuple(
        CustomerResult(
            c.name,
            c.lat,
            c.lon,
            i in chosen_set,
            c.annual_heat_mwh,
            c.peak_kw,
            c.current_heating,
        )
        for i, c in enumerate(project.customers)
    )
    return HeatResult(
        project=project.name,
        customers=rows,
        network=network,
        energy=energy,
        fuel=tuple(supplies),
        economics=money,
        emissions=emissions,
        jobs_fte=econ.labour_h_per_a / fte_hours,
        defaults=_defaults_used(project),
        warnings=tuple(warnings),
    )


def _defaults_used(project: HeatProject) -> tuple[Default, ...]:
    out = [default(k) for k in ("boiler_efficiency", "fte_hours_per_a")]
    props = fuel_properties()
    for kind in sorted({s.fuel for s in project.fuel_sources}):
        p = props[kind]
        out.append(
            Default(
                f"fuel.{kind}.net_cv_dry_mj_per_kg",
                p.net_cv_dry_mj_per_kg,
                "MJ/kg (dry)",
                p.source,
                p.year,
            )
        )
        out.append(
            Default(
                f"fuel.{kind}.dry_matter_kg_per_loose_m3",
                p.dry_matter_kg_per_loose_m3,
                "kg/loose m3",
                p.source,
                p.year,
            )
        )
    return tuple(out)
