"""The pages: each renders for the right people, hides what others may not see, and the
participant's flow works through forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.events import partnering, services
from greencluster.web.events.models import Event, Meeting, MeetingRating, Registration
from tests.web.events.conftest import at, meet, published, workshop_spec
from tests.web.factories import make_org_user


def url(name, *args):
    return reverse(f"events:{name}", args=args)


def test_public_event_page_and_guest_registration(client, world, workshop):
    page = client.get(url("detail", workshop.slug))
    assert page.status_code == 200
    assert workshop.title in page.text and 'id="guest-form"' in page.text
    response = client.post(
        url("register", workshop.slug), {"name": "Vieras", "email": "vieras@example.org"}
    )
    registration = Registration.objects.get(email="vieras@example.org")
    assert response.url == url("guest", registration.token)
    own = client.get(response.url)
    assert "Confirmed" in own.text
    client.post(url("guest", registration.token))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_guest_form_errors_are_shown(client, world, workshop):
    response = client.post(url("register", workshop.slug), {"name": "", "email": "bad"})
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_drafts_and_members_only_events_are_hidden(client, world, coord):
    draft = services.event_create(
        viewer=coord, cluster=world.cluster, spec=workshop_spec(title="Draft day")
    )
    members = published(world, workshop_spec(title="Members day", is_public=False))
    assert client.get(url("detail", draft.slug)).status_code == 404
    assert client.get(url("detail", members.slug)).status_code == 404
    listing = client.get(url("index")).text
    assert "Draft day" not in listing and "Members day" not in listing
    client.force_login(world.org_member)
    assert client.get(url("detail", members.slug)).status_code == 200
    assert client.get(url("detail", draft.slug)).status_code == 404
    client.force_login(make_org_user(world.foreign_org, "member", "foreigner"))
    assert client.get(url("detail", members.slug)).status_code == 404
    client.force_login(world.coordinator)
    assert "Draft day" in client.get(url("index")).text


def test_coordinator_creates_and_publishes_an_event_through_the_form(client, world):
    client.force_login(world.coordinator)
    assert client.get(url("create")).status_code == 200
    response = client.post(
        url("create"),
        {
            "cluster": world.cluster.slug,
            "kind": "partnering-day",
            "title": "Bioenergy matchmaking",
            "language": "fi",
            "time_zone": "Europe/Helsinki",
            "starts_at": "2030-05-06T09:00",
            "ends_at": "2030-05-06T16:00",
            "meetings_start_at": "2030-05-06T10:00",
            "slot_minutes": "30",
            "slot_count": "8",
            "tables": "12",
            "break_slots": "5",
            "venue": "Seinäjoki",
            "is_public": "on",
        },
    )
    event = Event.objects.get(title="Bioenergy matchmaking")
    assert response.url == url("detail", event.slug)
    assert event.starts_at == dt.datetime(2030, 5, 6, 6, 0, tzinfo=dt.UTC)
    assert event.break_slots == [5] and event.status == "draft"
    client.post(url("publish", event.slug))
    event.refresh_from_db()
    assert event.status == "published"
    edit = client.get(url("edit", event.slug))
    assert 'value="2030-05-06T09:00"' in edit.text


def test_event_times_are_read_in_the_events_time_zone(client, world):
    client.force_login(world.coordinator)
    client.post(
        url("create"),
        {
            "cluster": world.cluster.slug,
            "kind": "seminar",
            "title": "Oslo seminar",
            "language": "nb",
            "time_zone": "Europe/Oslo",
            "starts_at": "2030-05-06T09:00",
            "ends_at": "2030-05-06T12:00",
            "slot_minutes": "20",
            "slot_count": "12",
            "tables": "10",
            "venue": "Oslo",
        },
    )
    event = Event.objects.get(title="Oslo seminar")
    assert event.starts_at == dt.datetime(2030, 5, 6, 7, 0, tzinfo=dt.UTC)


def test_form_errors_name_the_field(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        url("create"),
        {
            "cluster": world.cluster.slug,
            "kind": "partnering-day",
            "title": "No slots",
            "language": "en",
            "time_zone": "Europe/Helsinki",
            "starts_at": "2030-05-06T09:00",
            "ends_at": "2030-05-06T16:00",
            "slot_minutes": "20",
            "slot_count": "12",
            "tables": "10",
            "venue": "x",
        },
    )
    assert response.status_code == 200
    assert "needs the start of its first meeting slot" in response.text
    assert not Event.objects.filter(title="No slots").exists()


def test_only_coordinators_open_the_organiser_pages(client, world, workshop):
    client.force_login(world.org_member)
    for name in ("manage", "edit"):
        assert client.get(url(name, workshop.slug)).status_code == 403
    assert client.get(url("create")).status_code == 403
    assert client.get(url("figures")).status_code == 403
    client.force_login(world.other_coordinator)
    assert client.get(url("manage", workshop.slug)).status_code == 403


def test_member_registers_and_cancels_on_the_page(client, world, workshop):
    client.force_login(world.org_member)
    client.post(url("register", workshop.slug))
    page = client.get(url("detail", workshop.slug))
    assert 'id="my-status"' in page.text
    client.post(url("cancel", workshop.slug))
    assert Registration.objects.get(user=world.org_member).status == "cancelled"


def _flow(people):
    regs, users = people
    meeting = meet(users, regs, "member", "neighbour")
    return regs, users, meeting


def test_a_member_cannot_see_others_requests_on_pages(client, world, people):
    regs, users = people
    request = partnering.meeting_request_create(
        viewer=viewer_for(users["neighbour"]),
        requester=regs["neighbour"],
        invitees=[regs["third"]],
        message="Secret price talk",
    )
    client.force_login(users["member"])
    own = client.get(url("requests", regs["member"].event.slug))
    assert own.status_code == 200
    assert "Secret price talk" not in own.text
    assert client.get(url("manage", regs["member"].event.slug)).status_code == 403
    client.force_login(users["third"])
    assert "Secret price talk" in client.get(url("requests", regs["member"].event.slug)).text
    client.force_login(world.coordinator)
    manage = client.get(url("manage", regs["member"].event.slug)).text
    requests_section = manage.split('id="all-requests"')[1].split("</section>")[0]
    assert str(regs["neighbour"]) in requests_section and str(regs["third"]) in requests_section
    assert request.status == "pending"


def test_a_member_cannot_open_others_meetings(client, world, people):
    regs, users, meeting = _flow(people)
    day = regs["member"].event
    client.force_login(users["third"])
    assert client.get(url("meeting", day.slug, meeting.pk)).status_code == 404
    client.force_login(users["member"])
    assert client.get(url("meeting", day.slug, meeting.pk)).status_code == 200


def test_partnering_pages_are_for_confirmed_participants(client, world, people):
    regs, _ = people
    day = regs["member"].event
    outsider = make_org_user(world.org, "member", "outsider")
    client.force_login(outsider)
    for name in ("profile", "partners", "requests", "agenda", "agenda_ics", "agenda_pdf"):
        assert client.get(url(name, day.slug)).status_code == 403, name
    client.logout()
    assert client.get(url("partners", day.slug)).status_code == 302  # to the login page


def test_request_accept_schedule_agenda_rate_through_the_pages(client, world, people):
    regs, users = people
    day = regs["member"].event
    client.force_login(users["member"])
    partners_page = client.get(url("partners", day.slug))
    card = partners_page.text.split(f'data-partner="{regs["neighbour"].pk}"')[1].split("</li>")[0]
    assert "offers what you seek; seeks what you offer; same type of cooperation" in card
    client.post(
        url("requests", day.slug),
        {"invitees": [regs["neighbour"].pk], "priority": 2, "message": "Chips for winter?"},
    )
    client.force_login(users["neighbour"])
    received = client.get(url("requests", day.slug))
    assert "Chips for winter?" in received.text
    invitation = regs["neighbour"].invitations.get()
    client.post(url("answer", day.slug, invitation.pk), {"answer": "accept", "reply": "Gladly"})
    client.force_login(world.coordinator)
    client.post(url("schedule", day.slug))
    manage = client.get(url("manage", day.slug))
    assert "1 of at most 1 possible meetings" in manage.text
    meeting = Meeting.objects.get(event=day)
    assert client.get(url("tables", day.slug)).status_code == 200
    client.force_login(users["member"])
    agenda = client.get(url("agenda", day.slug))
    assert f'data-meeting="{meeting.pk}"' in agenda.text
    assert regs["neighbour"].name in agenda.text
    pdf = client.get(url("agenda_pdf", day.slug))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert regs["neighbour"].name.encode() in pdf.content
    # After the meeting: rate it.
    Event.objects.filter(pk=day.pk).update(
        starts_at=at(-1, 8), meetings_start_at=at(-1, 10), ends_at=at(-1, 17)
    )
    client.post(
        url("meeting", day.slug, meeting.pk),
        {"form": "rating", "rating": "cooperation", "comment": "Good"},
    )
    assert MeetingRating.objects.get(meeting=meeting).rating == "cooperation"


def test_profile_form_saves_availability_in_the_events_time_zone(client, world, people):
    regs, users = people
    day = regs["member"].event
    client.force_login(users["member"])
    page = client.get(url("profile", day.slug))
    assert "Commercial agreement" in page.text
    client.post(
        url("profile", day.slug),
        {
            "offers": "wood ash",
            "seeks": "wood chips",
            "cooperation": ["supplier"],
            "arrives_at": "10:20",
            "leaves_at": "",
            "blocked_slots": ["4"],
        },
    )
    profile = regs["member"].profile
    profile.refresh_from_db()
    assert profile.cooperation == ["supplier"] and profile.blocked_slots == [4]
    assert profile.arrives_at == day.slot_start(2)
    assert "product.wood-chips" in profile.seek_classes


def test_figures_page_and_exports(client, world, people):
    regs, _users, _meeting = _flow(people)
    client.force_login(world.coordinator)
    year = regs["member"].event.starts_at.year
    query = {"cluster": world.cluster.slug, "start": f"{year}-01-01", "end": f"{year + 1}-12-31"}
    page = client.get(url("figures"), query)
    assert page.status_code == 200 and 'data-stage="accepted">1<' in page.text
    csv_file = client.get(url("figures_export", "csv"), query)
    lines = csv_file.content.decode().splitlines()
    assert lines[0].startswith("cluster,event,type,starts")
    assert lines[1].startswith(f"{world.cluster.slug},Heat partnering day,partnering-day")
    assert lines[-1].split(",")[1] == "TOTAL"
    xlsx = client.get(url("figures_export", "xlsx"), query)
    assert xlsx.content[:2] == b"PK"
    client.force_login(world.other_coordinator)
    assert client.get(url("figures"), query).status_code == 200
    assert client.get(url("figures_export", "csv"), query).status_code == 404  # not their cluster


@pytest.mark.parametrize("who", ["coordinator", "org_member", None])
def test_index_renders_for_everyone(client, world, workshop, who):
    if who:
        client.force_login(getattr(world, who))
    assert client.get(url("index"), {"when": "all"}).status_code == 200


def test_event_page_speaks_the_readers_language(client, world, day):
    page = client.get(url("detail", day.slug), HTTP_ACCEPT_LANGUAGE="fi")
    assert "Kumppanuuspäivä" in page.text and "Ilmoittaudu" in page.text
    page = client.get(url("detail", day.slug), HTTP_ACCEPT_LANGUAGE="et")
    assert "Partnerluspäev" in page.text and "Registreeru" in page.text
