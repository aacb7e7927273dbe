"""The member's path through the pages: list a side stream, see suggestions, contact the
partner, carry the deal to a running exchange; the coordinator sees it in the funnel."""

import datetime as dt

from django.core import mail

from greencluster.web.marketplace.models import Deal, Listing, Suggestion
from tests.web.factories import PASSWORD
from tests.web.marketplace.conftest import listing


def publish(client, **fields):
    data = {
        "organisation": fields.pop("organisation"),
        "kind": "offer_material",
        "title": "Kuivaa koivuhaketta",
        "description": "",
        "period": "a",
        **fields,
    }
    return client.post("/marketplace/listings/new/", data)


def test_the_classifier_proposes_a_class_as_the_member_types(client, market):
    client.login(username="orgmember", password=PASSWORD)
    sure = client.get("/marketplace/listings/classify/", {"title": "Koivuhaketta 500 t/v"})
    assert 'value="product.wood-chips" checked' in sure.content.decode()
    unsure = client.get("/marketplace/listings/classify/", {"title": "Tuhka"}).content.decode()
    assert "We are not sure" in unsure and " checked" not in unsure


def test_an_unsure_classification_asks_the_member_to_pick(client, market):
    client.login(username="orgmember", password=PASSWORD)
    org = market.world.org.pk
    page = publish(client, organisation=org, title="Tuhka")
    assert page.status_code == 200
    assert "pick a class" in page.content.decode()
    assert not Listing.objects.exists()
    done = publish(client, organisation=org, title="Tuhka", class_id="ewc.100103")
    assert done.status_code == 302
    created = Listing.objects.get()
    assert created.class_id == "ewc.100103" and created.class_chosen


def test_listing_in_finnish_shows_a_swedish_need_with_distance_and_co2(client, market):
    w = market.world
    listing(w.neighbour_admin, w.neighbour, "receive_material", "Vi köper träflis", quantity=400)
    client.login(username="orgmember", password=PASSWORD)
    response = publish(
        client, organisation=w.org.pk, title="Kuivaa koivuhaketta", quantity="500", amount_unit="t"
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Vi köper träflis" in page and "Naapuri Oy" in page
    s = Suggestion.objects.get()
    assert f"{s.distance_km:.0f} km" in page
    # Naapuri keeps its quantity confidential: the CO2 shown is for Lämpö's own 500 t/a
    assert "for your 500 t/a" in page
    assert f"{500 * 1.65308:.1f}" in page
    assert "400" not in page


def test_from_contact_to_running_exchange_in_the_funnel(
    client, market, chips, django_capture_on_commit_callbacks
):
    w = market.world
    offer, need = chips
    client.login(username="orgmember", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/marketplace/listings/{offer.pk}/contact/{need.pk}/",
            {"message": "Hei! Meillä on haketta."},
        )
    deal = Deal.objects.get()
    assert response["Location"] == f"/marketplace/deals/{deal.pk}/"
    assert deal.stage == "contacted" and deal.initiated_by == w.org
    assert [m.to for m in mail.outbox] == [["neighbouradmin@example.org"]]
    assert "Hei! Meillä on haketta." in mail.outbox[0].body
    for stage in ("negotiating", "agreed", "running"):
        extra = {"report_unit": "MWh", "displaced_key": "fuel.peat"} if stage == "agreed" else {}
        moved = client.post(f"/marketplace/deals/{deal.pk}/move/", {"stage": stage, **extra})
        assert moved.status_code == 302, moved.content.decode()[:2000]
    today = dt.date.today()
    recorded = client.post(
        f"/marketplace/deals/{deal.pk}/realised/",
        {"period_start": today.replace(day=1), "period_end": today, "quantity": "120"},
    )
    assert recorded.status_code == 302
    client.logout()
    client.login(username="coord", password=PASSWORD)
    page = client.get("/marketplace/clusters/heat/").content.decode()
    assert 'data-stage="running"><td>Running</td><td class="num count">1<' in page
    assert "120 MWh" in page


def test_agreeing_needs_a_displaced_factor_that_fits_the_unit(client, chips):
    offer, need = chips
    client.login(username="orgmember", password=PASSWORD)
    client.post(f"/marketplace/listings/{offer.pk}/contact/{need.pk}/", {"message": "Hei"})
    deal = Deal.objects.get()
    client.post(f"/marketplace/deals/{deal.pk}/move/", {"stage": "negotiating"})
    page = client.post(
        f"/marketplace/deals/{deal.pk}/move/",
        {"stage": "agreed", "report_unit": "t", "displaced_key": "fuel.peat"},
    )
    # peat is a fuel (per unit of energy): it cannot be what tonnes replace
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    deal.refresh_from_db()
    assert deal.stage == "negotiating"


def test_the_member_edits_a_listing_and_its_suggestions_follow(client, chips):
    offer, _need = chips
    client.login(username="orgadmin", password=PASSWORD)
    form = client.get(f"/marketplace/listings/{offer.pk}/edit/")
    assert form.context["form"].initial["quantity"] == offer.quantity
    response = client.post(
        f"/marketplace/listings/{offer.pk}/edit/",
        {
            "organisation": offer.organisation_id,
            "kind": "offer_material",
            "title": "Koivuhaketta",
            "class_id": "product.wood-chips",
            "quantity": "20",
            "amount_unit": "t",
            "period": "month",
            "show_quantity": "on",
        },
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.quantity_per_a == 240 and offer.show_quantity and offer.price_eur is None
    assert Suggestion.objects.get().flow_per_a == 240


def test_the_pages_speak_the_members_language(client, chips):
    offer, _need = chips
    client.login(username="orgmember", password=PASSWORD)
    client.cookies["django_language"] = "fi"
    text = client.get(f"/marketplace/listings/{offer.pk}/").content.decode()
    assert "Ehdotetut kumppanit" in text and "Vi köper träflis till vår panna" in text
    client.cookies["django_language"] = "sv"
    assert "Anmäl en sidoström" in client.get("/marketplace/").content.decode()
