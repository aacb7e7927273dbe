"""Pages of the registry. Each view translates a request into selector/service calls and
their errors into messages; decisions live in selectors and services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencluster.core.errors import InputError
from greencluster.web.accounts.permissions import PermissionDenied, viewer_for
from greencluster.web.audit.selectors import (
    AUDIT_COLUMNS,
    audit_entry_filter,
    audit_entry_list,
    audit_rows,
)
from greencluster.web.common.errors import add_form_error
from greencluster.web.common.exports import CONTENT_TYPES, table_export
from greencluster.web.registry import exports, imports, selectors, services
from greencluster.web.registry.forms import (
    AuditFilterForm,
    ClusterForm,
    DirectoryForm,
    ImportForm,
    MiniClusterForm,
    MiniClusterMemberForm,
    NewOrganisationForm,
    OrganisationForm,
    SiteForm,
)
from greencluster.web.registry.models import Cluster, MiniCluster, Organisation, Site
from greencluster.web.registry.selectors import managed_cluster_get


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/home.html", {"clusters": selectors.cluster_list()})


def cluster_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = get_object_or_404(selectors.cluster_list(), slug=slug)
    viewer = viewer_for(request.user)
    members = selectors.organisation_list(selectors.DirectoryFilters(cluster=slug))
    locomotives = members.filter(memberships__cluster=cluster, memberships__role="locomotive")
    return render(
        request,
        "registry/cluster_detail.html",
        {
            "cluster": cluster,
            "mini_clusters": selectors.mini_cluster_list(cluster=cluster),
            "locomotives": locomotives,
            "member_count": members.count(),
            "can_manage": viewer.can_manage_cluster(cluster.pk),
        },
    )


def _directory_filters(request: HttpRequest) -> tuple[DirectoryForm, selectors.DirectoryFilters]:
    form = DirectoryForm(
        request.GET or None,
        clusters=Cluster.objects.order_by("name"),
        mini_clusters=MiniCluster.objects.order_by("name"),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.DirectoryFilters(
        **{k: (data.get(k) or "") for k in selectors.DirectoryFilters.__dataclass_fields__}
    )
    return form, filters


def directory(request: HttpRequest) -> HttpResponse:
    form, filters = _directory_filters(request)
    organisations = selectors.organisation_list(filters)
    page = Paginator(organisations, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "total": page.paginator.count,
    }
    if request.headers.get("HX-Request"):
        return render(request, "registry/_directory_results.html", context)
    return render(request, "registry/directory.html", context)


def member_map(request: HttpRequest) -> HttpResponse:
    form, _filters = _directory_filters(request)
    return render(
        request,
        "registry/map.html",
        {"form": form, "query": request.GET.urlencode(), "tiles": settings.GREENCLUSTER},
    )


def map_points(request: HttpRequest) -> JsonResponse:
    _form, filters = _directory_filters(request)
    return JsonResponse({"points": selectors.map_points(filters)})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        org = selectors.organisation_get(slug)
    except Organisation.DoesNotExist:
        return render(request, "404.html", status=404)
    viewer = viewer_for(request.user)
    view = selectors.organisation_view(viewer, org)
    lang = getattr(request, "LANGUAGE_CODE", "en")
    description = (
        view["descriptions"].get(lang)
        or view["descriptions"].get("en")
        or next(iter(view["descriptions"].values()), "")
    )
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "org": org,
            "view": view,
            "description": description,
            "description_lang": lang if view["descriptions"].get(lang) else "",
            "can_edit": selectors.can_edit(viewer, org),
            "tiles": settings.GREENCLUSTER,
        },
    )


def _organisation_for_edit(request: HttpRequest, slug: str) -> Organisation:
    org = get_object_or_404(selectors.organisation_queryset(), slug=slug)
    if not selectors.can_edit(viewer_for(request.user), org):
        raise PermissionDenied("you may not edit this organisation")
    return org


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_for_edit(request, slug)
    viewer = viewer_for(request.user)
    initial = {
        "name": org.name,
        "org_type": org.org_type,
        "business_id": org.business_id,
        "website": org.website,
        "employees": org.employees,
        "turnover_eur": org.turnover_eur,
        "export_eur": org.export_eur,
        "figures_year": org.figures_year,
        "nace_codes": "; ".join(a.code for a in org.activities.all()),
        **{f"description_{k}": v for k, v in (org.descriptions or {}).items()},
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.organisation_update(
                viewer=viewer,
                organisation=org,
                name=data["name"],
                org_type=data["org_type"],
                website=data["website"] or "",
                business_id=data["business_id"] or "",
                nace_codes=form.nace_list(),
                descriptions=form.descriptions(),
                employees=data["employees"],
                turnover_eur=data["turnover_eur"],
                export_eur=data["export_eur"],
                figures_year=data["figures_year"],
            )
        except services.RegistryError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:organisation", slug=org.slug)
    return render(request, "registry/organisation_edit.html", {"org": org, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def site_add(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_for_edit(request, slug)
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_create(
                viewer=viewer_for(request.user), organisation=org, **form.cleaned_data
            )
        except services.RegistryError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Site added."))
            return redirect("registry:organisation", slug=org.slug)
    return render(request, "registry/site_form.html", {"org": org, "form": form})


@login_required
@require_http_methods(["POST"])
def site_delete(request: HttpRequest, slug: str, site_id: int) -> HttpResponse:
    org = _organisation_for_edit(request, slug)
    site = get_object_or_404(Site, pk=site_id, organisation=org)
    services.site_delete(viewer=viewer_for(request.user), site=site)
    messages.success(request, _("Site removed."))
    return redirect("registry:organisation", slug=org.slug)


@require_http_methods(["GET", "POST"])
def mini_cluster_detail(request: HttpRequest, slug: str) -> HttpResponse:
    mini = get_object_or_404(selectors.mini_cluster_list(), slug=slug)
    viewer = viewer_for(request.user)
    cluster_ids = [c.pk for c in mini.clusters.all()]
    can_manage = any(viewer.can_manage_cluster(cid) for cid in cluster_ids)
    members = selectors.organisation_list(selectors.DirectoryFilters(mini_cluster=slug))
    candidates = (
        Organisation.objects.filter(memberships__cluster_id__in=cluster_ids)
        .exclude(mini_clusters=mini)
        .distinct()
        .order_by("name")
        if can_manage
        else Organisation.objects.none()
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("only coordinators of the mini-cluster's clusters may change it")
        form = MiniClusterMemberForm(request.POST, organisations=[*candidates, *members])
        if form.is_valid():
            org = get_object_or_404(Organisation, slug=form.cleaned_data["organisation"])
            try:
                services.mini_cluster_set_member(
                    viewer=viewer,
                    mini_cluster=mini,
                    organisation=org,
                    member=form.cleaned_data["action"] == "add",
                )
            except services.RegistryError as exc:
                messages.error(request, str(exc))
        return redirect("registry:mini_cluster", slug=mini.slug)
    return render(
        request,
        "registry/mini_cluster_detail.html",
        {"mini": mini, "members": members, "can_manage": can_manage, "candidates": candidates},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _managed_cluster(request, slug)
    form = NewOrganisationForm(request.POST or None, initial={"country": cluster.country})
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_create(
                viewer=viewer_for(request.user), cluster=cluster, **form.cleaned_data
            )
        except services.RegistryError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Organisation added. Add its details and sites."))
            return redirect("registry:organisation_edit", slug=org.slug)
    return render(request, "registry/organisation_new.html", {"cluster": cluster, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _managed_cluster(request, slug)
    lang = getattr(request, "LANGUAGE_CODE", "en")
    initial = {
        "description": (cluster.descriptions or {}).get(lang, ""),
        "strategy": cluster.strategy,
        "contact_name": cluster.contact_name,
        "contact_email": cluster.contact_email,
        "website": cluster.website,
    }
    form = ClusterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.cluster_update(
            viewer=viewer_for(request.user), cluster=cluster, language=lang, **form.cleaned_data
        )
        messages.success(request, _("Saved."))
        return redirect("registry:cluster", slug=cluster.slug)
    return render(request, "registry/cluster_form.html", {"cluster": cluster, "form": form})


def _managed_cluster(request: HttpRequest, slug: str) -> Cluster:
    return managed_cluster_get(viewer_for(request.user), slug)


@login_required
@require_http_methods(["GET", "POST"])
def cluster_import(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _managed_cluster(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.registry_import(
                viewer=viewer_for(request.user),
                cluster=cluster,
                data=upload.read(),
                filename=upload.name,
            )
        except InputError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _(
                    "Imported %(rows)d rows: %(created)d new and %(updated)d updated "
                    "organisations, %(sites)d new sites."
                )
                % {
                    "rows": result.rows,
                    "created": result.organisations_created,
                    "updated": result.organisations_updated,
                    "sites": result.sites_created,
                },
            )
            return redirect("registry:cluster", slug=cluster.slug)
    return render(
        request, "registry/import.html", {"cluster": cluster, "form": form, "errors": errors}
    )


@login_required
def cluster_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    cluster = _managed_cluster(request, slug)
    body = exports.registry_export(viewer_for(request.user), cluster, fmt)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{cluster.slug}-registry.{fmt}"'
    return response


@login_required
def cluster_audit(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _managed_cluster(request, slug)
    form, entries = _audit_entries(request, cluster)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/audit.html",
        {"cluster": cluster, "page": page, "form": form, "query": query.urlencode()},
    )


def _audit_entries(request: HttpRequest, cluster: Cluster) -> tuple[AuditFilterForm, Any]:
    entries = audit_entry_list(viewer_for(request.user), cluster_id=cluster.pk)
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        entries = audit_entry_filter(entries, **form.cleaned_data)
    return form, entries


@login_required
def cluster_audit_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    cluster = _managed_cluster(request, slug)
    form, entries = _audit_entries(request, cluster)
    if form.is_bound and not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    body = table_export(AUDIT_COLUMNS, audit_rows(entries), fmt, sheet="audit log")
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{cluster.slug}-audit.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def mini_cluster_create(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _managed_cluster(request, slug)
    form = MiniClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mini = services.mini_cluster_create(
            viewer=viewer_for(request.user),
            cluster=cluster,
            name=form.cleaned_data["name"],
            theme=form.cleaned_data["theme"],
            description=form.cleaned_data["description"],
            language=getattr(request, "LANGUAGE_CODE", "en"),
        )
        return redirect("registry:mini_cluster", slug=mini.slug)
    return render(request, "registry/mini_cluster_form.html", {"cluster": cluster, "form": form})
