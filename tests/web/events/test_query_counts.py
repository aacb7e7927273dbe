"""List pages and API lists do not issue more queries as rows grow."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.events import partnering, scheduling, services
from tests.web.events.conftest import partnering_spec, published, workshop_spec
from tests.web.factories import make_org_user, make_organisation


def crowd(world, day, n):
    """``n`` more participants with profiles, each asking the first one for a meeting that is
    accepted, then scheduled."""
    first = None
    for i in range(n):
        org = make_organisation(
            cluster=world.cluster, name=f"Yritys {i} Oy", slug=f"yritys-{day.pk}-{i}"
        )
        user = make_org_user(org, "member", f"u{day.pk}-{i}")
        registration = services.registration_create(viewer=viewer_for(user), event=day)
        partnering.profile_save(
            viewer=viewer_for(user),
            registration=registration,
            offers=f"wood chips {i}",
            seeks="ash",
            cooperation=["commercial"],
        )
        if first is None:
            first = (user, registration)
            continue
        request = partnering.meeting_request_create(
            viewer=viewer_for(user), requester=registration, invitees=[first[1]]
        )
        partnering.invitation_answer(
            viewer=viewer_for(first[0]), invitation=request.invitations.get(), accept=True
        )
    scheduling.schedule_run_start(viewer=viewer_for(world.coordinator), event=day)
    return first


def _counts(client, world, n):
    day = published(world, partnering_spec(title=f"Day {n}", slot_count=12, tables=10))
    for k in range(n):
        published(world, workshop_spec(title=f"Workshop {n}-{k}"))
    first_user, _ = crowd(world, day, n)
    client.force_login(world.coordinator)
    organiser_pages = {
        "index": reverse("events:index") + "?when=all",
        "manage": reverse("events:manage", args=[day.slug]),
        "tables": reverse("events:tables", args=[day.slug]),
        "figures": reverse("events:figures")
        + f"?cluster={world.cluster.slug}&start=2000-01-01&end=2100-12-31",
        "api list": "/api/events/?when=all",
        "api meetings": f"/api/events/{day.slug}/meetings",
    }
    counts = {}
    for name, path in organiser_pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        counts[name] = len(queries)
    client.force_login(first_user)
    for name in ("partners", "requests", "agenda"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"events:{name}", args=[day.slug])).status_code == 200
        counts[name] = len(queries)
    return counts


def test_list_pages_issue_the_same_queries_for_3_and_9_participants_and_events(client, world):
    small = _counts(client, world, 3)
    big = _counts(client, world, 9)
    assert big == small
    assert max(big.values()) <= 30
