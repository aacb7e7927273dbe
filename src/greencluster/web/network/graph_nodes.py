"""Registry organisations as nodes of the cluster graph."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch

from greencluster.core.network.problem import Node
from greencluster.web.registry.models import Membership, Organisation, Site


def cluster_nodes(cluster_ids: Iterable[int], *, others: bool = False) -> list[Node]:
    """Members of the clusters (in scope), and with ``others`` every other organisation of the
    installation (out of scope: partners and candidates). A node's region is its first
    cluster's region (else its country); its place is its primary site."""
    ids = set(cluster_ids)
    qs = Organisation.objects.prefetch_related(
        Prefetch("sites", queryset=Site.objects.order_by("-is_primary", "id")),
        Prefetch("memberships", queryset=Membership.objects.select_related("cluster")),
        "activities",
    ).order_by("id")
    if not others:
        qs = qs.filter(memberships__cluster_id__in=ids).distinct()
    nodes = []
    for org in qs:
        memberships = sorted(org.memberships.all(), key=lambda m: (m.cluster_id not in ids, m.id))
        site = next(iter(org.sites.all()), None)
        region = memberships[0].cluster.region if memberships else ""
        nodes.append(
            Node(
                str(org.pk),
                name=org.name,
                nace_codes=tuple(a.code for a in org.activities.all()),
                lat=site.lat if site else None,
                lon=site.lon if site else None,
                region=region or org.country,
                in_scope=any(m.cluster_id in ids for m in memberships),
                org_type=org.org_type,
                declared_locomotive=any(
                    m.cluster_id in ids and m.role == Membership.Role.LOCOMOTIVE
                    for m in memberships
                ),
            )
        )
    return nodes
