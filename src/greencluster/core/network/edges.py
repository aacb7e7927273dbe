"""Edges of the cluster graph: the one shape every source of relations hands to the network
analysis (listings and suggestions, running deals, partnering meetings and agreements, shared
mini-clusters, NACE input-output relations).

In the web app any installed app may contribute edges by defining
``greencluster.web.<app>.network.network_edges(*, cluster_ids) -> Iterable[Edge]`` where the
node ids are ``str(Organisation.pk)``; the network app finds those modules among the installed
apps (as the knowledge digest finds its sections).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EdgeKind(StrEnum):
    POTENTIAL_FLOW = "potential_flow"  # an offer matched to a need (listing suggestion)
    REALISED_FLOW = "realised_flow"  # a running or ended deal with realised quantities
    MEETING = "meeting"  # a partnering meeting held (or scheduled) between the two
    AGREEMENT = "agreement"  # a cooperation agreement recorded after a meeting
    MINI_CLUSTER = "mini_cluster"  # both are members of the same mini-cluster
    NACE_IO = "nace_io"  # the source's industry typically supplies the target's


@dataclass(frozen=True)
class Edge:
    """A relation from ``source`` to ``target`` (a supplier to its customer where a flow has a
    direction; ``directed=False`` for symmetric relations such as shared mini-clusters).

    Quantities are per year; ``weight`` is the source's own strength of the relation in
    [0, 1] (e.g. a match score), used where no quantity is known."""

    source: str
    target: str
    kind: EdgeKind
    weight: float = 1.0
    tonnes: float = 0.0
    mwh: float = 0.0
    value_eur: float = 0.0
    class_code: str = ""
    label: str = ""
    directed: bool = True
