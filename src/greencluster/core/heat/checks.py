"""Independent checks of results: a network is a tree connected to the plant, the energy
balance closes, the cash flow adds up. Used by tests and by ``greencluster heat --check``."""

from __future__ import annotations

import math
from collections.abc import Sequence

from greencluster.core.heat.network import PCSTInstance
from greencluster.core.heat.result import HeatResult


def is_tree_connected_to_root(n_nodes: int, root: int, edges: Sequence[tuple[int, int]]) -> bool:
    """True iff ``edges`` form one tree that contains ``root`` (no cycle, all edges reachable)."""
    parent = list(range(n_nodes))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    touched = {root}
    for u, v in edges:
        ru, rv = find(u), find(v)
        if ru == rv:
            return False
        parent[ru] = rv
        touched.update((u, v))
    return all(find(v) == find(root) for v in touched)


def check_solution(inst: PCSTInstance, nodes: Sequence[int], edges: Sequence[int]) -> list[str]:
    """Problems with a network solution of ``inst`` (empty when it is valid)."""
    problems = []
    pairs = [(int(inst.edge_u[e]), int(inst.edge_v[e])) for e in edges]
    if not is_tree_connected_to_root(inst.n_nodes, inst.root, pairs):
        problems.append("the chosen pipes are not one tree connected to the plant")
    touched = {inst.root} | {x for pair in pairs for x in pair}
    for v in nodes:
        if v not in touched:
            problems.append(f"node {v} is connected but no pipe reaches it")
    for v in range(inst.n_nodes):
        if inst.must[v] and v not in touched:
            problems.append(f"node {v} must be connected but is not")
    return problems


def check_result(result: HeatResult) -> list[str]:
    """Problems with a :class:`HeatResult` (empty when consistent)."""
    problems: list[str] = []
    e = result.energy

    def close(a: float, b: float, what: str) -> None:
        if not math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6):
            problems.append(f"{what}: {a:.6g} != {b:.6g}")

    close(
        e.heat_sold_mwh_per_a + e.network_loss_mwh_per_a,
        e.heat_to_network_mwh_per_a,
        "heat sold + losses = heat to network",
    )
    close(
        e.boiler_heat_mwh_per_a + e.backup_heat_mwh_per_a,
        e.heat_to_network_mwh_per_a,
        "boiler + back-up heat = heat to network",
    )
    close(
        sum(s.fuel_mwh_per_a for s in result.fuel),
        e.boiler_fuel_mwh_per_a,
        "fuel bought = boiler fuel",
    )
    close(
        sum(c.annual_heat_mwh for c in result.customers if c.connected),
        e.heat_sold_mwh_per_a,
        "connected customers' heat = heat sold",
    )
    close(
        sum(p.length_m for p in result.network.pipes),
        result.network.trench_length_m,
        "pipe lengths = trench length",
    )
    money = result.economics
    close(sum(money.investment_eur.values()), money.total_investment_eur, "investment items")
    flows = [r.project_cash_flow_eur for r in money.cash_flow]
    close(sum(flows), money.cash_flow[-1].cumulative_project_eur, "cumulative cash flow")
    connected = sum(1 for c in result.customers if c.connected)
    if connected != result.network.connected_buildings:
        problems.append("connected building count differs from the customer list")
    return problems
