"""The JSON API: a member lists, reads its suggestions, contacts and runs a deal with a
token; bad input names the field; writes need a token."""

import datetime as dt

import pytest

from greencluster.web.accounts.services import api_token_create
from greencluster.web.marketplace.models import Deal, Listing


def bearer(user):
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url, user, **data):
    return client.post(url, data, content_type="application/json", **bearer(user))


def test_a_member_lists_and_follows_a_deal_through_the_api(client, market):
    w = market.world
    need = post(
        client,
        "/api/marketplace/listings",
        w.neighbour_admin,
        organisation="naapuri",
        kind="receive_material",
        title="Vi köper träflis",
        quantity=400,
        amount_unit="t",
    )
    assert need.status_code == 201 and need.json()["class_id"] == "product.wood-chips"
    offer = post(
        client,
        "/api/marketplace/listings",
        w.org_member,
        organisation="lampo",
        kind="offer_material",
        title="Koivuhaketta",
        quantity=40,
        amount_unit="t",
        period="month",
    )
    assert offer.status_code == 201 and offer.json()["quantity_per_a"] == 480
    offer_id, need_id = offer.json()["id"], need.json()["id"]
    rows = client.get(f"/api/marketplace/listings/{offer_id}/suggestions", **bearer(w.org_member))
    (row,) = rows.json()
    assert row["partner"]["id"] == need_id and row["distance_km"] > 20
    assert row["own_figures"]["avoided_t_co2e_per_a"] == pytest.approx(480 * 1.65308, 1e-4)
    deal = post(
        client,
        "/api/marketplace/deals",
        w.org_member,
        listing=offer_id,
        partner=need_id,
        message="Hei!",
    )
    assert deal.status_code == 201 and deal.json()["stage"] == "contacted"
    deal_id = deal.json()["id"]
    for stage, extra in (
        ("negotiating", {}),
        ("agreed", {"report_unit": "MWh", "displaced_key": "fuel.peat"}),
        ("running", {}),
    ):
        moved = post(
            client,
            f"/api/marketplace/deals/{deal_id}/stage",
            w.neighbour_admin,
            stage=stage,
            **extra,
        )
        assert moved.status_code == 200 and moved.json()["stage"] == stage
    today = dt.date.today()
    realised = post(
        client,
        f"/api/marketplace/deals/{deal_id}/realised",
        w.neighbour_admin,
        period_start=str(today.replace(day=1)),
        period_end=str(today),
        quantity=95,
    )
    assert realised.status_code == 201 and realised.json()["unit"] == "MWh"
    funnel = client.get("/api/marketplace/clusters/heat/funnel", **bearer(w.coordinator)).json()
    assert {s["stage"]: s["count"] for s in funnel["steps"]}["running"] == 1
    assert funnel["months"][0]["realisation_rate"] == 1.0


def test_bad_input_names_the_field_and_writes_nothing(client, market):
    w = market.world
    response = post(
        client,
        "/api/marketplace/listings",
        w.org_member,
        organisation="lampo",
        kind="offer_material",
        title="Koivuhaketta",
        quantity=5,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "amount_unit"
    unsure = post(
        client,
        "/api/marketplace/listings",
        w.org_member,
        organisation="lampo",
        kind="offer_waste",
        title="Tuhka",
    )
    assert unsure.status_code == 400 and "pick a class" in unsure.json()["detail"]
    assert not Listing.objects.exists()


def test_writes_need_a_token_and_the_right_organisation(client, market):
    w = market.world
    client.force_login(w.org_member)
    session = client.post(
        "/api/marketplace/listings",
        {"organisation": "lampo", "kind": "offer_material", "title": "Koivuhaketta"},
        content_type="application/json",
    )
    assert session.status_code == 401
    other = post(
        client,
        "/api/marketplace/listings",
        w.org_member,
        organisation="naapuri",
        kind="offer_material",
        title="Koivuhaketta",
    )
    assert other.status_code == 403
    assert not Listing.objects.exists() and not Deal.objects.exists()


def test_classify_endpoint_proposes_classes(client, market):
    body = client.get("/api/marketplace/classify", {"text": "Flugasche aus Biomassekessel"}).json()
    assert body["suggestions"][0]["class_id"] == "ewc.100103" and body["language"] == "de"
