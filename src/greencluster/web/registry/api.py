"""JSON API of the registry (django-ninja). Reads accept a session or a token; writes need a
token. The same selectors and services as the pages decide what is visible and allowed."""

from __future__ import annotations

import math
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from greencluster.core.errors import InputError
from greencluster.web.accounts.auth import request_viewer
from greencluster.web.accounts.permissions import PermissionDenied
from greencluster.web.common.api import ErrorOut, read_upload, row_errors, token_viewer
from greencluster.web.registry import exports, imports, selectors, services
from greencluster.web.registry.models import Cluster, Organisation

router = Router(tags=["registry"])


class ClusterOut(Schema):
    slug: str
    name: str
    region: str
    country: str
    languages: list[str]
    descriptions: dict[str, str]
    strategy: str
    contact_name: str
    contact_email: str
    website: str
    member_count: int


class MiniClusterOut(Schema):
    slug: str
    name: str
    theme: str
    descriptions: dict[str, str]
    clusters: list[str]
    member_count: int


class SiteOut(Schema):
    id: int
    name: str
    address: str
    postcode: str
    place: str
    country: str
    lat: float
    lon: float
    coordinates_source: str
    is_primary: bool


class MembershipOut(Schema):
    cluster: str
    cluster_name: str
    role: str


class OrganisationOut(Schema):
    slug: str
    name: str
    country: str
    business_id: str
    external_ref: str
    org_type: str
    website: str
    descriptions: dict[str, str]
    size_class: str
    nace_codes: list[str]
    memberships: list[MembershipOut]
    mini_clusters: list[str]
    sites: list[SiteOut]
    confidential_visible: bool = Field(
        description="Whether the caller may see turnover, export and exact head-count"
    )
    employees: int | None
    turnover_eur: float | None
    export_eur: float | None
    figures_year: int | None
    demo_fields: list[str] = Field(description="Fields whose values were invented for the demo")


class OrganisationPage(Schema):
    count: int
    items: list[OrganisationOut]


class OrganisationPatch(Schema):
    name: str | None = None
    org_type: str | None = None
    website: str | None = None
    business_id: str | None = None
    nace_codes: list[str] | None = None
    descriptions: dict[str, str] | None = None
    employees: int | None = None
    turnover_eur: float | None = None
    export_eur: float | None = None
    figures_year: int | None = None


class SiteIn(Schema):
    name: str = ""
    address: str = ""
    postcode: str = ""
    place: str = ""
    lat: float | None = None
    lon: float | None = None


class RegistryImportOut(Schema):
    rows: int
    organisations_created: int
    organisations_updated: int
    sites_created: int
    sites_updated: int
    memberships_created: int


def _cluster_out(cluster: Cluster, member_count: int) -> ClusterOut:
    return ClusterOut(
        slug=cluster.slug,
        name=cluster.name,
        region=cluster.region,
        country=cluster.country,
        languages=cluster.language_list,
        descriptions=cluster.descriptions,
        strategy=cluster.strategy,
        contact_name=cluster.contact_name,
        contact_email=cluster.contact_email,
        website=cluster.website,
        member_count=member_count,
    )


@router.get("/clusters", response=list[ClusterOut], summary="List clusters")
def list_clusters(request: HttpRequest) -> list[ClusterOut]:
    return [_cluster_out(c, c.member_count) for c in selectors.cluster_list()]


@router.get("/clusters/{slug}", response={200: ClusterOut, 404: ErrorOut})
def get_cluster(request: HttpRequest, slug: str) -> ClusterOut:
    cluster = selectors.cluster_list().filter(slug=slug).first()
    if cluster is None:
        raise HttpError(404, "no such cluster")
    return _cluster_out(cluster, cluster.member_count)


@router.get("/mini-clusters", response=list[MiniClusterOut])
def list_mini_clusters(request: HttpRequest, cluster: str = "") -> list[MiniClusterOut]:
    scope = Cluster.objects.filter(slug=cluster).first() if cluster else None
    return [
        MiniClusterOut(
            slug=m.slug,
            name=m.name,
            theme=m.theme,
            descriptions=m.descriptions,
            clusters=[c.slug for c in m.clusters.all()],
            member_count=m.member_count,
        )
        for m in selectors.mini_cluster_list(cluster=scope)
    ]


class DirectoryQuery(Schema):
    q: str = ""
    cluster: str = ""
    mini_cluster: str = ""
    nace: str = ""
    org_type: str = ""
    country: str = ""
    place: str = ""
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


@router.get("/organisations", response=OrganisationPage, summary="Search the directory")
def list_organisations(request: HttpRequest, query: Query[DirectoryQuery]) -> OrganisationPage:
    viewer = request_viewer(request)
    filters = selectors.DirectoryFilters(
        q=query.q,
        cluster=query.cluster,
        mini_cluster=query.mini_cluster,
        nace=query.nace,
        org_type=query.org_type,
        country=query.country,
        place=query.place,
    )
    qs = selectors.organisation_list(filters)
    count = qs.count()
    page = qs[query.offset : query.offset + query.limit]
    return OrganisationPage(
        count=count,
        items=[OrganisationOut(**selectors.organisation_view(viewer, o)) for o in page],
    )


def _organisation(slug: str) -> Organisation:
    try:
        return selectors.organisation_get(slug)
    except Organisation.DoesNotExist:
        raise HttpError(404, "no such organisation") from None


@router.get("/organisations/{slug}", response={200: OrganisationOut, 404: ErrorOut})
def get_organisation(request: HttpRequest, slug: str) -> OrganisationOut:
    viewer = request_viewer(request)
    return OrganisationOut(**selectors.organisation_view(viewer, _organisation(slug)))


@router.patch(
    "/organisations/{slug}",
    response={200: OrganisationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def patch_organisation(
    request: HttpRequest, slug: str, payload: OrganisationPatch
) -> OrganisationOut:
    viewer = token_viewer(request)
    org = _organisation(slug)
    data = payload.dict(exclude_unset=True)

    def pick(key: str, default: object) -> object:
        return data.get(key, default)

    def money(key: str, stored: Decimal | None) -> Decimal | None:
        if key not in data:
            return stored
        if data[key] is not None and not math.isfinite(data[key]):
            raise HttpError(400, f"{key}: expected a finite amount")
        return None if data[key] is None else Decimal(str(round(data[key])))

    try:
        services.organisation_update(
            viewer=viewer,
            organisation=org,
            name=str(pick("name", org.name)),
            org_type=str(pick("org_type", org.org_type)),
            website=str(pick("website", org.website) or ""),
            business_id=str(pick("business_id", org.business_id) or ""),
            nace_codes=list(pick("nace_codes", [a.code for a in org.activities.all()]) or []),  # type: ignore[call-overload]
            descriptions=dict(pick("descriptions", org.descriptions) or {}),  # type: ignore[call-overload]
            employees=pick("employees", org.employees),  # type: ignore[arg-type]
            turnover_eur=money("turnover_eur", org.turnover_eur),
            export_eur=money("export_eur", org.export_eur),
            figures_year=pick("figures_year", org.figures_year),  # type: ignore[arg-type]
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except services.RegistryError as exc:
        raise HttpError(400, f"{exc.field}: {exc}" if exc.field else str(exc)) from None
    return OrganisationOut(**selectors.organisation_view(viewer, _organisation(slug)))


@router.post(
    "/organisations/{slug}/sites",
    response={201: SiteOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def add_site(request: HttpRequest, slug: str, payload: SiteIn) -> Status:
    viewer = token_viewer(request)
    org = _organisation(slug)
    try:
        site = services.site_create(viewer=viewer, organisation=org, **payload.dict())
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except services.RegistryError as exc:
        raise HttpError(400, f"{exc.field}: {exc}" if exc.field else str(exc)) from None
    return Status(201, SiteOut(**selectors.site_view(site)))


def _managed_cluster(request: HttpRequest, slug: str, *, write: bool):  # type: ignore[no-untyped-def]
    viewer = token_viewer(request) if write else request_viewer(request)
    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        raise HttpError(404, "no such cluster")
    if not viewer.can_manage_cluster(cluster.pk):
        raise HttpError(403, "only the cluster's coordinators may do this")
    return viewer, cluster


@router.get(
    "/clusters/{slug}/export",
    response={200: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Export the registry (coordinators): format csv, xlsx or json",
)
def export_registry(request: HttpRequest, slug: str, format: str = "json") -> HttpResponse:
    viewer, cluster = _managed_cluster(request, slug, write=False)
    if format not in exports.CONTENT_TYPES:
        raise HttpError(400, "format: expected csv, xlsx or json")
    body = exports.registry_export(viewer, cluster, format)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{cluster.slug}-registry.{format}"'
    return response


@router.post(
    "/clusters/{slug}/import",
    response={200: RegistryImportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Import organisations (coordinators), all or nothing",
)
def import_registry(
    request: HttpRequest, slug: str, file: File[UploadedFile]
) -> RegistryImportOut | Status:
    viewer, cluster = _managed_cluster(request, slug, write=True)
    try:
        result = imports.registry_import(
            viewer=viewer, cluster=cluster, data=read_upload(file), filename=file.name or "upload"
        )
    except InputError as exc:
        return row_errors(exc)
    return RegistryImportOut(**result.__dict__)
