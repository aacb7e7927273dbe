"""The marketplace demo of `make run`: real E-PRTR transfers as offers, invented needs and
deals marked as demo, suggestions ready for the demo users, a populated funnel; and list
pages that run a fixed number of queries at demo size."""

import csv
import io
from decimal import Decimal
from importlib.resources import files

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greencluster.web.accounts.permissions import system_viewer, viewer_for
from greencluster.web.marketplace import demo as marketplace_demo
from greencluster.web.marketplace import funnel, matching, services
from greencluster.web.marketplace.models import Deal, Listing, Suggestion
from greencluster.web.registry import demo as registry_demo
from greencluster.web.registry.models import Cluster, Organisation

PASSWORDS = {u: f"{u}-pw-123456" for u, _ in registry_demo.DEMO_USERS}


@pytest.fixture
def demo(db):
    registry_demo.load(PASSWORDS)
    marketplace_demo.load(PASSWORDS)


def transfers():
    text = (files("greencluster.data") / "demo" / "marketplace_transfers.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.slow
def test_demo_offers_are_the_real_transfers_and_everything_invented_is_marked(demo, client):
    real = Listing.objects.filter(is_demo=False)
    assert real.count() >= 80
    for listing in real.select_related("organisation")[:40]:
        row = next(
            r
            for r in transfers()
            if r["ref"] == listing.organisation.external_ref
            and (r["treatment"] == "R") == (listing.kind == "offer_material")
        )
        assert listing.quantity == Decimal(row["tonnes"]) and listing.show_quantity
        assert f"E-PRTR {row['year']}" in listing.source_note and "demo assumption" in (
            listing.source_note
        )
    invented = Listing.objects.filter(is_demo=True)
    assert all(x.organisation.name.startswith("Demo ") for x in invented)
    assert all(d.is_demo for d in Deal.objects.all())
    assert not Deal.objects.exclude(supplier__name__startswith="Demo ").exists()
    assert not Deal.objects.exclude(receiver__name__startswith="Demo ").exists()

    for username, organisation in (
        ("member", "Demo Alavuden Kattilatekniikka Oy"),
        ("heat", "Demo Kuortaneen Lämpö Oy"),
    ):
        client.login(username=username, password=PASSWORDS[username])
        home = client.get("/marketplace/")
        own = [x for x, _view, n in home.context["listings"]]
        assert own and {x.organisation.name for x in own} == {organisation}
        assert all(n > 0 for _x, _view, n in home.context["listings"] if _x.kind != "offer_service")
        assert home.context["deals"]
        client.logout()


@pytest.mark.slow
def test_demo_funnel_and_cross_cluster_matching(demo):
    cluster = Cluster.objects.get(slug="south-ostrobothnia-heat")
    steps = {s.key: s.count for s in funnel.funnel(system_viewer("test"), cluster)}
    assert steps["contacted"] >= steps["negotiating"] > steps["agreed"] >= steps["running"] >= 1
    assert Suggestion.objects.filter(cross_cluster=True).exists()
    grenland = Cluster.objects.get(slug="grenland-green-industry")
    finnish = Organisation.objects.filter(country="FI")
    assert not Suggestion.objects.filter(
        offer__organisation__memberships__cluster=grenland, need__organisation__in=finnish
    ).exists()
    # the stored suggestions are what the engine gives now
    assert matching.refresh_suggestions() == {"created": 0, "updated": 0, "deleted": 0}


def counts(client, urls):
    out = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        out.append(len(queries))
    return out


def grow(n):
    """``n`` more listings and deals at demo places, then one refresh."""
    system = system_viewer("test")
    members = list(
        Organisation.objects.filter(memberships__cluster__slug="south-ostrobothnia-heat")
        .filter(name__startswith="Demo ")
        .prefetch_related("sites", "memberships")
    )
    for i in range(n):
        org = members[i % len(members)]
        services.listing_create(
            viewer=system,
            data=services.ListingInput(
                organisation=org,
                kind="receive_material",
                title=f"Polttohaketta {i}",
                class_id="product.solid-biofuel",
                quantity=Decimal(100 + i),
                amount_unit="t",
            ),
            refresh=False,
        )
    matching.refresh_suggestions()
    pallets = Listing.objects.get(title="Puulavoja ja pakkauspuuta")
    for s in Suggestion.objects.filter(offer=pallets, need__title__startswith="Polttohaketta")[:3]:
        services.deal_contact(viewer=system, listing=pallets, partner=s.need, message="Hei")


@pytest.mark.slow
def test_list_pages_do_not_query_per_row_at_demo_size(demo, client, django_assert_max_num_queries):
    pallets = Listing.objects.get(title="Puulavoja ja pakkauspuuta")
    member_pages = [
        "/marketplace/",
        "/marketplace/listings/",
        f"/marketplace/listings/{pallets.pk}/",
        "/marketplace/deals/",
    ]
    coordinator_pages = [
        "/marketplace/clusters/south-ostrobothnia-heat/",
        "/marketplace/clusters/south-ostrobothnia-heat/suggestions/",
        "/marketplace/deals/",
        "/marketplace/listings/",
    ]
    client.login(username="member", password=PASSWORDS["member"])
    member_before = counts(client, member_pages)
    client.login(username="coordinator", password=PASSWORDS["coordinator"])
    coordinator_before = counts(client, coordinator_pages)
    rows_before = (
        len(client.get("/marketplace/deals/").context["page"].object_list),
        Suggestion.objects.filter(offer=pallets).count(),
    )
    grow(12)
    rows_after = (
        len(client.get("/marketplace/deals/").context["page"].object_list),
        Suggestion.objects.filter(offer=pallets).count(),
    )
    assert rows_after[0] > rows_before[0] and rows_after[1] > rows_before[1]
    assert counts(client, coordinator_pages) == coordinator_before
    client.login(username="member", password=PASSWORDS["member"])
    assert counts(client, member_pages) == member_before
    with django_assert_max_num_queries(25):
        client.get(f"/marketplace/listings/{pallets.pk}/")
    viewer = viewer_for(client.get("/marketplace/").wsgi_request.user)
    assert viewer.organisation_ids
