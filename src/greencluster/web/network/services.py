"""Writes of the network app: computing a cluster's analysis, coordinators' decisions on
locomotives, and turning a proposed value network into a registry mini-cluster. Each checks
that the viewer coordinates the cluster, writes in one transaction and records an audit
entry. The computation runs through ``common.tasks.enqueue`` (in the background when a broker
is configured, at once otherwise) and takes only ids."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from greencluster.core.network.analysis import analyse, analysis_to_dict
from greencluster.core.network.logistics import (
    logistics_to_dict,
    plan_logistics,
    shipments_from_graph,
)
from greencluster.core.network.problem import NetworkProblem
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record
from greencluster.web.common.errors import ServiceError
from greencluster.web.common.tasks import enqueue
from greencluster.web.network.graph_nodes import cluster_nodes
from greencluster.web.network.models import LocomotiveDecision, NetworkRun, ValueNetworkAdoption
from greencluster.web.network.network import providers
from greencluster.web.registry.models import Cluster, MiniCluster, Organisation
from greencluster.web.registry.services import mini_cluster_create, mini_cluster_set_member

logger = logging.getLogger(__name__)
MAX_SHIPMENTS = 400  # backhaul pairing compares every two shipments


class NetworkError(ServiceError):
    """A request the user can correct (e.g. a value network no longer in the analysis)."""


def _require_coordinator(viewer: Viewer, cluster: Cluster) -> None:
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may do this")


def cluster_problem(cluster: Cluster) -> NetworkProblem:
    """Nodes (the cluster's members in scope; every other organisation of the installation out
    of scope, as partners and candidates), the edges of every provider, open listings."""
    ids = [cluster.pk]
    edges = [edge for provider in providers() for edge in provider(cluster_ids=ids)]
    listings = [
        item for provider in providers("network_listings") for item in provider(cluster_ids=ids)
    ]
    return NetworkProblem.of(cluster_nodes(ids, others=True), edges, listings)


def network_run_execute(*, run_id: int) -> int:
    """Compute the analysis of run ``run_id`` (the background job); returns the run id."""
    run = NetworkRun.objects.select_related("cluster").get(pk=run_id)
    try:
        result = analyse(cluster_problem(run.cluster), seed=run.seed)
    except Exception as exc:  # stored for the coordinator, then re-raised for the worker log
        NetworkRun.objects.filter(pk=run_id).update(
            status=NetworkRun.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        logger.exception("network analysis %s failed", run_id)
        raise
    document = analysis_to_dict(result, edges=True)
    shipments = shipments_from_graph(result.graph)[:MAX_SHIPMENTS]
    document["logistics"] = logistics_to_dict(plan_logistics(shipments), shipments)
    NetworkRun.objects.filter(pk=run_id).update(
        status=NetworkRun.Status.FINISHED,
        result=document,
        node_count=result.graph.n,
        edge_count=result.graph.m,
        seconds=round(result.seconds, 3),
        finished_at=timezone.now(),
    )
    return run_id


@transaction.atomic
def network_run_request(*, viewer: Viewer, cluster: Cluster, seed: int = 0) -> NetworkRun:
    """Start a new analysis of ``cluster`` (coordinators only)."""
    _require_coordinator(viewer, cluster)
    run = NetworkRun.objects.create(
        cluster=cluster, seed=seed, created_by=viewer.user if viewer.is_authenticated else None
    )
    audit_record(actor=viewer, action="network.run", target=run, cluster=cluster)
    task = enqueue("greencluster.web.network.services.network_run_execute", run_id=run.pk)
    if task.id is not None:
        NetworkRun.objects.filter(pk=run.pk).update(task_id=task.id)
    run.refresh_from_db()
    return run


@transaction.atomic
def locomotive_decide(
    *, viewer: Viewer, cluster: Cluster, organisation: Organisation, status: str, note: str = ""
) -> LocomotiveDecision:
    """Confirm or reject ``organisation`` as a locomotive of ``cluster``."""
    _require_coordinator(viewer, cluster)
    if status not in LocomotiveDecision.Status.values:
        raise NetworkError("status: expected confirmed or rejected", field="status")
    if not organisation.memberships.filter(cluster=cluster).exists():
        raise NetworkError("the organisation is not a member of this cluster")
    decision, _ = LocomotiveDecision.objects.update_or_create(
        cluster=cluster,
        organisation=organisation,
        defaults={
            "status": status,
            "note": note.strip()[:500],
            "decided_by": viewer.user if viewer.is_authenticated else None,
            "decided_at": timezone.now(),
        },
    )
    audit_record(
        actor=viewer,
        action=f"network.locomotive-{status}",
        target=organisation,
        cluster=cluster,
        changes={"note": decision.note} if decision.note else None,
    )
    return decision


@transaction.atomic
def value_network_adopt(
    *,
    viewer: Viewer,
    cluster: Cluster,
    run: NetworkRun,
    key: str,
    name: str,
    theme: str,
    language: str = "en",
) -> MiniCluster:
    """Turn the proposed value network ``key`` of ``run`` into a registry mini-cluster of
    ``cluster`` with its members that belong to the cluster (through the registry's
    services)."""
    _require_coordinator(viewer, cluster)
    if run.cluster_id != cluster.pk:
        raise NetworkError("the analysis belongs to another cluster")
    network = _network(run, key)
    if ValueNetworkAdoption.objects.filter(cluster=cluster, key=key).exists():
        raise NetworkError("this value network is already a mini-cluster")
    if not name.strip():
        raise NetworkError("name: give the mini-cluster a name", field="name")
    member_ids = [int(m) for m in network["members"] if str(m).isdigit()]
    members = list(
        Organisation.objects.filter(pk__in=member_ids, memberships__cluster=cluster).distinct()
    )
    if len(members) < 2:
        raise NetworkError("fewer than two of its members belong to this cluster")
    description = _description(network)
    mini = mini_cluster_create(
        viewer=viewer,
        cluster=cluster,
        name=name,
        theme=theme,
        description=description,
        language=language,
    )
    for organisation in members:
        mini_cluster_set_member(
            viewer=viewer, mini_cluster=mini, organisation=organisation, member=True
        )
    adoption = ValueNetworkAdoption.objects.create(
        cluster=cluster,
        key=key,
        mini_cluster=mini,
        run=run,
        adopted_by=viewer.user if viewer.is_authenticated else None,
    )
    audit_record(
        actor=viewer,
        action="network.value-network-adopt",
        target=adoption,
        cluster=cluster,
        changes={"mini_cluster": mini.slug, "members": len(members)},
    )
    return mini


def _network(run: NetworkRun, key: str) -> dict[str, Any]:
    for network in run.result.get("value_networks", []):
        if network["key"] == key:
            return dict(network)
    raise NetworkError("this value network is not in the analysis")


def _description(network: dict[str, Any]) -> str:
    classes = ", ".join(c["name"] for c in network.get("classes", [])[:3])
    nace = ", ".join(f"NACE {c['name']}" for c in network.get("nace", [])[:3])
    held = "; ".join(part for part in (classes, nace) if part)
    return f"Value network proposed by the network analysis ({held})." if held else ""
