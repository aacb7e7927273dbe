"""The OpenAPI document describes what the API answers: each schema name stands for one
schema, and the statuses given for bad parameters, unknown filters and bad formats are
listed for their operations."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

import pytest
from ninja import Schema

import greencluster.web
from greencluster.web.accounts.services import api_token_create


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").json()


def test_no_two_api_schemas_share_a_name(document):
    """The document names each schema once (components/schemas), so two classes with one
    name would describe one operation with the other's fields."""
    for info in pkgutil.walk_packages(greencluster.web.__path__, "greencluster.web."):
        if info.name.endswith(".api"):
            importlib.import_module(info.name)
    by_name = defaultdict(set)
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("greencluster.web."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(classes) for name, classes in by_name.items() if len(classes) > 1}
    assert shared == {}
    heat_project = document["paths"]["/api/heat/projects/{pk}"]["get"]["responses"]["200"]
    ref = heat_project["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "customer_count" in document["components"]["schemas"][ref]["properties"]


@pytest.mark.parametrize(
    ("method", "url", "path", "status"),
    [
        ("get", "/api/heat/projects/not-a-number", "/api/heat/projects/{pk}", 422),
        ("get", "/api/knowledge/projects?cluster=nowhere", "/api/knowledge/projects", 404),
        (
            "get",
            "/api/knowledge/projects/figures?cluster=nowhere",
            "/api/knowledge/projects/figures",
            404,
        ),
        ("get", "/api/clusters/heat/export?format=doc", "/api/clusters/{slug}/export", 400),
    ],
)
def test_the_status_of_a_refused_request_is_documented(
    client, world, document, method, url, path, status
):
    _token, key = api_token_create(user=world.coordinator, name="t")
    response = getattr(client, method)(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == status
    assert str(status) in document["paths"][path][method]["responses"]
    assert response["Content-Type"] == "application/json; charset=utf-8"
