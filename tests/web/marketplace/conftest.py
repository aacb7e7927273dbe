from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.marketplace import services
from greencluster.web.marketplace.models import Listing
from greencluster.web.registry.models import Organisation, Site
from tests.web.factories import make_org_user, make_organisation


@dataclass
class Market:
    """The ``world`` with sites apart and a third member of the heat cluster."""

    world: Any
    third: Organisation
    third_user: Any


def move_site(org: Organisation, place: str, lat: float, lon: float) -> Site:
    site = org.sites.get()
    site.place, site.lat, site.lon = place, lat, lon
    site.save()
    return site


@pytest.fixture
def market(world) -> Market:
    move_site(world.neighbour, "Lapua", 62.97, 23.01)  # about 26 km by road from Seinäjoki
    move_site(world.foreign_org, "Porsgrunn", 59.14, 9.66)
    third = make_organisation(cluster=world.cluster, name="Kolmas Oy", slug="kolmas")
    move_site(third, "Kauhava", 63.10, 23.06)
    third_user = make_org_user(third, "admin", "thirdmember")
    for user in (world.org_admin, world.org_member, world.neighbour_admin, third_user):
        user.email = f"{user.username}@example.org"
        user.save()
    return Market(world, third, third_user)


def listing(user: Any, org: Organisation, kind: str, title: str, **fields: Any) -> Listing:
    """A listing created through the service as ``user``."""
    if "quantity" in fields and fields["quantity"] is not None:
        fields["quantity"] = Decimal(str(fields["quantity"]))
        fields.setdefault("amount_unit", "t")
    if "price_eur" in fields and fields["price_eur"] is not None:
        fields["price_eur"] = Decimal(str(fields["price_eur"]))
    data = services.ListingInput(organisation=org, kind=kind, title=title, **fields)
    return services.listing_create(viewer=viewer_for(user), data=data)


@pytest.fixture
def chips(market) -> tuple[Listing, Listing]:
    """Lämpö offers 500 t/a of wood chips (confidential quantity and price); Naapuri needs
    400 t/a of wood fuel (in Swedish, quantity confidential)."""
    w = market.world
    offer = listing(
        w.org_member,
        w.org,
        Listing.Kind.OFFER_MATERIAL,
        "Koivuhaketta",
        description="Kuivaa koivuhaketta sahalta",
        quantity=500,
        price_eur=25,
    )
    need = listing(
        w.neighbour_admin,
        w.neighbour,
        Listing.Kind.RECEIVE_MATERIAL,
        "Vi köper träflis till vår panna",
        quantity=400,
    )
    return offer, need
