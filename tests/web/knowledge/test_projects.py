"""Projects: lineage across generations, figures for reports, visibility and edit rights."""

import datetime as dt
from decimal import Decimal

import pytest

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.accounts.services import api_token_create
from greencluster.web.knowledge import services
from greencluster.web.knowledge.models import Project
from tests.web.factories import PASSWORD


@pytest.fixture
def first(world):
    return services.project_save(
        viewer=viewer_for(world.coordinator),
        cluster=world.cluster,
        title="First cluster project",
        start_date=dt.date(2003, 1, 1),
        budget_eur=Decimal(1000),
        is_public=True,
        partners=[(world.org, "lead"), (world.neighbour, "partner")],
        funding=[("ERDF", "Regional programme", Decimal(600))],
    )


def test_a_coordinator_adds_a_second_generation_project_and_sees_the_tree(client, world, first):
    client.login(username="coord", password=PASSWORD)
    response = client.post(
        "/knowledge/projects/new/",
        {
            "cluster": "heat",
            "title": "Export consortium",
            "parent": first.slug,
            "status": "running",
            "start_date": "2007-01-01",
            "partners": ["lampo"],
            "funding": "ERDF; Regional programme; 400\nRegion; ; 100",
            "is_public": "on",
        },
    )
    child = Project.objects.get(title="Export consortium")
    assert response.status_code == 302 and child.parent == first
    page = client.get(f"/knowledge/projects/{child.slug}/").content.decode()
    assert 'data-generation="2"' in page and "First cluster project" in page
    listing = client.get("/knowledge/projects/?cluster=heat").content.decode()
    assert 'data-generation="1">1<' in listing.replace(" ", "")
    figures = client.get("/api/knowledge/projects/figures", {"cluster": "heat"}).json()
    assert figures["by_generation"] == {"1": 1, "2": 1}
    assert figures["partners"] == 2 and figures["funding_total_eur"] == 1100
    assert figures["funding_by_funder"] == {"ERDF": 1000, "Region": 100}


def test_a_project_cannot_grow_out_of_its_own_descendant(client, world, first):
    viewer = viewer_for(world.coordinator)
    child = services.project_save(viewer=viewer, cluster=world.cluster, title="B", parent=first)
    with pytest.raises(services.KnowledgeError, match="grow out of itself"):
        services.project_save(
            viewer=viewer, cluster=world.cluster, title="First", parent=child, project=first
        )
    other = services.project_save(
        viewer=viewer_for(world.other_coordinator), cluster=world.other_cluster, title="Other"
    )
    with pytest.raises(services.KnowledgeError, match="another cluster"):
        services.project_save(viewer=viewer, cluster=world.cluster, title="X", parent=other)


def test_members_only_projects_and_their_branches_are_hidden_from_the_public(client, world, first):
    viewer = viewer_for(world.coordinator)
    hidden = services.project_save(
        viewer=viewer, cluster=world.cluster, title="Internal pilot", parent=first
    )
    services.project_save(
        viewer=viewer,
        cluster=world.cluster,
        title="Public follow-up",
        parent=hidden,
        is_public=True,
    )
    public_page = client.get("/knowledge/projects/").content.decode()
    assert "Internal pilot" not in public_page and "Public follow-up" in public_page
    assert client.get(f"/knowledge/projects/{hidden.slug}/").status_code == 404
    api = {p["title"]: p for p in client.get("/api/knowledge/projects").json()}
    assert "Internal pilot" not in api and api["Public follow-up"]["generation"] == 1
    client.login(username="orgmember", password=PASSWORD)
    api = {p["title"]: p for p in client.get("/api/knowledge/projects").json()}
    assert api["Public follow-up"]["generation"] == 3


@pytest.mark.parametrize("role", ["org_admin", "other_coordinator"])
def test_only_the_clusters_coordinators_edit_projects(client, world, first, role):
    client.login(username=getattr(world, role).username, password=PASSWORD)
    assert client.post(f"/knowledge/projects/{first.slug}/edit/", {}).status_code == 403
    _t, key = api_token_create(user=getattr(world, role), name="t")
    made = client.post(
        "/api/knowledge/projects",
        {"cluster": "heat", "title": "Sneaky"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert made.status_code == 403 and not Project.objects.filter(title="Sneaky").exists()


def test_editing_a_project_on_the_page_keeps_partner_roles(client, world, first):
    client.login(username="coord", password=PASSWORD)
    response = client.post(
        f"/knowledge/projects/{first.slug}/edit/",
        {
            "cluster": "heat",
            "title": "First cluster project",
            "status": "completed",
            "partners": ["lampo"],
            "funding": "ERDF; Regional programme; 600",
        },
    )
    assert response.status_code == 302
    roles = {p.organisation.slug: p.role for p in first.partnerships.all()}
    assert roles == {"lampo": "lead"}
    first.refresh_from_db()
    assert first.status == "completed"


def test_the_api_gives_a_new_projects_generation_in_a_fixed_number_of_queries(client, world, first):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _t, key = api_token_create(user=world.coordinator, name="t")

    def create(title: str, parent: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            made = client.post(
                "/api/knowledge/projects",
                {"cluster": "heat", "title": title, "parent": parent},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
            )
        assert made.status_code == 201, made.content
        return made.json()["generation"], len(queries)

    parent, counts = first.slug, []
    for n in range(2, 6):
        generation, queries = create(f"Generation {n}", parent)
        assert generation == n
        parent = Project.objects.get(title=f"Generation {n}").slug
        counts.append(queries)
    assert len(set(counts)) == 1  # no query per ancestor
