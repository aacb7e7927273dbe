"""Confidential figures (turnover, export, exact head-count) and edits, role by role, on the
pages and through the API. The secret turnover of Lämpö Oy is 987654321 EUR."""

import json

import pytest

from greencluster.web.accounts.services import api_token_create
from greencluster.web.registry.models import Organisation
from tests.web.factories import PASSWORD

SECRET_PAGE = "987\u00a0654\u00a0321"
SECRET_API = 987654321

# role -> may see Lämpö Oy's confidential figures, may edit Lämpö Oy
ROLES = {
    "anonymous": (False, False),
    "neighbour_admin": (False, False),  # admin of another member of the same cluster
    "other_coordinator": (False, False),  # coordinator of a cluster Lämpö Oy is not in
    "org_member": (True, False),
    "org_admin": (True, True),
    "coordinator": (True, True),
    "superuser": (True, True),
}


def client_for(client, world, role):
    if role != "anonymous":
        assert client.login(username=getattr(world, role).username, password=PASSWORD)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_profile_page_shows_confidential_figures_only_to_allowed_roles(client, world, role):
    sees, _ = ROLES[role]
    html = client_for(client, world, role).get("/organisations/lampo/").content.decode()
    assert "Lämpö Oy" in html
    assert (SECRET_PAGE in html) is sees
    assert ('<dd id="employees">42' in html) is sees


@pytest.mark.parametrize("role", ROLES)
def test_api_detail_and_list_hide_confidential_figures(client, world, role):
    sees, _ = ROLES[role]
    c = client_for(client, world, role)
    detail = c.get("/api/organisations/lampo").json()
    assert detail["confidential_visible"] is sees
    assert (detail["turnover_eur"] == SECRET_API) is sees
    assert (detail["employees"] == 42) is sees
    if not sees:
        assert detail["turnover_eur"] is None and detail["export_eur"] is None
    listing = c.get("/api/organisations?limit=500").content.decode()
    assert (str(SECRET_API) in listing) is sees


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_api_token_gives_the_same_view_as_the_session(client, world, role):
    sees, _ = ROLES[role]
    _token, key = api_token_create(user=getattr(world, role), name="test")
    body = client.get("/api/organisations/lampo", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert (body["turnover_eur"] == SECRET_API) is sees


def test_public_pages_and_map_never_carry_the_figures(client, world):
    for url in (
        "/",
        "/directory/",
        "/directory/?q=Lämpö",
        "/map/",
        "/map/points.json",
        "/clusters/heat/",
        "/api/clusters",
        "/api/openapi.json",
    ):
        body = client.get(url).content.decode()
        assert str(SECRET_API) not in body and SECRET_PAGE not in body, url


@pytest.mark.parametrize("role", ROLES)
def test_edit_page_and_post(client, world, role):
    _, edits = ROLES[role]
    c = client_for(client, world, role)
    response = c.get("/organisations/lampo/edit/")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (200 if edits else 403)
    post = c.post(
        "/organisations/lampo/edit/",
        {
            "name": "Hijacked Oy",
            "org_type": "company",
            "turnover_eur": "1",
            "employees": "1",
        },
    )
    org = Organisation.objects.get(slug="lampo")
    if edits:
        assert post.status_code == 302
        assert org.name == "Hijacked Oy" and org.turnover_eur == 1
    else:
        assert org.name == "Lämpö Oy" and org.turnover_eur == SECRET_API


@pytest.mark.parametrize("role", ROLES)
def test_api_patch_needs_a_token_and_the_right_to_edit(client, world, role):
    _, edits = ROLES[role]
    payload = json.dumps({"turnover_eur": 5, "name": "Changed Oy"})
    if role == "anonymous":
        response = client.patch(
            "/api/organisations/lampo", payload, content_type="application/json"
        )
        assert response.status_code == 401
        return
    # A session alone cannot write through the API (no cross-site writes).
    client_for(client, world, role)
    assert (
        client.patch(
            "/api/organisations/lampo", payload, content_type="application/json"
        ).status_code
        == 401
    )
    _token, key = api_token_create(user=getattr(world, role), name="t")
    response = client.patch(
        "/api/organisations/lampo",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    org = Organisation.objects.get(slug="lampo")
    if edits:
        assert response.status_code == 200, response.content
        assert org.turnover_eur == 5 and org.name == "Changed Oy"
    else:
        assert response.status_code == 403
        assert org.turnover_eur == SECRET_API


@pytest.mark.parametrize("role", ROLES)
def test_export_import_and_audit_are_for_the_clusters_coordinators(client, world, role):
    manages = role in ("coordinator", "superuser")
    c = client_for(client, world, role)
    for url in (
        "/clusters/heat/export.csv",
        "/clusters/heat/export.json",
        "/clusters/heat/import/",
        "/clusters/heat/audit/",
        "/clusters/heat/audit.csv",
        "/clusters/heat/audit.xlsx",
    ):
        response = c.get(url)
        if role == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if manages else 403), url
    api = c.get("/api/clusters/heat/export?format=json")
    assert api.status_code == (200 if manages else 403)
    if manages:
        assert str(SECRET_API) in api.content.decode()


def test_a_coordinator_sees_figures_of_members_only(client, world):
    client.login(username="othercoord", password=PASSWORD)
    assert client.get("/api/organisations/utenlandsk").json()["turnover_eur"] is not None
    assert client.get("/api/organisations/lampo").json()["turnover_eur"] is None
