"""Stored suggestions come from the matching engine, refresh when listings change and keep to
the clusters that allow matching across clusters."""

import pytest

from greencluster.core.matching import (
    ListingTable,
    TaxonomyCompatibility,
    check_suggestions,
)
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.marketplace import matching, services
from greencluster.web.marketplace.models import Listing, Suggestion
from tests.web.marketplace.conftest import listing


def test_a_new_listing_gets_the_engines_suggestions_with_distance_and_co2(chips):
    offer, need = chips
    s = Suggestion.objects.get()
    assert (s.offer, s.need) == (offer, need)
    # Seinäjoki to Lapua: 22 km great circle, times the road factor 1.2
    assert 24 < s.distance_km < 30
    assert s.flow_per_a == 400  # the smaller of 500 and 400 t/a
    assert s.transport_t_co2e_per_a == pytest.approx(400 * s.distance_km * 0.10163 / 1000, 1e-3)
    assert s.avoided_t_co2e_per_a == pytest.approx(400 * 1.65308, 1e-3)
    assert s.value_eur_per_a == pytest.approx(400 * 25)
    assert "Lämpö Oy offers" in s.explanation and "Naapuri Oy" in s.explanation


def test_public_figures_never_contain_confidential_quantities_or_prices(chips):
    s = Suggestion.objects.get()
    assert s.public_flow_per_a is None and s.public_value_eur_per_a is None
    assert "400" not in s.public_explanation and "500" not in s.public_explanation
    assert "EUR" not in s.public_explanation
    # what depends on distance and class only is the same for everyone
    assert s.transport_kg_co2e_per_t == pytest.approx(s.distance_km * 0.10163, 1e-3)
    assert s.avoided_kg_co2e_per_unit == pytest.approx(1653.08, 1e-3)


def test_shown_quantities_enter_the_public_figures(market):
    w = market.world
    listing(w.org_member, w.org, "offer_material", "Koivuhaketta", quantity=500, show_quantity=True)
    listing(w.neighbour_admin, w.neighbour, "receive_material", "Vi köper träflis", quantity=400)
    s = Suggestion.objects.get()
    assert s.public_flow_per_a == 500  # only the offer's quantity is public


def test_stored_suggestions_pass_the_independent_checker(market):
    w = market.world
    for i in range(4):
        listing(w.org_member, w.org, "offer_material", f"Koivuhaketta {i}", quantity=100 + i)
        listing(w.neighbour_admin, w.neighbour, "receive_material", "Vi köper träflis", quantity=50)
    listing(market.third_user, market.third, "receive_material", "Puupolttoainetta", quantity=70)
    listings = list(Listing.objects.select_related("site", "organisation").order_by("id"))
    table = ListingTable.from_listings(
        [matching.core_listing(x, public=False, organisation=x.organisation.name) for x in listings]
    )
    row = {str(x.pk): i for i, x in enumerate(listings)}
    pairs = [(row[str(s.offer_id)], row[str(s.need_id)]) for s in Suggestion.objects.all()]
    assert len(pairs) == 4 * 4 + 4  # every chips offer with every need of the other members
    offers, needs = zip(*pairs, strict=True)
    compat = TaxonomyCompatibility()
    assert check_suggestions(table, offers, needs, compat, top_k=matching.TOP_K) == []


def test_pausing_and_closing_a_listing_removes_and_restores_its_suggestions(chips):
    offer, _need = chips
    viewer = viewer_for(offer.organisation.user_roles.first().user)
    services.listing_set_status(viewer=viewer, listing=offer, status="paused")
    assert not Suggestion.objects.exists()
    services.listing_set_status(viewer=viewer, listing=offer, status="active")
    assert Suggestion.objects.count() == 1
    services.listing_set_status(viewer=viewer, listing=offer, status="closed")
    assert not Suggestion.objects.exists()


def test_editing_a_listing_refreshes_its_figures(chips, market):
    offer, _need = chips
    before = Suggestion.objects.get()
    data = services.ListingInput(
        organisation=offer.organisation,
        kind=offer.kind,
        title=offer.title,
        quantity=offer.quantity / 5,
        amount_unit="t",
    )
    services.listing_update(viewer=viewer_for(market.world.org_admin), listing=offer, data=data)
    after = Suggestion.objects.get()
    assert after.pk == before.pk and after.flow_per_a == 100 and after.value_eur_per_a is None


def test_other_clusters_are_matched_only_when_both_allow_it(market):
    w = market.world
    listing(
        w.org_member, w.org, "offer_material", "Koivuhaketta", quantity=500, max_distance_km=None
    )
    foreign_need = listing(
        make_admin := w.other_coordinator, w.foreign_org, "receive_material", "Flis", quantity=10
    )
    assert make_admin  # a coordinator may list for its members
    # Porsgrunn is ~1,000 km away: move it next door to see the rule, not the distance
    site = w.foreign_org.sites.get()
    site.lat, site.lon = 62.8, 22.9
    site.save()
    matching.refresh_suggestions()
    assert not Suggestion.objects.filter(need=foreign_need).exists()
    services.settings_update(
        viewer=viewer_for(w.coordinator),
        cluster=w.cluster,
        allow_cross_cluster=True,
        stalled_after_days=30,
    )
    assert not Suggestion.objects.filter(need=foreign_need).exists()
    services.settings_update(
        viewer=viewer_for(w.other_coordinator),
        cluster=w.other_cluster,
        allow_cross_cluster=True,
        stalled_after_days=30,
    )
    s = Suggestion.objects.get(need=foreign_need)
    assert s.cross_cluster
    services.settings_update(
        viewer=viewer_for(w.coordinator),
        cluster=w.cluster,
        allow_cross_cluster=False,
        stalled_after_days=30,
    )
    assert not Suggestion.objects.filter(need=foreign_need).exists()
