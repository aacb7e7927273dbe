"""The coordinator's tools: funnel with realisation rate per month, stalled deals, the
network allocation, deals export, bulk upload of listings (all or nothing, row errors)."""

import csv
import datetime as dt
import io

from django.utils import timezone
from openpyxl import load_workbook

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.marketplace import funnel, services
from greencluster.web.marketplace.models import Deal, Listing, Suggestion
from tests.web.factories import PASSWORD
from tests.web.marketplace.conftest import listing


def contact(market, offer, need):
    return services.deal_contact(
        viewer=viewer_for(market.world.org_member), listing=offer, partner=need, message="Hei"
    )


def test_funnel_counts_each_deal_at_every_stage_it_reached(chips, market):
    w = market.world
    offer, need = chips
    third_need = listing(
        market.third_user, market.third, "receive_material", "Haketta", quantity=90
    )
    first = contact(market, offer, need)
    second = contact(market, offer, third_need)
    viewer = viewer_for(w.org_member)
    services.deal_move(viewer=viewer, deal=first, stage="negotiating")
    services.deal_move(viewer=viewer, deal=second, stage="dropped", drop_reason="price")
    steps = {s.key: s.count for s in funnel.funnel(viewer_for(w.coordinator), w.cluster)}
    assert steps == {
        "suggested": Suggestion.objects.count(),
        "contacted": 2,
        "negotiating": 1,
        "agreed": 0,
        "running": 0,
    }
    assert steps["suggested"] == 2


def test_realisation_rate_per_month_of_first_contact(chips, market):
    offer, need = chips
    deal = contact(market, offer, need)
    viewer = viewer_for(market.world.org_member)
    for stage in ("negotiating", "agreed", "running"):
        extra = {"report_unit": "MWh", "displaced_key": "fuel.peat"} if stage == "agreed" else {}
        services.deal_move(viewer=viewer, deal=deal, stage=stage, **extra)
    third_need = listing(market.third_user, market.third, "receive_material", "Haketta", quantity=9)
    older = contact(market, offer, third_need)
    Deal.objects.filter(pk=older.pk).update(contacted_at=timezone.now() - dt.timedelta(days=62))
    months = funnel.realisation_by_month(viewer_for(market.world.coordinator), market.world.cluster)
    assert [(m.contacted, m.running, m.rate) for m in months] == [(1, 1, 1.0), (1, 0, 0.0)]


def test_stalled_deals_are_open_deals_without_activity(client, chips, market):
    offer, need = chips
    deal = contact(market, offer, need)
    Deal.objects.filter(pk=deal.pk).update(last_activity_at=timezone.now() - dt.timedelta(days=31))
    client.login(username="coord", password=PASSWORD)
    page = client.get("/marketplace/clusters/heat/")
    assert [d.pk for d in page.context["stalled"]] == [deal.pk]
    services.deal_message_post(
        viewer=viewer_for(market.world.neighbour_admin), deal=deal, body="Hej"
    )
    page = client.get("/marketplace/clusters/heat/")
    assert list(page.context["stalled"]) == []


def test_members_cannot_open_the_coordinator_pages(client, chips):
    client.login(username="orgadmin", password=PASSWORD)
    for url in (
        "/marketplace/clusters/heat/",
        "/marketplace/clusters/heat/suggestions/",
        "/marketplace/clusters/heat/deals.csv",
        "/marketplace/clusters/heat/import/",
    ):
        assert client.get(url).status_code == 403, url


def test_deals_export_in_csv_and_xlsx(client, chips, market):
    offer, need = chips
    deal = contact(market, offer, need)
    client.login(username="coord", password=PASSWORD)
    body = client.get("/marketplace/clusters/heat/deals.csv").content.decode()
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["deal_id"] == str(deal.pk) and row["stage"] == "contacted"
    assert row["supplier"] == "Lämpö Oy" and row["receiver"] == "Naapuri Oy"
    xlsx = client.get("/marketplace/clusters/heat/deals.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header, first = list(sheet.iter_rows(values_only=True))
    assert dict(zip(header, first, strict=True))["need"] == "Vi köper träflis till vår panna"


def test_deals_export_keeps_formula_like_text_as_text(client, market):
    w = market.world
    offer = listing(w.org_member, w.org, "offer_material", "=HYPERLINK(1) koivuhake", quantity=9)
    need = listing(w.neighbour_admin, w.neighbour, "receive_material", "Vi köper träflis")
    contact(market, offer, need)
    client.login(username="coord", password=PASSWORD)
    body = client.get("/marketplace/clusters/heat/deals.csv").content.decode()
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["offer"] == "'=HYPERLINK(1) koivuhake"
    xlsx = client.get("/marketplace/clusters/heat/deals.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cell = next(c for c in sheet[2] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_the_suggestions_page_shows_the_network_allocation(client, chips):
    client.login(username="coord", password=PASSWORD)
    page = client.get("/marketplace/clusters/heat/suggestions/?allocated=1")
    ((_s, allocated),) = page.context["page"].object_list
    assert allocated == 400  # the need's 400 t/a, all from the one offer
    assert '"allocated": true' in page.content.decode()


GOOD = (
    "organisation,kind,title,quantity,unit,show_quantity\n"
    "lampo,offer_material,Sahanpurua,120,t/month,yes\n"
    "naapuri,receive_material,Vi köper sågspån,800,t,no\n"
)


def upload(client, text, name="listings.csv"):
    data = io.BytesIO(text.encode())
    data.name = name
    return client.post("/marketplace/clusters/heat/import/", {"file": data})


def test_bulk_upload_is_all_or_nothing_with_row_errors(client, market):
    client.login(username="coord", password=PASSWORD)
    bad = GOOD + "utenlandsk,offer_material,Sagflis,5,bananas,no\nlampo,give_away,Tuhka,,,\n"
    page = upload(client, bad)
    errors = [(e.row, e.column) for e in page.context["errors"]]
    assert (4, "organisation") in errors and (5, "kind") in errors
    assert not Listing.objects.exists()
    assert upload(client, GOOD).status_code == 302
    sawdust = Listing.objects.get(title="Sahanpurua")
    assert sawdust.quantity_per_a == 1440 and sawdust.class_id == "product.sawdust"
    assert sawdust.show_quantity and Suggestion.objects.count() == 1


def test_bulk_upload_asks_to_pick_when_the_classifier_is_unsure(client, market):
    client.login(username="coord", password=PASSWORD)
    page = upload(client, "organisation,kind,title\nlampo,offer_waste,Tuhka\n")
    (error,) = page.context["errors"]
    assert (error.row, error.column) == (2, "class_id") and "pick a class" in error.message
    ok = upload(client, "organisation,kind,title,class_id\nlampo,offer_waste,Tuhka,ewc.100101\n")
    assert ok.status_code == 302


def test_cross_cluster_setting_is_for_coordinators(client, market):
    client.login(username="orgadmin", password=PASSWORD)
    denied = client.post(
        "/marketplace/clusters/heat/settings/",
        {"allow_cross_cluster": "on", "stalled_after_days": 30},
    )
    assert denied.status_code == 403
    client.login(username="coord", password=PASSWORD)
    client.post(
        "/marketplace/clusters/heat/settings/",
        {"allow_cross_cluster": "on", "stalled_after_days": 14},
    )
    assert market.world.cluster.marketplace_settings.allow_cross_cluster
