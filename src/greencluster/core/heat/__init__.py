"""Heat-entrepreneurship planner: customers' heat demand -> plant, fuel, network, price, profit.

Public API (the CLI and the web app use only these)::

    project = load_project_toml("village.toml")        # or build HeatProject(...) in code
    result = evaluate(project)                          # HeatResult with every output
    data = result_to_dict(result)                       # JSON-able
    bars = sensitivity(project)                         # tornado data, ±20 %
    result, bars = evaluate_with_sensitivity(project)   # both, on one network choice
    rows = sensitivity_to_dicts(bars)                   # JSON-able
    customers = read_customers("customers.xlsx")        # the upload importer

Network optimisation on its own: ``optimise_network(instance, method=...)`` with an instance
from ``build_instance``; ``check_result`` / ``check_solution`` verify results independently.
"""

from greencluster.core.heat.checks import check_result, check_solution
from greencluster.core.heat.customers_io import customers_from_table, read_customers, read_streets
from greencluster.core.heat.defaults import Default
from greencluster.core.heat.network import PCSTInstance, presolve
from greencluster.core.heat.network_solve import NetworkSolution, optimise_network
from greencluster.core.heat.plan import choose_network, evaluate, route_graph
from greencluster.core.heat.problem import (
    BuildingType,
    Customer,
    Economics,
    EmissionSettings,
    FuelSource,
    HeatProject,
    NetworkSpec,
    Plant,
    StreetSegment,
)
from greencluster.core.heat.result import HeatResult, result_to_dict, sensitivity_to_dicts
from greencluster.core.heat.sensitivity import TornadoBar, evaluate_with_sensitivity, sensitivity
from greencluster.core.heat.toml_io import load_project_toml, project_from_dict
from greencluster.core.heat.valuation import build_instance, unit_values

__all__ = [
    "BuildingType",
    "Customer",
    "Default",
    "Economics",
    "EmissionSettings",
    "FuelSource",
    "HeatProject",
    "HeatResult",
    "NetworkSolution",
    "NetworkSpec",
    "PCSTInstance",
    "Plant",
    "StreetSegment",
    "TornadoBar",
    "build_instance",
    "check_result",
    "check_solution",
    "choose_network",
    "customers_from_table",
    "evaluate",
    "evaluate_with_sensitivity",
    "load_project_toml",
    "optimise_network",
    "presolve",
    "project_from_dict",
    "read_customers",
    "read_streets",
    "result_to_dict",
    "route_graph",
    "sensitivity",
    "sensitivity_to_dicts",
    "unit_values",
]
