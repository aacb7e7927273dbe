"""The events API: the same rules as the pages (members see only their own requests and
meetings; organisers see all and run the scheduler; writes need a token)."""

from __future__ import annotations

import json

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.accounts.services import api_token_create
from greencluster.web.events import partnering
from greencluster.web.events.models import Registration
from tests.web.events.conftest import meet, published, workshop_spec


def bearer(user) -> dict[str, str]:
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, path, data, **headers):
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def test_event_list_shows_public_events_to_anybody_and_members_only_to_members(
    client, world, workshop
):
    hidden = published(world, workshop_spec(title="Members only", is_public=False))
    public = client.get("/api/events/", {"when": "all"}).json()
    assert [e["slug"] for e in public] == [workshop.slug]
    assert client.get(f"/api/events/{hidden.slug}").status_code == 404
    client.force_login(world.org_member)
    slugs = {e["slug"] for e in client.get("/api/events/", {"when": "all"}).json()}
    assert slugs == {workshop.slug, hidden.slug}


def test_registration_needs_a_token_and_fills_the_waiting_list(client, world, workshop):
    path = f"/api/events/{workshop.slug}/registrations"
    client.force_login(world.org_member)
    assert post(client, path, {}).status_code == 401  # a session is not enough to write
    client.logout()
    statuses = [
        post(client, path, {}, **bearer(u)).json()["status"]
        for u in (world.org_member, world.org_admin, world.neighbour_admin)
    ]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    again = post(client, path, {}, **bearer(world.org_member))
    assert again.status_code == 400 and "already registered" in again.json()["detail"]
    cancelled = client.delete(f"{path}/me", **bearer(world.org_member))
    assert cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(user=world.neighbour_admin).status == "confirmed"


def test_a_member_cannot_see_others_requests_through_the_api(client, world, people):
    regs, users = people
    day = regs["member"].event
    partnering.meeting_request_create(
        viewer=viewer_for(users["neighbour"]),
        requester=regs["neighbour"],
        invitees=[regs["third"]],
        message="Secret price talk",
    )
    member = bearer(users["member"])
    mine = client.get(f"/api/events/{day.slug}/requests", **member)
    assert mine.status_code == 200
    assert mine.json() == {"sent": [], "received": []}
    assert "Secret" not in mine.text
    for path in ("requests/all", "meetings", "funnel"):
        assert client.get(f"/api/events/{day.slug}/{path}", **member).status_code == 403
    third = client.get(f"/api/events/{day.slug}/requests", **bearer(users["third"])).json()
    assert [r["message"] for r in third["received"]] == ["Secret price talk"]
    everything = client.get(f"/api/events/{day.slug}/requests/all", **bearer(world.coordinator))
    assert len(everything.json()) == 1
    outsider = client.get(f"/api/events/{day.slug}/requests", **bearer(world.org_admin))
    assert outsider.status_code == 403


def test_request_answer_schedule_and_agenda_through_the_api(client, world, people):
    regs, users = people
    day = regs["member"].event
    created = post(
        client,
        f"/api/events/{day.slug}/requests",
        {"invitees": [regs["neighbour"].pk], "message": "Chips?", "priority": 2},
        **bearer(users["member"]),
    )
    assert created.status_code == 201, created.text
    invitation = created.json()["invitations"][0]["id"]
    answered = post(
        client,
        f"/api/events/{day.slug}/invitations/{invitation}",
        {"accept": True},
        **bearer(users["neighbour"]),
    )
    assert answered.json()["status"] == "accepted"
    refused = post(client, f"/api/events/{day.slug}/schedule", {}, **bearer(users["member"]))
    assert refused.status_code == 403
    run = post(client, f"/api/events/{day.slug}/schedule", {}, **bearer(world.coordinator)).json()
    assert (run["status"], run["scheduled"], run["at_most"]) == ("done", 1, 1)
    (meeting,) = client.get(f"/api/events/{day.slug}/agenda", **bearer(users["neighbour"])).json()
    assert meeting["slot"] is not None and meeting["starts_at"] is not None
    assert {p["registration"] for p in meeting["participants"]} == {
        regs["member"].pk,
        regs["neighbour"].pk,
    }
    assert client.get(f"/api/events/{day.slug}/agenda", **bearer(users["third"])).json() == []
    funnel = client.get(f"/api/events/{day.slug}/funnel", **bearer(world.coordinator)).json()
    assert funnel["requested"] == 1 and funnel["scheduled"] == 1


def test_inviting_someone_from_another_event_is_a_clear_error(client, world, people, workshop):
    regs, users = people
    stranger = Registration.objects.create(
        event=workshop, name="X", email="x@example.org", queued_at=workshop.starts_at
    )
    response = post(
        client,
        f"/api/events/{regs['member'].event.slug}/requests",
        {"invitees": [stranger.pk]},
        **bearer(users["member"]),
    )
    assert response.status_code == 400
    assert response.json()["detail"] == f"invitees: no participant {stranger.pk} in this event"


def test_suggestions_through_the_api(client, world, people):
    regs, users = people
    found = client.get(
        f"/api/events/{regs['member'].event.slug}/suggestions", **bearer(users["member"])
    ).json()
    assert found[0]["partner"]["registration"] == regs["neighbour"].pk
    assert ["product.wood-chips", "product.wood-chips"] in found[0]["resources"]
    meet(users, regs, "member", "neighbour")
    again = client.get(
        f"/api/events/{regs['member'].event.slug}/suggestions", **bearer(users["member"])
    ).json()
    assert regs["neighbour"].pk not in [s["partner"]["registration"] for s in again]
