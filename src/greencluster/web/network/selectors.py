"""Reads of the network app, scoped by role (docs/network.md, "Who sees what"):

- coordinators of the cluster and superusers see everything: scores, explanations, flows with
  quantities, the organisations behind each gap, every edge;
- users of the cluster's member organisations see the value networks (members and what they
  share: classes, industries, mini-clusters), the confirmed locomotives, the gap list by
  actor type with candidates (public registry data), and the graph's public relations
  (shared mini-clusters, typical industry relations). Never quantities, flows, scores,
  explanations or whose listing a gap comes from;
- anyone else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from greencluster.core.taxonomy import get_class
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.network.models import LocomotiveDecision, NetworkRun, ValueNetworkAdoption
from greencluster.web.registry.models import Cluster, Organisation

PUBLIC_KINDS = frozenset({"mini_cluster", "nace_io"})
OVERVIEW_ROWS = 10


@dataclass(frozen=True)
class Access:
    cluster: Cluster
    coordinator: bool


def network_clusters(viewer: Viewer) -> QuerySet[Cluster]:
    """Clusters whose network the viewer may open."""
    if viewer.is_superuser:
        return Cluster.objects.order_by("name")
    if not viewer.is_authenticated:
        return Cluster.objects.none()
    return (
        Cluster.objects.filter(
            Q(id__in=viewer.coordinated_cluster_ids)
            | Q(memberships__organisation_id__in=viewer.organisation_ids)
        )
        .distinct()
        .order_by("name")
    )


def cluster_access(viewer: Viewer, slug: str) -> Access:
    """The cluster and the viewer's role in it (Http404 if none, PermissionDenied if the
    viewer is neither its coordinator nor a user of one of its members)."""
    cluster = get_object_or_404(Cluster, slug=slug)
    if viewer.can_manage_cluster(cluster.pk):
        return Access(cluster, True)
    if (
        viewer.is_authenticated
        and cluster.memberships.filter(organisation_id__in=viewer.organisation_ids).exists()
    ):
        return Access(cluster, False)
    raise PermissionDenied("only the cluster's coordinators and members see its network")


def latest_run(cluster: Cluster) -> NetworkRun | None:
    return NetworkRun.objects.filter(cluster=cluster).order_by("-created_at", "-id").first()


def latest_finished_run(cluster: Cluster) -> NetworkRun | None:
    return (
        NetworkRun.objects.filter(cluster=cluster, status=NetworkRun.Status.FINISHED)
        .order_by("-created_at", "-id")
        .first()
    )


def class_label(class_id: str, language: str = "en") -> str:
    if not class_id:
        return ""
    try:
        return get_class(class_id).label(language)
    except KeyError:
        return class_id


def analysis_view(access: Access, run: NetworkRun | None, language: str = "en") -> dict[str, Any]:
    """What the viewer may see of ``run`` (None: no analysis yet), with organisation names,
    slugs, coordinators' decisions and adoptions; a fixed number of queries."""
    if run is None or run.status != NetworkRun.Status.FINISHED:
        return {"available": False, "run": run}
    result = run.result
    nodes = {n["id"]: n for n in result.get("nodes", [])}
    orgs = {
        str(o.pk): o
        for o in Organisation.objects.filter(pk__in=[int(i) for i in nodes if i.isdigit()]).only(
            "id", "name", "slug"
        )
    }
    decisions = {
        str(d.organisation_id): d for d in LocomotiveDecision.objects.filter(cluster=access.cluster)
    }
    adoptions = {
        a.key: a
        for a in ValueNetworkAdoption.objects.filter(cluster=access.cluster).select_related(
            "mini_cluster"
        )
    }

    def org(node_id: str) -> dict[str, Any]:
        found = orgs.get(node_id)
        node = nodes.get(node_id, {})
        return {
            "id": node_id,
            "name": found.name if found else node.get("name", node_id),
            "slug": found.slug if found else "",
            "in_scope": bool(node.get("in_scope")),
        }

    locomotives = [
        _locomotive(item, org(item["node"]), decisions.get(item["node"]), access.coordinator)
        for item in result.get("locomotives", [])
    ]
    if not access.coordinator:
        locomotives = [item for item in locomotives if item["decision"] == "confirmed"]
    networks = [
        _network(n, org, adoptions.get(n["key"]), access.coordinator, language)
        for n in result.get("value_networks", [])
    ]
    gaps = [_gap(g, org, access.coordinator, language) for g in result.get("gaps", [])]
    logistics = result.get("logistics") if access.coordinator else None
    if logistics:
        logistics = {
            **logistics,
            "pairs": [
                {
                    **p,
                    "first": {
                        **p["first"],
                        "origin": org(p["first"]["origin"]),
                        "destination": org(p["first"]["destination"]),
                    },
                    "second": {
                        **p["second"],
                        "origin": org(p["second"]["origin"]),
                        "destination": org(p["second"]["destination"]),
                    },
                }
                for p in logistics["pairs"]
            ],
            "milk_runs": [
                {
                    **r,
                    "destination": org(r["destination"]),
                    "routes": [[org(o) for o in route] for route in r["routes"]],
                }
                for r in logistics["milk_runs"]
            ],
        }
    return {
        "available": True,
        "run": run,
        "coordinator": access.coordinator,
        "node_count": result.get("node_count", 0),
        "edge_count": result.get("edge_count", 0),
        "edge_kinds": result.get("edge_kinds", {}),
        "has_flows": any(
            k in result.get("edge_kinds", {}) for k in ("potential_flow", "realised_flow")
        ),
        "locomotives": locomotives,
        "value_networks": networks,
        "gaps": gaps,
        "logistics": logistics,
    }


def _locomotive(
    item: dict[str, Any], organisation: dict[str, Any], decision: Any, coordinator: bool
) -> dict[str, Any]:
    view = {
        "organisation": organisation,
        "rank": item["rank"],
        "suggested": item["suggested"],
        "decision": decision.status if decision else "",
    }
    if coordinator:
        view |= {
            "score": item["score"],
            "explanation": item["explanation"],
            "partners": item["partners"],
            "partner_divisions": item["partner_divisions"],
            "volume_share": item["volume_share"],
            "betweenness": item["betweenness"],
            "chain_share": item["chain_share"],
            "tonnes_per_a": item["tonnes_per_a"],
            "mwh_per_a": item["mwh_per_a"],
            "note": decision.note if decision else "",
        }
    return view


def _network(
    network: dict[str, Any],
    org: Any,
    adoption: ValueNetworkAdoption | None,
    coordinator: bool,
    language: str,
) -> dict[str, Any]:
    view = {
        "key": network["key"],
        "number": network["number"],
        "members": [org(m) for m in network["members"]],
        "locomotives": [org(m) for m in network["locomotives"]],
        "classes": [
            {"id": c["name"], "label": class_label(c["name"], language), "count": c["count"]}
            for c in network["classes"]
        ],
        "nace": network["nace"],
        "mini_clusters": network["mini_clusters"],
        "mini_cluster": adoption.mini_cluster if adoption else None,
        "adopted": adoption is not None,
    }
    if coordinator:
        view |= {
            "cohesion": network["cohesion"],
            "kinds": network["kinds"],
            "core_flows": [
                {
                    **flow,
                    "source": org(flow["source"]),
                    "target": org(flow["target"]),
                    "class_label": class_label(flow["class_id"], language),
                }
                for flow in network["core_flows"]
            ],
        }
    return view


def _gap(gap: dict[str, Any], org: Any, coordinator: bool, language: str) -> dict[str, Any]:
    view = {
        "kind": gap["kind"],
        "class_id": gap["class_id"],
        "class_label": class_label(gap["class_id"], language),
        "activities": gap["activities"],
        "region": gap["region"],
        "priority": gap["priority"],
        "organisation_count": len(gap["organisations"]),
        "candidates": [
            {**org(c["node"]), "distance_km": c["distance_km"], "reason": c["reason"]}
            for c in gap["candidates"]
        ],
    }
    if coordinator:
        view |= {
            "organisations": [org(o) for o in gap["organisations"]],
            "locomotives": [org(o) for o in gap["locomotives"]],
            "tonnes_per_a": gap["tonnes_per_a"],
            "mwh_per_a": gap["mwh_per_a"],
        }
    return view


def network_of(view: dict[str, Any], key: str) -> dict[str, Any] | None:
    for network in view.get("value_networks", []):
        if network["key"] == key:
            return dict(network)
    return None


def graph_data(access: Access, run: NetworkRun | None) -> dict[str, Any]:
    """Nodes and edges for the interactive graph and map. Members get only the public kinds
    of relation and no quantities."""
    if run is None or run.status != NetworkRun.Status.FINISHED:
        return {"nodes": [], "edges": [], "classes": []}
    result = run.result
    suggested = {i["node"] for i in result.get("locomotives", []) if i["suggested"]}
    confirmed = set(
        LocomotiveDecision.objects.filter(
            cluster=access.cluster, status=LocomotiveDecision.Status.CONFIRMED
        ).values_list("organisation_id", flat=True)
    )
    numbers = {n["key"]: n["number"] for n in result.get("value_networks", [])}
    member_network = {
        m: numbers[n["key"]] for n in result.get("value_networks", []) for m in n["members"]
    }
    edges = []
    for edge in result.get("edges", []):
        if not access.coordinator and edge["kind"] not in PUBLIC_KINDS:
            continue
        row = {
            "source": edge["source"],
            "target": edge["target"],
            "kind": edge["kind"],
            "class_id": edge["class_id"],
            "strength": edge["strength"],
        }
        if access.coordinator:
            row |= {"tonnes": edge["tonnes"], "mwh": edge["mwh"]}
        edges.append(row)
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [
        {
            "id": node["id"],
            "name": node["name"],
            "lat": node["lat"],
            "lon": node["lon"],
            "in_scope": node["in_scope"],
            "network": member_network.get(node["id"], 0),
            "locomotive": (node["id"] in suggested if access.coordinator else False)
            or (node["id"].isdigit() and int(node["id"]) in confirmed),
        }
        for node in result.get("nodes", [])
        if node["in_scope"] or node["id"] in linked
    ]
    classes = sorted({e["class_id"] for e in edges if e["class_id"]})
    return {"nodes": nodes, "edges": edges, "classes": classes}
