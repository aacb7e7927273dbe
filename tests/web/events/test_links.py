"""What the events app hands to the cluster graph and to the periodic digest."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from greencluster.core.network.edges import EdgeKind
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.events import partnering, scheduling
from greencluster.web.events.digest import digest_sections
from greencluster.web.events.network import network_edges
from greencluster.web.knowledge.digest import compose
from tests.web.events.conftest import meet, published, workshop_spec


def test_meetings_and_agreements_become_edges_between_organisations(world, people):
    regs, users = people
    held = meet(users, regs, "member", "neighbour")
    skipped = meet(users, regs, "member", "third")
    day = regs["member"].event
    assert list(network_edges(cluster_ids=[world.cluster.pk])) == []  # nothing scheduled yet
    scheduling.schedule_run_start(viewer=viewer_for(world.coordinator), event=day)
    held.refresh_from_db()
    skipped.refresh_from_db()
    later = day.slot_end(day.slot_count) + dt.timedelta(hours=1)
    partnering.rating_save(
        viewer=viewer_for(users["third"]), meeting=skipped, rating="not-held", now=later
    )
    partnering.outcome_add(
        viewer=viewer_for(users["member"]),
        meeting=held,
        agreement_type="supplier",
        agreed_on=later.date(),
        now=later,
    )
    edges = list(network_edges(cluster_ids=[world.cluster.pk]))
    pair = {str(world.org.pk), str(world.neighbour.pk)}
    assert [(e.kind, {e.source, e.target}, e.directed) for e in edges] == [
        (EdgeKind.MEETING, pair, False),
        (EdgeKind.AGREEMENT, pair, False),
    ]
    assert edges[1].label == "Supplier agreement"
    assert list(network_edges(cluster_ids=[world.other_cluster.pk])) == []


def test_digest_lists_coming_events_of_the_readers_clusters(world):
    since = timezone.now() - dt.timedelta(days=7)
    ours = published(world, workshop_spec(title="Our workshop"))
    published(world, workshop_spec(title="Their workshop"), cluster=world.other_cluster)
    hidden = published(world, workshop_spec(title="Members only", is_public=False))
    (section,) = digest_sections(viewer=viewer_for(world.org_member), since=since, language="en")
    titles = [item.title for item in section.items]
    assert titles == ["Our workshop", "Members only"]  # same start: in order of creation
    assert section.items[0].path.startswith("/events/")
    assert "(new)" in section.items[0].note
    foreign = digest_sections(
        viewer=viewer_for(world.other_coordinator), since=since, language="en"
    )
    assert [i.title for i in foreign[0].items] == ["Their workshop"]
    assert section.items[1].path == f"/events/{hidden.slug}/"
    assert any(s.title == "Coming events" for s in compose(world.org_member, since, "en"))
    assert section.items[0].path == f"/events/{ours.slug}/"
