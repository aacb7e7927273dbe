"""What the marketplace hands to the other parts: realised exchanges to the impact figures,
edges to the cluster graph, new suggestions to the digest."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from greencluster.core.network import EdgeKind
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.impact import exports as impact_exports
from greencluster.web.knowledge.digest import compose
from greencluster.web.marketplace import selectors, services
from greencluster.web.marketplace.models import Suggestion
from greencluster.web.marketplace.network import network_edges
from tests.web.marketplace.conftest import listing

YEAR = timezone.localdate().year


@pytest.fixture
def running(market):
    """Lämpö's steel turnings go to Naapuri's scrap-metal need: a running deal, in tonnes,
    replacing primary metal, with 10 t realised this year."""
    w = market.world
    offer = listing(w.org_member, w.org, "offer_waste", "Teräslastua", quantity=40, price_eur=150)
    need = listing(w.neighbour_admin, w.neighbour, "receive_material", "Metalliromua", quantity=60)
    viewer = viewer_for(w.org_member)
    deal = services.deal_contact(viewer=viewer, listing=offer, partner=need, message="Hei")
    services.deal_move(viewer=viewer, deal=deal, stage="negotiating")
    services.deal_move(
        viewer=viewer,
        deal=deal,
        stage="agreed",
        report_unit="t",
        displaced_key="material.metals.primary_material_production",
    )
    services.deal_move(viewer=viewer, deal=deal, stage="running")
    services.realised_record(
        viewer=viewer,
        deal=deal,
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 1, 31),
        quantity=Decimal("10"),
    )
    return deal


def test_running_deals_realised_tonnes_show_up_in_the_clusters_impact_figures(
    running, market, settings
):
    exchanges = selectors.realised_exchanges(cluster=market.world.cluster, year=YEAR)
    assert [(e.ref, e.quantity, e.unit) for e in exchanges] == [
        (f"marketplace-deal-{running.pk}", 10.0, "t")
    ]
    assert exchanges[0].transport_t_km == pytest.approx(10 * running.distance_km)
    assert selectors.realised_exchanges(cluster=market.world.cluster, year=YEAR - 1) == []
    assert selectors.realised_exchanges(cluster=market.world.other_cluster, year=YEAR) == []

    # the impact app's funder report sums the exchanges' avoided emissions, but only over
    # at least the minimum group size: one exchange's figure would give its tonnes away
    def avoided_row(min_group: int) -> list[str]:
        settings.GREENCLUSTER = {**settings.GREENCLUSTER, "MIN_GROUP_SIZE": min_group}
        report = impact_exports.funder_report(
            viewer_for(market.world.coordinator), market.world.cluster, YEAR
        )
        rows = list(csv.reader(io.StringIO(impact_exports.to_csv(report).decode())))
        return next(r for r in rows if r and r[0] == "1 realised exchanges")

    # 10 t x 3,824.09 kg CO2e/t of primary metal (DESNZ 2025) minus the road transport
    transport_t = 10 * running.distance_km * 0.10163 / 1000
    assert float(avoided_row(1)[1]) == pytest.approx(38.2409 - transport_t, abs=1e-3)
    hidden = avoided_row(3)
    assert hidden[1] == "" and "fewer than 3" in hidden[2]


def test_network_edges_carry_suggestions_and_realised_flows(running, market):
    w = market.world
    edges = list(network_edges(cluster_ids=[w.cluster.pk]))
    potential = [e for e in edges if e.kind == EdgeKind.POTENTIAL_FLOW]
    realised = [e for e in edges if e.kind == EdgeKind.REALISED_FLOW]
    s = Suggestion.objects.get()
    assert [(e.source, e.target, e.tonnes, e.class_code) for e in potential] == [
        (str(w.org.pk), str(w.neighbour.pk), 40.0, "ewc.120101")
    ]
    assert potential[0].weight == pytest.approx(s.score / 100, abs=1e-4)
    assert [(e.source, e.target, e.tonnes, e.value_eur) for e in realised] == [
        (str(w.org.pk), str(w.neighbour.pk), 10.0, 1500.0)
    ]
    assert list(network_edges(cluster_ids=[w.other_cluster.pk])) == []


def test_the_digest_lists_new_partners_without_confidential_figures(chips, market):
    sections = compose(market.world.org_member, timezone.now() - dt.timedelta(days=7), "en")
    section = next(s for s in sections if "side streams" in s.title)
    (item,) = section.items
    assert item.title == "Vi köper träflis till vår panna – Naapuri Oy"
    assert "400" not in item.note and "km" in item.note
    later = compose(market.world.org_member, timezone.now() + dt.timedelta(minutes=1), "en")
    assert not any("side streams" in s.title for s in later)
