"""Reads of the registry, scoped by what the viewer may see. Pages and API call these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.registry.models import (
    Cluster,
    Membership,
    MiniCluster,
    Organisation,
    OrganisationActivity,
    Site,
)

PAGE_SIZE = 50


def cluster_list() -> QuerySet[Cluster]:
    return Cluster.objects.annotate(
        member_count=Count("memberships", distinct=True),
        mini_cluster_count=Count("mini_clusters", distinct=True),
    ).order_by("name")


def cluster_get(slug: str) -> Cluster:
    return Cluster.objects.get(slug=slug)


def managed_cluster_get(viewer: Viewer, slug: str) -> Cluster:
    """The cluster ``slug`` for one of its coordinators (Http404 if none, 403 otherwise)."""
    cluster = get_object_or_404(Cluster, slug=slug)
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may do this")
    return cluster


def mini_cluster_list(*, cluster: Cluster | None = None) -> QuerySet[MiniCluster]:
    qs = MiniCluster.objects.prefetch_related("clusters").annotate(
        member_count=Count("organisations", distinct=True)
    )
    if cluster is not None:
        qs = qs.filter(clusters=cluster)
    return qs.order_by("name")


def mini_cluster_get(slug: str) -> MiniCluster:
    return MiniCluster.objects.prefetch_related("clusters").get(slug=slug)


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    cluster: str = ""
    mini_cluster: str = ""
    nace: str = ""
    org_type: str = ""
    country: str = ""
    place: str = ""


def organisation_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.prefetch_related(
        Prefetch("sites", queryset=Site.objects.order_by("-is_primary", "name")),
        Prefetch("activities", queryset=OrganisationActivity.objects.order_by("-is_main", "code")),
        Prefetch("memberships", queryset=Membership.objects.select_related("cluster")),
        "mini_clusters",
    )


def organisation_list(filters: DirectoryFilters) -> QuerySet[Organisation]:
    """Organisations matching the directory filters (public fields only are filtered on)."""
    qs = organisation_queryset()
    if filters.q:
        words = filters.q.split()
        for word in words:
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(business_id__icontains=word)
                | Q(sites__place__icontains=word)
                | Q(descriptions__icontains=word)
            )
    if filters.cluster:
        qs = qs.filter(memberships__cluster__slug=filters.cluster)
    if filters.mini_cluster:
        qs = qs.filter(mini_clusters__slug=filters.mini_cluster)
    if filters.nace:
        code = filters.nace.strip()
        qs = qs.filter(activities__code__startswith=code)
    if filters.org_type:
        qs = qs.filter(org_type=filters.org_type)
    if filters.country:
        qs = qs.filter(country=filters.country.upper())
    if filters.place:
        qs = qs.filter(sites__place__icontains=filters.place)
    return qs.distinct().order_by("name")


def organisation_get(slug: str) -> Organisation:
    return organisation_queryset().get(slug=slug)


def organisation_cluster_ids(organisation: Organisation) -> set[int]:
    return {m.cluster_id for m in organisation.memberships.all()}


def can_see_confidential(viewer: Viewer, organisation: Organisation) -> bool:
    return viewer.can_see_confidential(organisation.pk, organisation_cluster_ids(organisation))


def can_edit(viewer: Viewer, organisation: Organisation) -> bool:
    return viewer.can_edit_organisation(organisation.pk, organisation_cluster_ids(organisation))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def organisation_view(viewer: Viewer, organisation: Organisation) -> dict[str, Any]:
    """The fields of ``organisation`` that ``viewer`` may see. Confidential values are
    ``None`` (not zero) for viewers who may not see them; ``confidential_visible`` tells."""
    confidential = can_see_confidential(viewer, organisation)
    data: dict[str, Any] = {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.name,
        "country": organisation.country,
        "business_id": organisation.business_id,
        "external_ref": organisation.external_ref,
        "org_type": organisation.org_type,
        "website": organisation.website,
        "descriptions": organisation.descriptions,
        "size_class": organisation.size_class,
        "nace_codes": [a.code for a in organisation.activities.all()],
        "sites": [site_view(s) for s in organisation.sites.all()],
        "memberships": [
            {"cluster": m.cluster.slug, "cluster_name": m.cluster.name, "role": m.role}
            for m in organisation.memberships.all()
        ],
        "mini_clusters": [mc.slug for mc in organisation.mini_clusters.all()],
        "confidential_visible": confidential,
        "employees": organisation.employees if confidential else None,
        "turnover_eur": _number(organisation.turnover_eur) if confidential else None,
        "export_eur": _number(organisation.export_eur) if confidential else None,
        "figures_year": organisation.figures_year if confidential else None,
        "demo_fields": list(organisation.demo_fields),
    }
    return data


def site_view(site: Site) -> dict[str, Any]:
    return {
        "id": site.pk,
        "name": site.name,
        "address": site.address,
        "postcode": site.postcode,
        "place": site.place,
        "country": site.country,
        "lat": site.lat,
        "lon": site.lon,
        "coordinates_source": site.coordinates_source,
        "is_primary": site.is_primary,
    }


def map_points(filters: DirectoryFilters) -> list[dict[str, Any]]:
    """Public map markers: one per site of the organisations matching ``filters``."""
    org_ids = organisation_list(filters).values_list("id", flat=True)
    sites = (
        Site.objects.filter(organisation_id__in=org_ids)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    return [
        {
            "lat": s.lat,
            "lon": s.lon,
            "name": s.organisation.name,
            "site": s.name,
            "place": s.place,
            "type": s.organisation.org_type,
            "slug": s.organisation.slug,
        }
        for s in sites
    ]
