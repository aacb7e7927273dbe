from __future__ import annotations

import pytest

from greencluster.core.network import Edge, EdgeKind
from greencluster.web.network import network as network_module
from greencluster.web.network import services
from greencluster.web.registry.models import OrganisationActivity
from tests.web.factories import make_organisation

SECRET_TONNES = 987_123.0  # a confidential quantity that must never reach a member


class FakeProvider:
    """Stands for the marketplace's ``network_edges``: realised flows into one locomotive."""

    def __init__(self) -> None:
        self.edges: list[Edge] = []

    def __call__(self, *, cluster_ids):
        return list(self.edges)


@pytest.fixture
def flows(world, monkeypatch):
    """The world's cluster with a sawmill locomotive ("Lämpö Oy" is the hub): three suppliers
    and two customers with realised flows, plus a separate pair; the fake provider is added to
    the real ones (this app's mini-cluster and NACE edges)."""
    hub = world.org
    OrganisationActivity.objects.create(organisation=hub, code="16.10", is_main=True)
    members = [world.neighbour] + [
        make_organisation(cluster=world.cluster, name=f"Toimittaja {i} Oy", slug=f"supplier-{i}")
        for i in range(4)
    ]
    provider = FakeProvider()
    provider.edges = [
        Edge(
            str(m.pk),
            str(hub.pk),
            EdgeKind.REALISED_FLOW,
            tonnes=1000.0 + i,
            class_code="product.wood-chips",
        )
        for i, m in enumerate(members)
    ]
    provider.edges[0] = Edge(
        str(members[0].pk),
        str(hub.pk),
        EdgeKind.REALISED_FLOW,
        tonnes=SECRET_TONNES,
        class_code="product.wood-chips",
    )
    real = network_module.providers

    def providers(function: str = "network_edges"):
        found = real(function)
        return [*found, provider] if function == "network_edges" else found

    monkeypatch.setattr(services, "providers", providers)
    return {"hub": hub, "members": members, "provider": provider}
