"""Pages of the network app. Views translate requests into selector and service calls;
permissions live in the selectors and services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.common.errors import ServiceError
from greencluster.web.network import selectors, services
from greencluster.web.network.forms import AdoptForm, DecisionForm
from greencluster.web.network.models import NetworkRun
from greencluster.web.registry.models import MiniCluster, Organisation

THEME_OF_CLASS = (
    ("energy.", MiniCluster.Theme.ENERGY),
    ("water.", MiniCluster.Theme.WATER),
    ("product.wood", MiniCluster.Theme.BIOECONOMY),
    ("ewc.02", MiniCluster.Theme.BIOECONOMY),
    ("ewc.03", MiniCluster.Theme.BIOECONOMY),
)


def _access(request: HttpRequest, slug: str) -> selectors.Access:
    return selectors.cluster_access(viewer_for(request.user), slug)


def _context(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = _access(request, slug)
    run = selectors.latest_finished_run(access.cluster)
    view = selectors.analysis_view(access, run, get_language() or "en")
    return {
        "cluster": access.cluster,
        "access": access,
        "view": view,
        "latest": selectors.latest_run(access.cluster),
        "clusters": selectors.network_clusters(viewer_for(request.user)),
        "tiles": settings.GREENCLUSTER,
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    clusters = list(selectors.network_clusters(viewer_for(request.user)))
    if len(clusters) == 1:
        return redirect("network:cluster", slug=clusters[0].slug)
    return render(request, "network/index.html", {"clusters": clusters})


@login_required
def cluster_view(request: HttpRequest, slug: str) -> HttpResponse:
    context = _context(request, slug)
    view = context["view"]
    if view["available"]:
        view["locomotives"] = view["locomotives"][: selectors.OVERVIEW_ROWS]
        view["gaps"] = view["gaps"][: selectors.OVERVIEW_ROWS]
    return render(request, "network/cluster.html", context)


@login_required
def locomotives(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "network/locomotives.html", _context(request, slug))


@login_required
def gaps(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "network/gaps.html", _context(request, slug))


@login_required
def value_network(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    context = _context(request, slug)
    network = selectors.network_of(context["view"], key)
    if network is None:
        raise Http404("no such value network in the latest analysis")
    context["network"] = network
    context["form"] = AdoptForm(initial={"name": "", "theme": _theme(network)})
    return render(request, "network/value_network.html", context)


def _theme(network: dict[str, Any]) -> str:
    for item in network["classes"]:
        for prefix, theme in THEME_OF_CLASS:
            if item["id"].startswith(prefix):
                return str(theme)
    return str(MiniCluster.Theme.WASTE if network["classes"] else MiniCluster.Theme.OTHER)


@login_required
@require_POST
def recompute(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    run = services.network_run_request(viewer=viewer_for(request.user), cluster=access.cluster)
    if run.status == NetworkRun.Status.FINISHED:
        messages.success(request, _("The network analysis was recomputed."))
    elif run.status == NetworkRun.Status.FAILED:
        messages.error(request, _("The network analysis failed: %(error)s") % {"error": run.error})
    else:
        messages.info(request, _("The network analysis is running; reload the page shortly."))
    return redirect("network:cluster", slug=slug)


@login_required
@require_POST
def locomotive_decide(request: HttpRequest, slug: str, organisation_id: int) -> HttpResponse:
    access = _access(request, slug)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.locomotive_decide(
                viewer=viewer_for(request.user),
                cluster=access.cluster,
                organisation=organisation,
                **form.cleaned_data,
            )
            messages.success(request, _("Decision saved for %(name)s.") % {"name": organisation})
        except ServiceError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose confirm or reject."))
    return redirect("network:locomotives", slug=slug)


@login_required
@require_POST
def adopt(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    access = _access(request, slug)
    run = selectors.latest_finished_run(access.cluster)
    form = AdoptForm(request.POST)
    if run is None or not form.is_valid():
        messages.error(request, _("Give the mini-cluster a name and a theme."))
        return redirect("network:value_network", slug=slug, key=key)
    try:
        mini = services.value_network_adopt(
            viewer=viewer_for(request.user),
            cluster=access.cluster,
            run=run,
            key=key,
            language=get_language() or "en",
            **form.cleaned_data,
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("network:value_network", slug=slug, key=key)
    messages.success(
        request,
        _("Mini-cluster %(name)s created with %(count)s members.")
        % {"name": mini.name, "count": mini.organisations.count()},
    )
    return redirect("network:value_network", slug=slug, key=key)


@login_required
def graph_json(request: HttpRequest, slug: str) -> JsonResponse:
    access = _access(request, slug)
    return JsonResponse(selectors.graph_data(access, selectors.latest_finished_run(access.cluster)))
