from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from greencluster.core.impact import Activity, ReportData
from greencluster.web.impact.models import Goal
from greencluster.web.impact.services import kpi_report_save
from tests.web.factories import make_org_user, make_organisation


def report_data(year: int, fuel_mwh: float, *, turnover: float = 2_000_000.0) -> ReportData:
    return ReportData(
        year=year,
        turnover_eur=turnover,
        employees=20,
        activities=[
            Activity("fuel", "light_fuel_oil", fuel_mwh, "MWh"),
            Activity("electricity", "FI", 100, "MWh"),
            Activity("material", "wood", 10, "t"),
        ],
    )


def file_report(org: Any, year: int, fuel_mwh: float, **kw: Any) -> Any:
    from greencluster.web.registry.demo import SYSTEM

    return kpi_report_save(viewer=SYSTEM, organisation=org, data=report_data(year, fuel_mwh, **kw))


@dataclass
class ImpactWorld:
    w: Any
    members: list[Any]


@pytest.fixture
def impact_world(world, settings) -> ImpactWorld:
    """The web world plus three more members of ``world.cluster``: five reporting members
    (org, neighbour and three), each with 2024 and 2025 reports; minimum group size 3."""
    settings.GREENCLUSTER = {**settings.GREENCLUSTER, "MIN_GROUP_SIZE": 3}
    extra = [make_organisation(cluster=world.cluster, name=f"Extra {i} Oy") for i in range(3)]
    members = [world.org, world.neighbour, *extra]
    for i, org in enumerate(members):
        file_report(org, 2024, 100.0 + 10 * i)
        file_report(org, 2025, 90.0 + 10 * i)
    Goal.objects.create(
        cluster=world.cluster,
        title="-20 % CO2 by 2029",
        metric="co2_total_t",
        base_year=2024,
        target_year=2029,
        target_kind="percent",
        target_value=-20.0,
    )
    make_org_user(extra[0], "admin", "extraadmin")
    return ImpactWorld(world, members)
