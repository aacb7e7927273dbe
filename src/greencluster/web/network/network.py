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
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings

from greencluster.core.network import Edge
from greencluster.core.network.sources import mini_cluster_edges, nace_edges
from greencluster.web.network.graph_nodes import cluster_nodes
from greencluster.web.registry.models import MiniCluster


def providers(function: str = "network_edges") -> list[Callable[..., Iterable[Any]]]:
    """``function`` of every installed GreenCluster app's ``network`` module that has one."""
    found = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("greencluster.web."):
            continue
        name = f"{app}.network"
        if find_spec(name) is None:
            continue
        provider = getattr(import_module(name), function, None)
        if callable(provider):
            found.append(provider)
    return found


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
