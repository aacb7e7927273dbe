"""Cluster impact: the sourced emission-factor table, CO2 accounting by scope, KPIs, goals,
confidential aggregation and avoided emissions of symbiosis deals.

    table = default_table().with_overrides(cluster_rows)
    inventory = account(MemberReport("org", 2025, "FI", activities=(...)), table)
    inventory.scope_t("1"); inventory.figures[0].rows   # the factor rows behind a number
    kpi_values(inventory, table)["circularity_rate"]
    aggregate({"a": 1.0, "b": 2.0, "c": 3.0}, min_group=3)
    progress(Goal("co2_total_t", 2024, 2029, "percent", -20), {2024: 100.0, 2025: 95.0})
"""

from greencluster.core.impact.accounting import Figure, Inventory, account
from greencluster.core.impact.avoided import AvoidedFigure, RealisedExchange, avoided_emissions
from greencluster.core.impact.catalog import FREIGHT_MODES, WASTE_ROUTES
from greencluster.core.impact.disclosure import (
    Aggregate,
    aggregate,
    aggregate_parts,
    exposed_groups,
    protect,
)
from greencluster.core.impact.factors import (
    FactorRow,
    FactorRowError,
    FactorTable,
    default_table,
    factor_row_from_mapping,
    parse_factor_rows,
)
from greencluster.core.impact.goals import Goal, GoalError, ProgressPoint, progress
from greencluster.core.impact.io import COLUMNS, ReportData, activity_problems, read_reports
from greencluster.core.impact.kpis import ADDITIVE, METRICS, kpi_values, ratios
from greencluster.core.impact.problem import ACTIVITY_FIELDS, Activity, MemberReport

__all__ = [
    "ACTIVITY_FIELDS",
    "ADDITIVE",
    "COLUMNS",
    "FREIGHT_MODES",
    "METRICS",
    "WASTE_ROUTES",
    "Activity",
    "Aggregate",
    "AvoidedFigure",
    "FactorRow",
    "FactorRowError",
    "FactorTable",
    "Figure",
    "Goal",
    "GoalError",
    "Inventory",
    "MemberReport",
    "ProgressPoint",
    "RealisedExchange",
    "ReportData",
    "account",
    "activity_problems",
    "aggregate",
    "aggregate_parts",
    "avoided_emissions",
    "default_table",
    "exposed_groups",
    "factor_row_from_mapping",
    "kpi_values",
    "parse_factor_rows",
    "progress",
    "protect",
    "ratios",
    "read_reports",
]
