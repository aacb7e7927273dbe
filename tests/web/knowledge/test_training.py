"""Training packages: public enquiries, bookings with programmes, participants, feedback;
personal data stays with the coordinators."""

import datetime as dt

import pytest

from greencluster.web.accounts.services import api_token_create
from greencluster.web.knowledge.models import Booking, Enquiry, Feedback, Session
from tests.web.factories import PASSWORD

MONDAY = dt.date(2027, 5, 10)


def enquiry_form(**overrides):
    return {
        "contact_name": "Anna Schmidt",
        "email": "anna@example.de",
        "organisation_name": "Landkreis Demo",
        "country": "DE",
        "group_size": "12",
        "preferred_start": "2027-05-10",
        "language": "de",
        "message": "Eine Woche im Mai?",
        **overrides,
    }


def test_anyone_may_enquire_within_the_package_limits(client, package):
    url = f"/knowledge/training/{package.slug}/"
    assert client.post(url, enquiry_form()).status_code == 302
    too_big = client.post(url, enquiry_form(group_size="99"))
    assert too_big.status_code == 200 and "groups of 1 to 30" in too_big.content.decode()
    assert Enquiry.objects.count() == 1
    # names and e-mail addresses are not shown to visitors
    assert "anna@example.de" not in client.get(url).content.decode()


def test_a_coordinator_books_from_an_enquiry_and_gets_a_programme(client, world, package):
    client.post(f"/knowledge/training/{package.slug}/", enquiry_form())
    enquiry = Enquiry.objects.get()
    client.login(username="coord", password=PASSWORD)
    assert "anna@example.de" in client.get(f"/knowledge/training/{package.slug}/").content.decode()
    response = client.post(
        f"/knowledge/training/{package.slug}/book/?enquiry={enquiry.pk}",
        {
            "group_name": "Landkreis Demo",
            "country": "DE",
            "language": "de",
            "start_date": MONDAY.isoformat(),
            "group_size": "12",
            "modules": ["M2", "M1"],
        },
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{booking.pk}/")
    # package order, working days, partners of each module
    layout = [(s.module.code, s.date, s.part) for s in booking.sessions.order_by("date", "part")]
    assert layout == [
        ("M1", MONDAY, "full-day"),
        ("M2", MONDAY + dt.timedelta(days=1), "full-day"),
        ("M2", MONDAY + dt.timedelta(days=2), "morning"),
    ]
    enquiry.refresh_from_db()
    assert enquiry.status == "booked" and booking.price_eur == package.price_eur
    page = client.get(f"/knowledge/bookings/{booking.pk}/").content.decode()
    assert "Lämpö Oy" in page and booking.feedback_token in page
    client.post(f"/knowledge/bookings/{booking.pk}/", {"p-name": "Jürgen", "p-email": ""})
    assert list(booking.participants.values_list("name", flat=True)) == ["Jürgen"]
    session = booking.sessions.first()
    client.post(
        f"/knowledge/bookings/{booking.pk}/",
        {"session": session.pk, "event_url": "/events/heat-week-day-1/"},
    )
    assert Session.objects.get(pk=session.pk).event_url == "/events/heat-week-day-1/"


def test_a_module_not_taught_in_the_group_language_is_refused(client, world, package):
    client.login(username="coord", password=PASSWORD)
    response = client.post(
        f"/knowledge/training/{package.slug}/book/",
        {
            "group_name": "Delegation",
            "country": "DE",
            "language": "de",
            "start_date": MONDAY.isoformat(),
            "group_size": "10",
            "modules": ["M1", "M3"],
        },
    )
    assert response.status_code == 200 and "M3 is not taught in" in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.parametrize("role", ["org_admin", "other_coordinator", None])
def test_bookings_and_enquiries_are_the_coordinators_only(client, world, package, role):
    client.post(f"/knowledge/training/{package.slug}/", enquiry_form())
    if role:
        client.login(username=getattr(world, role).username, password=PASSWORD)
    assert (
        "anna@example.de" not in client.get(f"/knowledge/training/{package.slug}/").content.decode()
    )
    book = client.get(f"/knowledge/training/{package.slug}/book/")
    assert book.status_code in (302, 403)


def test_feedback_through_the_booking_link_and_the_api(client, world, package):
    _t, key = api_token_create(user=world.coordinator, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = {
        "group_name": "Delegation from Gifu",
        "country": "JP",
        "language": "en",
        "start_date": MONDAY.isoformat(),
        "group_size": 8,
        "modules": ["M1", "M2", "M3"],
    }
    url = f"/api/knowledge/training/{package.slug}/bookings"
    assert client.post(url, body, content_type="application/json").status_code == 401
    made = client.post(url, body, content_type="application/json", **auth)
    assert made.status_code == 201
    data = made.json()
    assert [s["module"] for s in data["programme"]] == ["M1", "M2", "M2", "M3"]
    assert data["programme"][-1]["part"] == "afternoon"
    booking = Booking.objects.get(pk=data["id"])
    link = f"/knowledge/feedback/{booking.feedback_token}/"
    client.post(link, {"rating": "5", "module": "M1", "comment": "Sehr gut"})
    client.post(link, {"rating": "3", "module": ""})
    assert client.post(link, {"rating": "9"}).status_code == 200
    assert Feedback.objects.count() == 2
    summary = client.get(f"/api/knowledge/bookings/{booking.pk}", **auth).json()
    assert summary["feedback_count"] == 2 and summary["feedback_mean"] == 4.0
    assert client.get(f"/api/knowledge/bookings/{booking.pk}").status_code == 404
    assert client.get("/knowledge/feedback/not-a-token/").status_code == 404


def test_a_coordinator_offers_a_package_and_adds_modules(client, world):
    from greencluster.web.knowledge.models import TrainingPackage

    client.login(username="orgadmin", password=PASSWORD)
    assert client.get("/knowledge/training/new/").status_code == 403
    client.login(username="coord", password=PASSWORD)
    response = client.post(
        "/knowledge/training/new/",
        {
            "cluster": "heat",
            "text_language": "fi",
            "title": "Hakelämmön perusteet",
            "days": "2",
            "languages": ["fi", "en"],
            "target_groups": ["students"],
            "price_eur": "1200",
            "price_basis": "per-group",
            "min_participants": "5",
            "max_participants": "20",
            "is_public": "on",
        },
    )
    package = TrainingPackage.objects.get()
    assert response.status_code == 302 and package.titles == {"fi": "Hakelämmön perusteet"}
    url = f"/knowledge/training/{package.slug}/"
    module = {
        "m-code": "K1",
        "m-title": "Polttoaine",
        "m-duration_days": "1.5",
        "m-languages": ["fi"],
        "m-partner": "lampo",
    }
    assert client.post(url, module).status_code == 302
    bad = client.post(url, {**module, "m-code": "K2", "m-duration_days": "0.7"})
    assert bad.status_code == 200 and "half a day" in bad.content.decode()
    assert [(m.code, m.partner.slug) for m in package.modules.all()] == [("K1", "lampo")]
    client.login(username="othercoord", password=PASSWORD)
    with_other = client.post(url, {**module, "m-code": "K3"})
    assert with_other.status_code == 403 and package.modules.count() == 1


def test_a_coordinator_answers_an_enquiry(client, world, package):
    client.post(f"/knowledge/training/{package.slug}/", enquiry_form())
    enquiry = Enquiry.objects.get()
    client.login(username="orgadmin", password=PASSWORD)
    client.post(f"/knowledge/enquiries/{enquiry.pk}/status/", {"status": "declined"})
    enquiry.refresh_from_db()
    assert enquiry.status == "new"
    client.login(username="coord", password=PASSWORD)
    client.post(f"/knowledge/enquiries/{enquiry.pk}/status/", {"status": "answered"})
    enquiry.refresh_from_db()
    assert enquiry.status == "answered"
