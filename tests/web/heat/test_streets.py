"""Routes along uploaded streets instead of straight lines with a detour factor."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.heat import services
from tests.web.factories import PASSWORD
from tests.web.heat.conftest import village

STREET_LAT = 62.8090
# One east-west street north of the plant, and two side streets.
STREETS = (
    "from_lat,from_lon,to_lat,to_lon\n"
    f"{STREET_LAT},23.4980,{STREET_LAT},23.5120\n"
    f"{STREET_LAT},23.5030,62.8060,23.5030\n"
    f"{STREET_LAT},23.5080,62.8020,23.5080\n"
)


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 1e-7 and abs(a[1] - b[1]) < 1e-7


def _on_street(point: tuple[float, float], streets: list[list[float]]) -> bool:
    """Whether ``point`` lies on one of the segments (within a few centimetres)."""
    for lat1, lon1, lat2, lon2 in streets:
        dlat, dlon = lat2 - lat1, lon2 - lon1
        t = ((point[0] - lat1) * dlat + (point[1] - lon1) * dlon) / (dlat**2 + dlon**2)
        t = min(max(t, 0.0), 1.0)
        if _near(point, (lat1 + t * dlat, lon1 + t * dlon)):
            return True
    return False


def _upload(client, project, text: str):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("streets.csv", text.encode(), content_type="text/csv")
    return client.post(f"/heat/{project.pk}/streets/upload/", {"file": upload})


def test_routes_follow_the_uploaded_streets(client, world, project):
    assert client.login(username=world.org_admin.username, password=PASSWORD)
    response = _upload(client, project, STREETS.replace("23.5120", "223.5120"))
    assert response.status_code == 200
    assert "to_lon" in response.content.decode()
    project.refresh_from_db()
    assert project.streets == []

    assert _upload(client, project, STREETS).status_code == 302
    project.refresh_from_db()
    assert len(project.streets) == 3
    project.settings["network"]["route_source"] = "streets"
    project.save()
    evaluation = services.heat_evaluation_run(
        viewer=viewer_for(world.org_admin), project=project, label="Streets"
    )
    network = evaluation.result["network"]
    assert network["route_source"] == "streets"
    assert evaluation.inputs["streets"] == project.streets
    ends = {(p[k + "_lat"], p[k + "_lon"]) for p in network["pipes"] for k in ("from", "to")}
    places = [(c["lat"], c["lon"]) for c in evaluation.result["customers"]]
    places.append((project.plant_lat, project.plant_lon))
    junctions = [e for e in ends if not any(_near(e, place) for place in places)]
    assert junctions, "pipes meet at points of the streets"
    assert all(_on_street(point, project.streets) for point in junctions)

    project.settings["network"]["route_source"] = "euclidean"
    project.save()
    straight = services.heat_evaluation_run(
        viewer=viewer_for(world.org_admin), project=project, label="Straight"
    )
    assert straight.result["network"]["route_source"] == "euclidean"
    assert "streets" not in straight.inputs
    straight_ends = [
        (p[k + "_lat"], p[k + "_lon"])
        for p in straight.result["network"]["pipes"]
        for k in ("from", "to")
    ]
    assert straight_ends, "the straight run connects someone"
    assert all(any(_near(e, place) for place in places) for e in straight_ends), (
        "straight pipes run only between the plant and buildings"
    )
    page = client.get(f"/heat/evaluations/{evaluation.pk}/").content.decode()
    assert f"{STREET_LAT}" in page  # the streets are drawn on the map


def test_streets_chosen_but_not_uploaded_is_listed_as_missing(world, project):
    project.settings["network"]["route_source"] = "streets"
    project.save()
    problems = services.project_problems(project, services.project_inputs(project))
    assert [p.column for p in problems] == ["streets"]


def test_api_documents_may_carry_streets_inline(client, world):
    from greencluster.web.accounts.services import api_token_create

    _token, key = api_token_create(user=world.org_admin, name="t")
    data = village()
    data["network"]["route_source"] = "streets"
    del data["network"]["detour_factor"]
    data["streets"] = [[STREET_LAT, 23.498, STREET_LAT, 23.512], [1, 2, 3]]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = {"organisation": world.org.slug, "project": data}
    response = client.post("/api/heat/projects", body, "application/json", **auth)
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "streets[1]"
    data["streets"].pop()
    response = client.post("/api/heat/projects", body, "application/json", **auth)
    assert response.status_code == 201, response.content
    assert response.json()["inputs"]["streets"] == data["streets"]
