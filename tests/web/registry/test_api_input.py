"""Values an organisation's columns cannot hold are refused by the API (and the service behind
it and the pages) with 400 naming the field; nothing is saved."""

import json

import pytest

from greencluster.web.accounts.services import api_token_create
from greencluster.web.registry.models import Organisation, Site


@pytest.fixture
def token(world):
    return api_token_create(user=world.org_admin, name="t")[1]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"figures_year": -5}, "figures_year"),
        ({"figures_year": 40000}, "figures_year"),
        ({"employees": 2**40}, "employees"),
        ({"employees": -1}, "employees"),
        ({"turnover_eur": 1e300}, "turnover_eur"),
        ({"export_eur": -3}, "export_eur"),
        ({"name": "N" * 251}, "name"),
        ({"name": "  "}, "name"),
        ({"org_type": "pirate"}, "org_type"),
        ({"website": "https://" + "w" * 200 + ".fi"}, "website"),
    ],
)
def test_organisation_values_that_do_not_fit_are_refused(client, world, token, payload, field):
    before = list(Organisation.objects.filter(slug="lampo").values())
    response = client.patch(
        "/api/organisations/lampo",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    assert list(Organisation.objects.filter(slug="lampo").values()) == before


def test_a_non_finite_amount_is_refused(client, world, token):
    response = client.patch(
        "/api/organisations/lampo",
        '{"turnover_eur": NaN}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400 and "turnover_eur" in response.json()["detail"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "S" * 251, "lat": 63.1, "lon": 21.6}, "name"),
        ({"name": "Mill", "postcode": "1" * 21, "lat": 63.1, "lon": 21.6}, "postcode"),
        ({"name": "Mill", "lat": 630, "lon": 21.6}, "lat"),
        ({"name": "Mill", "lat": 63.1, "lon": -181}, "lon"),
    ],
)
def test_site_values_that_do_not_fit_are_refused(client, world, token, payload, field):
    sites = list(Site.objects.values_list("pk", flat=True))
    response = client.post(
        "/api/organisations/lampo/sites",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    assert list(Site.objects.values_list("pk", flat=True)) == sites
