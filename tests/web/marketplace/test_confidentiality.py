"""A listing's confidential quantity, price and exact site: the member's own users and its
coordinators always see them, the partner once a deal is contacted, nobody else; a third
member sees neither the values nor the deal, on pages and in the API."""

import pytest

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.accounts.services import api_token_create
from greencluster.web.marketplace import services
from greencluster.web.marketplace.models import Deal
from tests.web.factories import PASSWORD
from tests.web.marketplace.conftest import listing

QUANTITY, PRICE = "500", "25"


def api(client, user, url, method="get", **data):
    _token, key = api_token_create(user=user, name="test")
    call = getattr(client, method)
    kwargs = {"content_type": "application/json", "data": data} if method == "post" else {}
    return call(url, HTTP_AUTHORIZATION=f"Bearer {key}", **kwargs)


def page_text(client, username, url):
    client.logout()
    client.login(username=username, password=PASSWORD)
    return client.get(url)


@pytest.fixture
def contacted(chips, market):
    offer, need = chips
    deal = services.deal_contact(
        viewer=viewer_for(market.world.neighbour_admin),
        listing=need,
        partner=offer,
        message="Hej! Vi är intresserade.",
    )
    return offer, need, deal


def test_other_members_see_the_listing_but_not_its_confidential_values(client, chips, market):
    offer, _need = chips
    for username in ("thirdmember", "neighbouradmin"):
        page = page_text(client, username, f"/marketplace/listings/{offer.pk}/")
        text = page.content.decode()
        assert page.status_code == 200 and "Koivuhaketta" in text
        assert QUANTITY not in text and "25.00" not in text and "Main site" not in text
        assert "confidential" in text
    body = api(client, market.third_user, f"/api/marketplace/listings/{offer.pk}").json()
    assert body["title"] == "Koivuhaketta"
    assert body["quantity"] is None and body["quantity_per_a"] is None and body["quantity_hidden"]
    assert body["price_eur"] is None and body["site"]["name"] is None
    assert body["site"]["lat"] == round(62.79, 1)  # about 10 km, not the exact site
    listed = api(client, market.third_user, "/api/marketplace/listings").json()["items"]
    assert {x["quantity"] for x in listed} == {None}


def test_coordinators_and_own_users_always_see_them(client, chips, market):
    offer, _need = chips
    for username in ("coord", "orgadmin", "orgmember"):
        text = page_text(client, username, f"/marketplace/listings/{offer.pk}/").content.decode()
        assert "500 t per year" in text and "25.00" in text and "Main site" in text
    body = api(client, market.world.coordinator, f"/api/marketplace/listings/{offer.pk}").json()
    assert body["quantity"] == 500 and body["price_eur"] == 25 and body["site"]["exact"]


def test_the_partner_sees_them_once_contacted_and_the_third_member_still_not(
    client, contacted, market
):
    offer, need, _deal = contacted
    partner = page_text(client, "neighbouradmin", f"/marketplace/listings/{offer.pk}/")
    assert "500 t per year" in partner.content.decode()
    body = api(client, market.world.neighbour_admin, f"/api/marketplace/listings/{offer.pk}")
    assert body.json()["quantity"] == 500 and body.json()["price_eur"] == 25
    # the contacting side sees the need's quantity too
    mine = page_text(client, "orgmember", f"/marketplace/listings/{need.pk}/").content.decode()
    assert "400 t per year" in mine

    third = page_text(client, "thirdmember", f"/marketplace/listings/{offer.pk}/")
    assert QUANTITY not in third.content.decode()
    assert (
        api(client, market.third_user, f"/api/marketplace/listings/{offer.pk}").json()["quantity"]
        is None
    )


def test_a_third_member_never_sees_the_deal(client, contacted, market):
    _offer, _need, deal = contacted
    assert page_text(client, "thirdmember", f"/marketplace/deals/{deal.pk}/").status_code == 403
    assert (
        "Koivuhaketta"
        not in page_text(client, "thirdmember", "/marketplace/deals/").content.decode()
    )
    assert "Koivuhaketta" not in page_text(client, "thirdmember", "/marketplace/").content.decode()
    assert api(client, market.third_user, f"/api/marketplace/deals/{deal.pk}").status_code == 403
    assert api(client, market.third_user, "/api/marketplace/deals").json() == []
    moved = api(
        client,
        market.third_user,
        f"/api/marketplace/deals/{deal.pk}/stage",
        "post",
        stage="negotiating",
    )
    assert moved.status_code == 403
    deal.refresh_from_db()
    assert deal.stage == Deal.Stage.CONTACTED
    # the partners and the coordinator do see it
    for user in (market.world.org_member, market.world.neighbour_admin, market.world.coordinator):
        assert api(client, user, f"/api/marketplace/deals/{deal.pk}").status_code == 200


def test_a_third_member_sees_no_suggestions_of_others_and_only_public_figures_in_its_own(
    client, chips, market
):
    offer, _need = chips
    third = market.third_user
    assert (
        page_text(client, "thirdmember", f"/marketplace/listings/{offer.pk}/").context["can_manage"]
        is False
    )
    assert (
        api(client, third, f"/api/marketplace/listings/{offer.pk}/suggestions").status_code == 403
    )
    own = listing(third, market.third, "receive_material", "Puupolttoainetta", quantity=70)
    rows = api(client, third, f"/api/marketplace/listings/{own.pk}/suggestions").json()
    row = next(r for r in rows if r["partner"]["id"] == offer.pk)
    assert not row["full_figures"] and row["partner"]["quantity"] is None
    assert row["figures"]["flow_per_a"] is None and row["figures"]["value_eur_per_a"] is None
    assert QUANTITY not in row["figures"]["explanation"]
    assert row["own_figures"]["quantity_per_a"] == 70
    text = page_text(client, "thirdmember", f"/marketplace/listings/{own.pk}/").content.decode()
    assert "Koivuhaketta" in text and QUANTITY not in text and "12500" not in text


def test_members_of_a_cluster_that_does_not_match_across_clusters_see_nothing(client, chips):
    offer, _need = chips
    client.login(username="othercoord", password=PASSWORD)
    assert client.get(f"/marketplace/listings/{offer.pk}/").status_code == 403
    assert "Koivuhaketta" not in client.get("/marketplace/listings/").content.decode()


def test_a_dropped_deal_hides_the_values_again(client, contacted, market):
    offer, _need, deal = contacted
    services.deal_move(
        viewer=viewer_for(market.world.neighbour_admin),
        deal=deal,
        stage="dropped",
        drop_reason="price",
    )
    text = page_text(
        client, "neighbouradmin", f"/marketplace/listings/{offer.pk}/"
    ).content.decode()
    assert QUANTITY not in text


def test_visitors_who_are_not_logged_in_see_no_listing(client, chips):
    offer, _need = chips
    assert client.get(f"/marketplace/listings/{offer.pk}/").status_code == 302
    assert client.get(f"/api/marketplace/listings/{offer.pk}").status_code == 403
    assert client.get("/api/marketplace/listings").json() == {"count": 0, "items": []}
    assert "Log in to list a side stream" in client.get("/marketplace/").content.decode()
