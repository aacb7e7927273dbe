"""Coordinator pages of a cluster's marketplace: the funnel and realisation rate, stalled
deals, every suggestion with the network allocation, settings, bulk upload and export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greencluster.core.errors import InputError
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.common.errors import ServiceError, add_form_error
from greencluster.web.common.exports import CONTENT_TYPES
from greencluster.web.marketplace import exports, funnel, imports, matching, selectors, services
from greencluster.web.marketplace.forms import ImportForm, SettingsForm
from greencluster.web.marketplace.models import Listing, MarketplaceSettings
from greencluster.web.registry.models import Cluster
from greencluster.web.registry.selectors import managed_cluster_get

PAGE_SIZE = 100


def _cluster(request: HttpRequest, slug: str) -> Cluster:
    return managed_cluster_get(viewer_for(request.user), slug)


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    viewer = viewer_for(request.user)
    found = MarketplaceSettings.objects.filter(cluster=cluster).first() or MarketplaceSettings(
        cluster=cluster
    )
    return render(
        request,
        "marketplace/cluster.html",
        {
            "cluster": cluster,
            "funnel": funnel.funnel(viewer, cluster),
            "months": funnel.realisation_by_month(viewer, cluster),
            "stalled": selectors.stalled_deals(viewer, cluster, timezone.now())[:50],
            "stalled_days": found.stalled_after_days,
            "exchanged": funnel.exchanged_by_year(viewer, cluster),
            "deals": selectors.cluster_deals(viewer, cluster)[:20],
            "settings_form": SettingsForm(
                initial={
                    "allow_cross_cluster": found.allow_cross_cluster,
                    "stalled_after_days": found.stalled_after_days,
                }
            ),
        },
    )


@login_required
def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    viewer = viewer_for(request.user)
    allocated = matching.allocation([cluster.pk])
    rows = [
        (s, allocated.get((s.offer_id, s.need_id)))
        for s in selectors.cluster_suggestions(viewer, cluster)
    ]
    allocated_only = bool(request.GET.get("allocated"))
    if allocated_only:
        rows = [(s, q) for s, q in rows if q]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [
        {
            "from": [s.offer.site.lat, s.offer.site.lon],
            "to": [s.need.site.lat, s.need.site.lon],
            "allocated": bool(q),
            "label": f"{s.offer.organisation.name} → {s.need.organisation.name}",
        }
        for s, q in page.object_list
        if s.offer.site and s.need.site
    ]
    return render(
        request,
        "marketplace/cluster_suggestions.html",
        {
            "cluster": cluster,
            "page": page,
            "allocated_only": allocated_only,
            "lines": lines,
            "tiles": settings.GREENCLUSTER,
        },
    )


@login_required
@require_POST
def identify(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    offer = Listing.objects.filter(pk=request.POST.get("offer")).first()
    need = Listing.objects.filter(pk=request.POST.get("need")).first()
    if offer is None or need is None:
        raise Http404("no such listing")
    try:
        deal = services.deal_identify(viewer=viewer_for(request.user), offer=offer, need=need)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("marketplace:cluster_suggestions", slug=cluster.slug)
    messages.success(request, _("Deal identified: the partners can now follow it up."))
    return redirect("marketplace:deal", pk=deal.pk)


@login_required
@require_POST
def settings_form(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.settings_update(
            viewer=viewer_for(request.user),
            cluster=cluster,
            allow_cross_cluster=form.cleaned_data["allow_cross_cluster"],
            stalled_after_days=form.cleaned_data["stalled_after_days"],
        )
        messages.success(request, _("Settings saved; suggestions are being refreshed."))
    else:
        messages.error(request, _("Please check the settings."))
    return redirect("marketplace:cluster", slug=cluster.slug)


@login_required
@require_http_methods(["GET", "POST"])
def listings_import(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = imports.listings_import(
                viewer=viewer_for(request.user),
                cluster=cluster,
                data=upload.read(),
                filename=upload.name or "upload",
            )
        except InputError as exc:
            errors = exc.errors
        except ServiceError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Imported %(n)d listings.") % {"n": count})
            return redirect("marketplace:cluster", slug=cluster.slug)
    return render(
        request,
        "marketplace/cluster_import.html",
        {"cluster": cluster, "form": form, "errors": errors, "columns": imports.FIELDS},
    )


@login_required
def deals_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    cluster = _cluster(request, slug)
    if fmt not in CONTENT_TYPES:
        raise Http404("unknown format")
    body = exports.deals_export(viewer_for(request.user), cluster, fmt)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="deals-{cluster.slug}-{stamp}.{fmt}"'
    return response
