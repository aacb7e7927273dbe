"""Prizes and edge costs of the network problem, in present value over the contract.

Connecting building i is worth (present values at the discount rate, each stream indexed):

    prize_i = annual_i * (energy charge - fuel price / boiler efficiency - pumping electricity)
              + peak_i * fixed fee per kW + fixed fee per customer
              - capex factor * (connection cost + boiler cost per kW * peak_i * diversity(N))

with capex factor = (1 - investment aid) + O&M share per year x PV of the years. An edge costs
capex factor x trench cost (fixed per metre + per metre and kW of undiversified peak carried)
plus the present value of its heat loss bought as fuel. Shared plant costs (building, back-up,
storage, labour) do not depend on the choice and are left to the full evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greencluster.core.heat.demand import HOURS_PER_YEAR, diversity_factor
from greencluster.core.heat.economics import present_value_factor
from greencluster.core.heat.network import PCSTInstance, RouteGraph
from greencluster.core.heat.problem import Economics, NetworkSpec


@dataclass(frozen=True, slots=True)
class UnitValues:
    """Present values per unit used to price customers and pipes."""

    margin_eur_per_mwh_a: float
    fee_eur_per_kw_a: float
    fee_eur_per_customer_a: float
    capex_factor: float
    heat_loss_eur_per_mwh_a: float


def unit_values(
    econ: Economics, boiler_efficiency: float, fuel_price_eur_per_mwh: float
) -> UnitValues:
    rate, years = econ.discount_rate_pct, econ.contract_years
    pv_price = present_value_factor(rate, years, econ.heat_price_indexation_pct_per_a)
    pv_fuel = present_value_factor(rate, years, econ.fuel_price_indexation_pct_per_a)
    pv_cost = present_value_factor(rate, years, econ.cost_indexation_pct_per_a)
    heat_cost = fuel_price_eur_per_mwh / boiler_efficiency
    pumping = econ.electricity_use_pct_of_heat / 100.0 * econ.electricity_price_eur_per_mwh
    return UnitValues(
        margin_eur_per_mwh_a=econ.energy_charge_eur_per_mwh * pv_price
        - heat_cost * pv_fuel
        - pumping * pv_cost,
        fee_eur_per_kw_a=econ.fixed_fee_eur_per_kw_a * pv_price,
        fee_eur_per_customer_a=econ.fixed_fee_eur_per_customer_a * pv_price,
        capex_factor=(1.0 - econ.investment_aid_pct / 100.0)
        + econ.om_pct_of_investment_per_a / 100.0 * pv_cost,
        heat_loss_eur_per_mwh_a=heat_cost * pv_fuel,
    )


def build_instance(
    graph: RouteGraph,
    annual_mwh: np.ndarray,
    peak_kw: np.ndarray,
    must: np.ndarray,
    econ: Economics,
    spec: NetworkSpec,
    values: UnitValues,
) -> PCSTInstance:
    """The prize-collecting tree instance of ``graph`` (node 0 = plant)."""
    n = graph.n_nodes
    prize = np.zeros(n)
    demand = np.zeros(n)
    must_n = np.zeros(n, dtype=bool)
    must_n[0] = True
    diversity = diversity_factor(len(annual_mwh))
    nodes = np.asarray(graph.customer_node, dtype=np.int64)
    customer_capex = econ.connection_cost_eur_per_customer + (
        econ.boiler_cost_eur_per_kw * peak_kw * diversity
    )
    prize[nodes] = (
        annual_mwh * values.margin_eur_per_mwh_a
        + peak_kw * values.fee_eur_per_kw_a
        + values.fee_eur_per_customer_a
        - values.capex_factor * customer_capex
    )
    demand[nodes] = peak_kw
    must_n[nodes] = must
    loss_mwh_a = spec.heat_loss_w_per_m * graph.length_m * HOURS_PER_YEAR / 1e6
    fixed = (
        values.capex_factor * spec.cost_eur_per_m * graph.length_m
        + loss_mwh_a * values.heat_loss_eur_per_mwh_a
    )
    flow_cost = values.capex_factor * spec.cost_eur_per_m_per_kw * graph.length_m
    return PCSTInstance(
        root=0,
        prize=prize,
        demand_kw=demand,
        must=must_n,
        edge_u=graph.edge_u.astype(np.int64),
        edge_v=graph.edge_v.astype(np.int64),
        fixed=fixed,
        flow_cost=flow_cost,
    )
