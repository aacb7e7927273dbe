"""JSON API of the network app: a cluster's latest analysis (what the caller may see, as on
the pages), its graph, and a new computation (coordinators, token only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from greencluster.web.accounts.auth import request_viewer
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.common.api import ErrorOut, token_viewer
from greencluster.web.network import selectors, services

router = Router(tags=["network"])


class RunOut(Schema):
    id: int
    cluster: str
    status: str
    created_at: datetime
    finished_at: datetime | None
    node_count: int
    edge_count: int
    seconds: float


class AnalysisOut(Schema):
    available: bool
    run: RunOut | None
    coordinator: bool = False
    locomotives: list[dict[str, Any]] = []
    value_networks: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []


class GraphOut(Schema):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    classes: list[str]


def _access(viewer: Viewer, slug: str) -> selectors.Access:
    try:
        return selectors.cluster_access(viewer, slug)
    except Http404:
        raise HttpError(404, "no such cluster") from None
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None


def _run(run: Any) -> RunOut | None:
    if run is None:
        return None
    return RunOut(
        id=run.pk,
        cluster=run.cluster.slug,
        status=run.status,
        created_at=run.created_at,
        finished_at=run.finished_at,
        node_count=run.node_count,
        edge_count=run.edge_count,
        seconds=run.seconds,
    )


def _plain(network: dict[str, Any]) -> dict[str, Any]:
    mini = network.pop("mini_cluster", None)
    network["mini_cluster"] = mini.slug if mini is not None else None
    return network


@router.get(
    "/clusters/{slug}/analysis",
    response={200: AnalysisOut, 403: ErrorOut, 404: ErrorOut},
    summary="Locomotives, value networks and gaps of the latest analysis (as you may see them)",
)
def get_analysis(request: HttpRequest, slug: str) -> AnalysisOut:
    access = _access(request_viewer(request), slug)
    run = selectors.latest_finished_run(access.cluster)
    view = selectors.analysis_view(access, run)
    if not view["available"]:
        return AnalysisOut(available=False, run=_run(selectors.latest_run(access.cluster)))
    return AnalysisOut(
        available=True,
        run=_run(run),
        coordinator=view["coordinator"],
        locomotives=view["locomotives"],
        value_networks=[_plain(n) for n in view["value_networks"]],
        gaps=view["gaps"],
    )


@router.get(
    "/clusters/{slug}/graph",
    response={200: GraphOut, 403: ErrorOut, 404: ErrorOut},
    summary="Nodes and edges of the latest analysis (members: public relations only)",
)
def get_graph(request: HttpRequest, slug: str) -> GraphOut:
    access = _access(request_viewer(request), slug)
    return GraphOut(**selectors.graph_data(access, selectors.latest_finished_run(access.cluster)))


@router.post(
    "/clusters/{slug}/runs",
    response={201: RunOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Recompute the analysis (coordinators; runs in the background when a broker is set)",
)
def create_run(request: HttpRequest, slug: str) -> Status:
    viewer = token_viewer(request)
    access = _access(viewer, slug)
    try:
        run = services.network_run_request(viewer=viewer, cluster=access.cluster)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    return Status(201, _run(run))
