"""The demo heat project of `make run`: Kuortane village, flagged as demo, two scenarios."""

from __future__ import annotations

import math

from greencluster.web.heat import demo
from greencluster.web.heat.models import HeatProject
from tests.web.factories import make_cluster, make_organisation


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians(lat1))
    return math.hypot(dx, dy)


def test_demo_project_is_a_kuortane_village_with_two_scenarios(db):
    cluster = make_cluster(slug="south-ostrobothnia-heat")
    org = make_organisation(cluster=cluster, name=demo.ORGANISATION, slug="demo-kuortane")
    demo.load({})
    project = HeatProject.objects.get(organisation=org)
    assert project.is_demo and "demo" in project.name
    kuortane = (62.8, 23.5)  # the organisation's site in the registry demo
    assert _km(*kuortane, project.plant_lat, project.plant_lon) < 2
    customers = list(project.customers.all())
    assert len(customers) == len(demo.CUSTOMERS)
    assert all(_km(*kuortane, c.lat, c.lon) < 5 for c in customers)
    base, no_aid = project.evaluations.order_by("created_at", "id")
    assert "demo" in base.label and "demo" in no_aid.label
    school = next(c for c in base.result["customers"] if c["name"] == "Village school")
    assert school["connected"]
    assert base.result["economics"]["aid_eur"] > 0 == no_aid.result["economics"]["aid_eur"]
    assert project.settings["economics"]["investment_aid_pct"] == 25  # restored after the run
