"""The JSON API: create a project from the core's schema, upload customers, run, read."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greencluster.core.heat import evaluate, project_from_dict
from greencluster.web.accounts.services import api_token_create
from greencluster.web.heat.models import HeatProject
from tests.web.heat.conftest import CSV_HEADER, village


@pytest.fixture
def auth(world) -> dict[str, str]:
    _token, key = api_token_create(user=world.org_admin, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_create_run_and_read_through_the_api(client, world, auth):
    response = client.post(
        "/api/heat/projects",
        {"organisation": world.org.slug, "project": village()},
        "application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["problems"] == [] and body["customer_count"] == len(village()["customers"])
    pk = body["id"]
    assert [p["id"] for p in client.get("/api/heat/projects", **auth).json()] == [pk]

    run = client.post(
        f"/api/heat/projects/{pk}/evaluations", {"label": "API"}, "application/json", **auth
    )
    assert run.status_code == 201
    data = run.json()
    stored = HeatProject.objects.get(pk=pk).settings["network"]["time_limit_s"]
    assert stored == village()["network"]["time_limit_s"] > 10  # kept as the document says
    assert data["inputs"]["network"]["time_limit_s"] == 10  # a web run waits 10 s at most
    expected = evaluate(project_from_dict(village()))
    assert data["result"]["network"]["connected_buildings"] == sum(
        c.connected for c in expected.customers
    )
    assert data["min_energy_charge_eur_per_mwh"] == pytest.approx(
        expected.economics.min_energy_charge_eur_per_mwh
    )
    assert {b["parameter"] for b in data["sensitivity"]} == {
        "fuel_price",
        "heat_price",
        "demand",
        "investment",
    }
    listed = client.get(f"/api/heat/projects/{pk}/evaluations", **auth).json()
    assert [e["label"] for e in listed] == ["API"]
    full = client.get(f"/api/heat/evaluations/{data['id']}", **auth).json()
    assert full["result"]["schema"] == "greencluster.heat.result/1"


def test_bad_documents_name_the_field_and_create_nothing(client, world, auth):
    data = village()
    data["economics"]["discount_rate_pct"] = "six"
    data["customers"][0]["lat"] = 95
    response = client.post(
        "/api/heat/projects",
        {"organisation": world.org.slug, "project": data},
        "application/json",
        **auth,
    )
    assert response.status_code == 400
    columns = {e["column"] for e in response.json()["errors"]}
    assert {"economics.discount_rate_pct", "customers[0].lat"} <= columns
    assert not HeatProject.objects.exists()


@pytest.mark.parametrize(
    "patch",
    [{"customers_file": "/etc/passwd"}, {"network": {"streets_file": "../../secret.csv"}}],
)
def test_files_named_in_a_document_are_never_read(client, world, auth, patch):
    data = village()
    for key, value in patch.items():
        if isinstance(value, dict):
            data[key].update(value)
        else:
            data[key] = value
    response = client.post(
        "/api/heat/projects",
        {"organisation": world.org.slug, "project": data},
        "application/json",
        **auth,
    )
    assert response.status_code == 400
    assert "files are not read here" in response.json()["errors"][0]["message"]


def test_customers_upload_through_the_api_is_all_or_nothing(client, world, auth, project):
    count = project.customers.count()
    bad = SimpleUploadedFile("c.csv", (CSV_HEADER + "A,62.8,23.5,-5,10,oil,no\n").encode())
    response = client.post(f"/api/heat/projects/{project.pk}/customers", {"file": bad}, **auth)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["row"], error["column"]) == (2, "annual_heat_mwh")
    assert project.customers.count() == count
    good = SimpleUploadedFile("c.csv", (CSV_HEADER + "A,62.8,23.5,50,25,oil,no\n").encode())
    response = client.post(
        f"/api/heat/projects/{project.pk}/customers", {"file": good, "replace": True}, **auth
    )
    assert response.json() == {"customers": 1}
    assert list(project.customers.values_list("name", flat=True)) == ["A"]


def test_incomplete_project_cannot_be_run(client, world, auth, project):
    project.fuel_sources.all().delete()
    response = client.post(
        f"/api/heat/projects/{project.pk}/evaluations", {}, "application/json", **auth
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "fuel_sources"


def test_project_read_builds_its_inputs_once(client, world, auth, project):
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/api/heat/projects/{project.pk}", **auth).json()
    assert body["customer_count"] == project.customers.count() == len(body["inputs"]["customers"])
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "heat_heatcustomer"' in s for s in sql) == 1
    assert sum('FROM "heat_heatfuelsource"' in s for s in sql) == 1
