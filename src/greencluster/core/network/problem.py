"""The network problem: organisations (nodes), their relations (:class:`Edge`) and, for the
gap analysis, their open offers and needs (matching listings).

Node ids are strings chosen by the caller (the web app uses ``str(Organisation.pk)``, the
command line the organisation names of the input file). An edge may name a node that is not
listed; it becomes a node outside the analysed scope with no attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from greencluster.core.matching.problem import Listing
from greencluster.core.network.edges import Edge


@dataclass(frozen=True, slots=True)
class Node:
    """An organisation of the network.

    ``in_scope`` is true for members of the analysed cluster(s); organisations from other
    clusters of the installation (partners of members, or candidates to recruit) are out of
    scope: they take part in the graph but are never proposed as locomotives, and they are
    the candidates the gap analysis suggests. ``region`` is whatever the caller groups places
    by (a cluster's region, a country); ``declared_locomotive`` says the registry already
    lists the organisation as a locomotive (anchor) company.
    """

    id: str
    name: str = ""
    nace_codes: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    region: str = ""
    in_scope: bool = True
    org_type: str = "company"
    declared_locomotive: bool = False

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class NetworkProblem:
    """What the analysis works on. ``listings`` are open offers and needs (any
    organisation's; those of out-of-scope organisations make them candidates)."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    listings: tuple[Listing, ...] = field(default=())

    @classmethod
    def of(
        cls,
        nodes: Sequence[Node],
        edges: Sequence[Edge],
        listings: Sequence[Listing] = (),
    ) -> NetworkProblem:
        return cls(tuple(nodes), tuple(edges), tuple(listings))
