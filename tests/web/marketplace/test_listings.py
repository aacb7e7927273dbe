"""Listings: feedback that the ranking respects, uploads limited in size and type and served
only to those who may see the listing, and the checks of the listing form."""

import io
from decimal import Decimal

import pytest

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.common.errors import ServiceError
from greencluster.web.marketplace import services
from greencluster.web.marketplace.forms import ListingForm
from greencluster.web.marketplace.models import Listing
from tests.web.factories import PASSWORD
from tests.web.marketplace.conftest import listing

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


def ranked(client, pk):
    page = client.get(f"/marketplace/listings/{pk}/")
    return [r.partner.title for r in page.context["rows"]], [
        r.partner.title for r in page.context["dismissed"]
    ]


def test_feedback_moves_and_hides_suggestions(client, market):
    w = market.world
    offer = listing(w.org_member, w.org, "offer_material", "Koivuhaketta", quantity=500)
    near = listing(w.neighbour_admin, w.neighbour, "receive_material", "Vi köper träflis")
    far = listing(market.third_user, market.third, "receive_material", "Haketta")
    client.login(username="orgmember", password=PASSWORD)
    rows, _ = ranked(client, offer.pk)
    assert rows == [near.title, far.title]  # same figures, the nearer scores higher
    feedback = f"/marketplace/listings/{offer.pk}/feedback/"
    client.post(feedback, {"partner": near.pk, "kind": "in_contact"})
    assert ranked(client, offer.pk) == ([far.title, near.title], [])
    client.post(feedback, {"partner": far.pk, "kind": "not_interested"})
    assert ranked(client, offer.pk) == ([near.title], [far.title])
    client.post(feedback, {"partner": far.pk, "kind": ""})
    assert ranked(client, offer.pk) == ([far.title, near.title], [])
    client.login(username="thirdmember", password=PASSWORD)
    assert client.post(feedback, {"partner": near.pk, "kind": "in_contact"}).status_code == 403


def form(org, **fields):
    return {
        "organisation": org.pk,
        "kind": "offer_material",
        "title": "Koivuhaketta",
        "period": "a",
        **fields,
    }


def upload(name, content):
    data = io.BytesIO(content)
    data.name = name
    return data


def test_uploads_are_checked_stored_and_served_only_to_viewers(client, market, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = market.world
    client.login(username="orgmember", password=PASSWORD)
    fake = client.post(
        "/marketplace/listings/new/",
        form(w.org, photo=upload("chips.png", b"not an image at all")),
    )
    assert "not a real .png file" in fake.content.decode()
    wrong = client.post(
        "/marketplace/listings/new/", form(w.org, datasheet=upload("sheet.exe", PDF))
    )
    assert "expected a .docx, .pdf, .xlsx file" in wrong.content.decode()
    assert not Listing.objects.exists()
    done = client.post(
        "/marketplace/listings/new/",
        form(w.org, photo=upload("chips.png", PNG), datasheet=upload("sheet.pdf", PDF)),
    )
    created = Listing.objects.get()
    assert done.status_code == 302 and created.photo.name.endswith(".png")
    assert "chips" not in created.photo.name  # stored under a random name
    photo = client.get(f"/marketplace/listings/{created.pk}/files/photo/")
    assert photo["Content-Type"] == "image/png" and b"".join(photo.streaming_content) == PNG
    sheet = client.get(f"/marketplace/listings/{created.pk}/files/datasheet/")
    assert sheet["Content-Disposition"].startswith("attachment")
    assert b"".join(sheet.streaming_content) == PDF
    client.login(username="othercoord", password=PASSWORD)
    assert client.get(f"/marketplace/listings/{created.pk}/files/photo/").status_code == 403


def test_photos_over_the_limit_are_refused(client, market, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(ListingForm.base_fields["photo"], "max_bytes", len(PNG) - 1)
    client.login(username="orgmember", password=PASSWORD)
    page = client.post(
        "/marketplace/listings/new/", form(market.world.org, photo=upload("a.png", PNG))
    )
    assert "larger than" in page.content.decode()
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quantity": Decimal(5)}, "amount_unit"),
        ({"price_eur": Decimal(5)}, "amount_unit"),
        ({"kind": "offer_service", "category": "product"}, "category"),
        ({"class_id": "ewc.999999"}, "class_id"),
    ],
)
def test_listing_checks_name_the_field(market, fields, field):
    w = market.world
    values = {"kind": "offer_material", "title": "Koivuhaketta", **fields}
    with pytest.raises(ServiceError) as caught:
        services.listing_create(
            viewer=viewer_for(w.org_member),
            data=services.ListingInput(organisation=w.org, **values),
        )
    assert caught.value.field == field


def test_a_closed_listing_stays_closed_and_only_its_member_changes_it(client, chips, market):
    offer, _need = chips
    client.login(username="thirdmember", password=PASSWORD)
    denied = client.post(f"/marketplace/listings/{offer.pk}/status/", {"status": "paused"})
    assert denied.status_code == 403
    assert client.get(f"/marketplace/listings/{offer.pk}/edit/").status_code == 403
    viewer = viewer_for(market.world.org_admin)
    services.listing_set_status(viewer=viewer, listing=offer, status="closed")
    with pytest.raises(ServiceError):
        services.listing_set_status(viewer=viewer, listing=offer, status="active")


def test_a_service_offer_is_listed_without_a_class_and_never_matched(market):
    w = market.world
    service = listing(
        w.org_member, w.org, "offer_service", "Lämpöyrittäjäkoulutus", category="competence"
    )
    assert service.class_id == "" and service.category == "competence"
    assert not service.suggestions_as_offer.exists()
