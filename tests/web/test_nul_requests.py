"""Requests with text no database column holds (NUL characters, unpaired surrogates) are
refused at the door, with the status the OpenAPI document lists, instead of failing in the
database (PostgreSQL refuses NUL in text)."""

from __future__ import annotations

import json

import pytest

from greencluster.web.accounts.services import api_token_create
from greencluster.web.registry.models import Organisation


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/api/organisations?q=a%00b", ["query", "q"]),
        ("/api/knowledge/publications?q=%00", ["query", "q"]),
        ("/api/clusters/he%00at", ["path"]),
        ("/api/clusters?x%00=1", ["query", "x\\x00"]),
    ],
)
def test_the_api_refuses_a_nul_in_the_address_as_invalid(client, world, url, location):
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == location
    path = url.split("?")[0].replace("he%00at", "{slug}")
    document = client.get("/api/openapi.json").json()
    assert "422" in document["paths"][path]["get"]["responses"]


@pytest.mark.parametrize("url", ["/directory/?q=%00", "/knowledge/practices/?q=a%00"])
def test_pages_refuse_a_nul_in_the_address(client, world, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ('{"name": "L\\u00e4mp\\u00f6\\u0000 Oy"}', ["body", "name"]),
        ('{"descriptions": {"en": "broken \\ud800"}}', ["body", "descriptions", "en"]),
        ('{"descriptions": {"e\\u0000n": "text"}}', ["body", "descriptions", "e\\x00n"]),
    ],
)
def test_the_api_refuses_text_no_column_holds_in_a_body(client, world, body, location):
    _token, key = api_token_create(user=world.org_admin, name="t")
    response = client.patch(
        "/api/organisations/lampo",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == location
    assert Organisation.objects.get(slug="lampo").name == "Lämpö Oy"
    assert json.loads(body)  # the body itself is valid JSON
