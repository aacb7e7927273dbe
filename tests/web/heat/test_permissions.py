"""Who sees and changes a heat project: its organisation's users see it, its admins and the
cluster's coordinators change it; other members see nothing of it, on pages, PDF or API."""

from __future__ import annotations

import pytest

from greencluster.web.accounts.services import api_token_create
from tests.web.factories import PASSWORD

SEE = ["org_admin", "org_member", "coordinator", "superuser"]
HIDDEN = ["neighbour_admin", "other_coordinator"]
EDIT = ["org_admin", "coordinator", "superuser"]


def _login(client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(username=user.username, password=PASSWORD)


def _pages(project, evaluation) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f"/heat/{project.pk}/",
        f"/heat/{project.pk}/compare/",
        f"/heat/evaluations/{evaluation.pk}/",
        f"/heat/evaluations/{evaluation.pk}/summary.pdf",
    ]


@pytest.mark.parametrize("role", SEE)
def test_organisation_users_and_coordinators_see_the_project(client, world, evaluated, role):
    _login(client, getattr(world, role))
    for url in _pages(evaluated.project, evaluated):
        assert client.get(url).status_code == 200, url
    listing = client.get("/heat/").content.decode()
    assert evaluated.project.name in listing


@pytest.mark.parametrize("role", HIDDEN)
def test_other_members_never_see_the_project(client, world, evaluated, role):
    _login(client, getattr(world, role))
    for url in _pages(evaluated.project, evaluated):
        assert client.get(url).status_code == 403, url
    assert evaluated.project.name not in client.get("/heat/").content.decode()
    _token, key = api_token_create(user=getattr(world, role), name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/heat/projects", **auth).json() == []
    project_id = evaluated.project.pk
    assert client.get(f"/api/heat/projects/{project_id}", **auth).status_code == 403
    assert client.get(f"/api/heat/evaluations/{evaluated.pk}", **auth).status_code == 403
    assert client.get(f"/api/heat/projects/{project_id}/evaluations", **auth).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_and_the_api_shows_nothing(client, evaluated):
    response = client.get(f"/heat/evaluations/{evaluated.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/heat/projects").json() == []
    assert client.get(f"/api/heat/evaluations/{evaluated.pk}").status_code == 403


@pytest.mark.parametrize("role", EDIT)
def test_admins_and_coordinators_may_change_and_run(client, world, project, role):
    _login(client, getattr(world, role))
    assert client.get(f"/heat/{project.pk}/settings/").status_code == 200
    response = client.post(f"/heat/{project.pk}/run/", {"label": f"by {role}"})
    assert response.status_code == 302 and "/heat/evaluations/" in response["Location"]
    assert project.evaluations.filter(label=f"by {role}").exists()


@pytest.mark.parametrize("role", ["org_member", "neighbour_admin", "other_coordinator"])
def test_others_may_not_change_the_project(client, world, project, role):
    _login(client, getattr(world, role))
    customer = project.customers.first()
    for url, data in [
        (f"/heat/{project.pk}/run/", {"label": "x"}),
        (f"/heat/{project.pk}/customers/{customer.pk}/delete/", {}),
        (f"/heat/{project.pk}/delete/", {}),
        (f"/heat/{project.pk}/customers/new/", {"name": "X", "lat": 62, "lon": 23}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert client.get(f"/heat/{project.pk}/settings/").status_code == 403
    assert project.evaluations.count() == 0
    assert project.customers.filter(pk=customer.pk).exists()


def test_member_may_not_create_projects_for_another_organisation(client, world):
    _login(client, world.neighbour_admin)
    response = client.post(
        "/heat/new/",
        {
            "organisation": world.org.pk,
            "name": "Hijack",
            "plant_lat": 62.8,
            "plant_lon": 23.5,
            "start_year": 2027,
        },
    )
    assert response.status_code == 200  # the organisation is not among the choices
    assert "Hijack" not in [p.name for p in world.org.heat_projects.all()]


def test_api_writes_need_a_token_not_the_session(client, world, project):
    _login(client, world.org_admin)
    response = client.post(
        f"/api/heat/projects/{project.pk}/evaluations", {"label": "x"}, "application/json"
    )
    assert response.status_code == 401
    _token, key = api_token_create(user=world.org_member, name="t")
    response = client.post(
        f"/api/heat/projects/{project.pk}/evaluations",
        {"label": "x"},
        "application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 403
    assert project.evaluations.count() == 0
