"""Calendar files served by the app: the event's and a participant's agenda."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.events import scheduling
from tests.core.partnering.test_ical import unescape, unfold
from tests.web.events.conftest import meet


def events_of(data: bytes) -> list[dict[str, str]]:
    lines = unfold(data)
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


def test_event_calendar_file(client, world, workshop):
    response = client.get(reverse("events:ics", args=[workshop.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    (entry,) = events_of(response.content)
    assert entry["UID"] == f"event-{workshop.pk}@testserver"
    assert unescape(entry["SUMMARY"]) == workshop.title
    assert entry["DTSTART"] == workshop.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert entry["URL"] == f"http://testserver/events/{workshop.slug}/"


def test_agenda_calendar_holds_the_event_and_each_meeting_and_sequence_rises_on_moves(
    client, world, people
):
    regs, users = people
    meeting = meet(users, regs, "member", "neighbour")
    day = regs["member"].event
    scheduling.schedule_run_start(viewer=viewer_for(world.coordinator), event=day)
    meeting.refresh_from_db()
    client.force_login(users["member"])
    data = client.get(reverse("events:agenda_ics", args=[day.slug])).content
    first, second = events_of(data)
    assert first["UID"] == f"event-{day.pk}@testserver"
    assert second["UID"] == f"meeting-{meeting.pk}@testserver"
    assert second["DTSTART"] == day.slot_start(meeting.slot).strftime("%Y%m%dT%H%M%SZ")
    assert regs["neighbour"].name in unescape(second["SUMMARY"])
    assert f"Table {meeting.table}" in unescape(second["LOCATION"])
    sequence = int(second["SEQUENCE"])
    # The neighbour cannot meet in that slot any more: the meeting moves, SEQUENCE rises.
    profile = regs["neighbour"].profile
    profile.blocked_slots = [meeting.slot]
    profile.save()
    scheduling.schedule_run_start(viewer=viewer_for(world.coordinator), event=day)
    moved = events_of(client.get(reverse("events:agenda_ics", args=[day.slug])).content)[1]
    assert moved["UID"] == second["UID"] and moved["DTSTART"] != second["DTSTART"]
    assert int(moved["SEQUENCE"]) > sequence
