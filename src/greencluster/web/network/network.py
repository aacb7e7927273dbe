"""This app's edges of the cluster graph: shared registry mini-clusters and NACE relations.

Any installed app may define ``network_edges(*, cluster_ids) -> Iterable[Edge]`` in its
``network`` module (node ids ``str(Organisation.pk)``); :func:`providers` finds them the way
the knowledge digest finds its sections. An app may also define
``network_listings(*, cluster_ids) -> Iterable[Listing]`` (``greencluster.core.matching``
listings whose ``organization`` is ``str(Organisation.pk)``): open offers and needs that the
gap analysis checks for partners.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from greencluster.core.network import Edge
from greencluster.core.network.sources import mini_cluster_edges, nace_edges
from greencluster.web.common.hooks import app_hooks
from greencluster.web.network.graph_nodes import cluster_nodes
from greencluster.web.registry.models import MiniCluster


def providers(function: str = "network_edges") -> list[Callable[..., Iterable[Any]]]:
    """``function`` of every installed GreenCluster app's ``network`` module that has one."""
    return app_hooks("network", function)


def network_edges(*, cluster_ids: Iterable[int]) -> list[Edge]:
    """Mini-cluster edges between members of the clusters' mini-clusters (all their members,
    also those of other clusters) and NACE relations between the clusters' members."""
    ids = list(cluster_ids)
    minis = (
        MiniCluster.objects.filter(clusters__in=ids).distinct().prefetch_related("organisations")
    )
    groups = {m.name: [str(o.pk) for o in m.organisations.all()] for m in minis}
    members = [node for node in cluster_nodes(ids) if node.in_scope]
    return [*mini_cluster_edges(groups), *nace_edges(members)]
