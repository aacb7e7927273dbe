"""The knowledge demo: loads after the registry demo and describes the five reference clusters."""

import pytest

from greencluster.web.knowledge import demo as knowledge_demo
from greencluster.web.knowledge.models import (
    Action,
    Practice,
    Project,
    Publication,
    Strategy,
    TrainingPackage,
)
from greencluster.web.registry import demo as registry_demo

FIVE = {
    "south-ostrobothnia-heat",
    "southern-finland-environment",
    "tampere-cleantech",
    "grenland-green-industry",
    "ida-viru-circular",
}


@pytest.fixture
def demo(db):
    passwords = {u: f"{u}-pw-123456" for u, _ in registry_demo.DEMO_USERS}
    registry_demo.load(passwords)
    knowledge_demo.load(passwords)


@pytest.mark.slow
def test_demo_covers_the_five_clusters_and_marks_everything_as_demo(demo, client):
    assert set(Practice.objects.values_list("cluster__slug", flat=True)) == FIVE
    assert set(Strategy.objects.values_list("cluster__slug", flat=True)) == FIVE
    for model in (Practice, Project, Publication, Strategy, TrainingPackage):
        assert not model.objects.filter(is_demo=False).exists(), model
    # Rows with Finnish field names and a second language version became one practice.
    heat = Practice.objects.get(ref="SOH-GP-01")
    assert set(heat.texts["title"]) == {"en", "fi"}
    assert heat.wood_types == ["spruce", "pine", "birch", "small-diameter", "forest-residues"]
    assert heat.scale == "local" and heat.is_public
    assert {o.name for o in heat.organisations.all()} >= {"Demo Kuortaneen Lämpö Oy"}
    # Norwegian and Estonian headers too.
    assert Practice.objects.get(ref="GGI-GP-01").sustainability_potential == "high"
    assert Practice.objects.get(ref="IVC-GP-01").scale == "international"
    # Lineage up to the third generation; an action links to a project.
    third = Project.objects.get(title="Finnish-Estonian material exchange")
    assert third.parent.parent.parent is None
    assert Action.objects.filter(projects__isnull=False).exists()
    response = client.get("/knowledge/practices/?q=Holzart%3A+Birke")
    assert "Heat entrepreneurship: local forest owners" in response.content.decode()
