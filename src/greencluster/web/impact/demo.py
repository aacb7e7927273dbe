"""Demo KPI reports and goals for ``make run`` (all values invented and marked as demo data).

Two years (2024, 2025) of reports for the invented "Demo ..." organisations of the demo
clusters, and three goals per cluster with reports (-20 % CO2, +10 % turnover, -15 % raw
material by 2029 against 2024). Figures are drawn from a seeded generator so that every
demo installation shows the same numbers; they go through the same service as a member's
form, so they are validated like real reports.
"""

from __future__ import annotations

import random

from greencluster.core.impact import Activity, ReportData
from greencluster.web.impact.models import KpiReport
from greencluster.web.impact.services import goal_create, kpi_report_save
from greencluster.web.registry.demo import SYSTEM
from greencluster.web.registry.models import Cluster, Organisation

YEARS = (2024, 2025)
GOALS = (
    ("Demo goal: -20 % CO2 (scopes 1-3) by 2029", "co2_total_t", "percent", -20.0),
    ("Demo goal: +10 % turnover by 2029", "turnover_eur", "percent", 10.0),
    ("Demo goal: -15 % raw material use by 2029", "raw_material_t", "percent", -15.0),
)
HEAT_WORDS = ("lämpö", "energia", "energi", "biolämpö")


def _activities(org: Organisation, rng: random.Random, trend: float) -> list[Activity]:
    name = org.name.lower()
    lines: list[Activity] = []
    if any(w in name for w in HEAT_WORDS):
        lines.append(Activity("fuel", "wood_chips", round(rng.uniform(2000, 9000) * trend), "MWh"))
        lines.append(
            Activity(
                "fuel",
                "light_fuel_oil",
                round(rng.uniform(50, 400) * trend),
                "MWh",
                boiler_size="medium",
            )
        )
    else:
        lines.append(
            Activity(
                "fuel",
                "light_fuel_oil",
                round(rng.uniform(20, 300) * trend),
                "MWh",
                boiler_size="small",
            )
        )
    lines.append(Activity("electricity", org.country, round(rng.uniform(200, 3000)), "MWh"))
    lines.append(
        Activity(
            "freight",
            "road_hgv",
            round(rng.uniform(5_000, 90_000) * trend),
            "t.km",
            direction="in",
            ownership="third_party",
        )
    )
    lines.append(
        Activity(
            "freight",
            "road_hgv_articulated",
            round(rng.uniform(5_000, 60_000)),
            "t.km",
            direction="out",
            ownership="third_party",
        )
    )
    material = rng.choice(["metal_scrap_metal", "wood", "plastics_average_plastics"])
    lines.append(Activity("material", material, round(rng.uniform(50, 900) * trend), "t"))
    lines.append(Activity("circular", material, round(rng.uniform(5, 150) / trend), "t"))
    lines.append(
        Activity(
            "waste",
            "commercial_and_industrial_waste",
            round(rng.uniform(10, 200) * trend),
            "t",
            ewc_code="20 03 01",
            treatment="incineration_with_energy_recovery",
        )
    )
    return lines


def load(passwords: dict[str, str]) -> None:
    """Create the demo reports and goals (called inside the demo transaction)."""
    del passwords
    for cluster in Cluster.objects.filter(is_demo=True).order_by("slug"):
        orgs = Organisation.objects.filter(
            memberships__cluster=cluster, name__startswith="Demo "
        ).order_by("name")
        filed = 0
        for org in orgs:
            if KpiReport.objects.filter(organisation=org).exists():
                continue
            rng = random.Random(f"greencluster-demo-{org.name}")
            turnover = rng.uniform(0.4, 25) * 1e6
            employees = rng.randint(3, 180)
            for index, year in enumerate(YEARS):
                trend = 1.0 - index * rng.uniform(0.02, 0.12)
                data = ReportData(
                    year=year,
                    turnover_eur=round(turnover * (1 + index * rng.uniform(0.0, 0.08))),
                    export_eur=round(turnover * rng.uniform(0.0, 0.5)),
                    employees=employees + index * rng.randint(0, 4),
                    activities=_activities(org, random.Random(f"{org.name}-{year}"), trend),
                )
                kpi_report_save(viewer=SYSTEM, organisation=org, data=data, demo=True)
            filed += 1
        if filed:
            for title, metric, kind, value in GOALS:
                goal_create(
                    viewer=SYSTEM,
                    cluster=cluster,
                    title=title,
                    metric=metric,
                    base_year=YEARS[0],
                    target_year=2029,
                    target_kind=kind,
                    target_value=value,
                    demo=True,
                )
