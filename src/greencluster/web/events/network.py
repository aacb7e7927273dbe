"""Partnering relations for the cluster graph (see ``greencluster.core.network.edges``).

The network app calls :func:`network_edges` with the clusters it analyses. Node ids are
``str(Organisation.pk)`` of the participants' organisations (guests without an organisation
are left out):

- ``MEETING``: a scheduled partnering meeting of an event of those clusters that was not
  reported as "did not take place", one undirected edge per pair of organisations in it;
- ``AGREEMENT``: an agreement recorded after such a meeting, one undirected edge per pair, the
  agreement type (Enterprise Europe Network list) as its label.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import combinations

from django.db.models import Prefetch

from greencluster.core.network.edges import Edge, EdgeKind
from greencluster.core.partnering import cooperation_label
from greencluster.web.events.models import Meeting, MeetingRating, Outcome, Registration


def _pairs(organisation_ids: Iterable[int | None]) -> Iterator[tuple[str, str]]:
    distinct = sorted({o for o in organisation_ids if o is not None})
    for a, b in combinations(distinct, 2):
        yield str(a), str(b)


def network_edges(*, cluster_ids: Iterable[int]) -> Iterable[Edge]:
    clusters = list(cluster_ids)
    meetings = (
        Meeting.objects.filter(
            event__cluster_id__in=clusters, status=Meeting.Status.ACTIVE, slot__isnull=False
        )
        .exclude(ratings__rating=MeetingRating.Rating.NOT_HELD)
        .select_related("event")
        .prefetch_related(
            Prefetch("participants", queryset=Registration.objects.only("pk", "organisation_id")),
            Prefetch("outcomes", queryset=Outcome.objects.select_related("registration")),
        )
        .order_by("pk")
    )
    edges: list[Edge] = []
    for meeting in meetings:
        organisations = [p.organisation_id for p in meeting.participants.all()]
        for a, b in _pairs(organisations):
            edges.append(Edge(a, b, EdgeKind.MEETING, label=meeting.event.title, directed=False))
        for outcome in meeting.outcomes.all():
            for a, b in _pairs(organisations):
                edges.append(
                    Edge(
                        a,
                        b,
                        EdgeKind.AGREEMENT,
                        label=cooperation_label(outcome.agreement_type),
                        directed=False,
                    )
                )
    return edges
