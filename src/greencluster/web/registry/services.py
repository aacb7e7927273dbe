"""Writes to the registry. Each function checks the viewer's permission, writes in one
transaction and records an audit entry; pages, API and CLI all come through here."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.db import transaction

from greencluster.core.geo import geocode
from greencluster.core.ids import validate_business_id
from greencluster.core.nace import normalise_nace
from greencluster.core.tables import text_problem
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record, diff
from greencluster.web.common.columns import column_problem
from greencluster.web.common.errors import ServiceError
from greencluster.web.common.slugs import unique_slug
from greencluster.web.registry.models import (
    Cluster,
    Membership,
    MiniCluster,
    Organisation,
    OrganisationActivity,
    Site,
)
from greencluster.web.registry.selectors import can_edit, organisation_cluster_ids


class RegistryError(ServiceError):
    """A write was refused for a reason the user can fix; ``field`` names the field."""


# Bounds of an organisation's figures, for pages, API and imports alike.
MAX_EMPLOYEES = 10_000_000
MAX_EUR = 10**15
FIGURES_YEARS = (1900, 2100)


def _check_fits(model: type[Organisation] | type[Site], values: dict[str, Any]) -> None:
    """Refuse the first value that its column cannot hold (length, range, NUL)."""
    for name, value in values.items():
        if value is not None and (problem := column_problem(model._meta.get_field(name), value)):
            raise RegistryError(problem, field=name)


def _check_figures(
    employees: int | None,
    money: dict[str, Decimal | None],
    figures_year: int | None,
) -> None:
    if employees is not None and not 0 <= employees <= MAX_EMPLOYEES:
        raise RegistryError(f"expected 0 to {MAX_EMPLOYEES} employees", field="employees")
    for key, amount in money.items():
        if amount is not None and not (amount.is_finite() and 0 <= amount < MAX_EUR):
            raise RegistryError("expected an amount from 0 to 10^15 EUR", field=key)
    low, high = FIGURES_YEARS
    if figures_year is not None and not low <= figures_year <= high:
        raise RegistryError(f"expected a year from {low} to {high}", field="figures_year")


@transaction.atomic
def organisation_update(
    *,
    viewer: Viewer,
    organisation: Organisation,
    name: str,
    org_type: str,
    website: str,
    business_id: str,
    nace_codes: list[str],
    descriptions: dict[str, str],
    employees: int | None,
    turnover_eur: Decimal | None,
    export_eur: Decimal | None,
    figures_year: int | None,
) -> Organisation:
    if not can_edit(viewer, organisation):
        raise PermissionDenied("you may not edit this organisation")
    if not name.strip():
        raise RegistryError("an organisation needs a name", field="name")
    if org_type not in Organisation.Type.values:
        choices = ", ".join(Organisation.Type.values)
        raise RegistryError(f"expected one of {choices}", field="org_type")
    _check_figures(
        employees, {"turnover_eur": turnover_eur, "export_eur": export_eur}, figures_year
    )
    for lang, text in descriptions.items():
        if (problem := text_problem(lang) or text_problem(text or "")) is not None:
            raise RegistryError(problem, field="descriptions")
    normalised_id = ""
    if business_id.strip():
        try:
            normalised_id = validate_business_id(organisation.country, business_id)
        except ValueError as exc:
            raise RegistryError(str(exc), field="business_id") from None
        clash = Organisation.objects.filter(
            country=organisation.country, business_id=normalised_id
        ).exclude(pk=organisation.pk)
        if clash.exists():
            raise RegistryError("another organisation has this business id", field="business_id")
    codes = []
    for code in nace_codes:
        try:
            codes.append(normalise_nace(code))
        except ValueError as exc:
            raise RegistryError(str(exc), field="nace_codes") from None
    values: dict[str, Any] = {
        "name": name.strip(),
        "org_type": org_type,
        "website": website,
        "business_id": normalised_id,
        "descriptions": {k: v for k, v in descriptions.items() if v and v.strip()},
        "employees": employees,
        "turnover_eur": turnover_eur,
        "export_eur": export_eur,
        "figures_year": figures_year,
    }
    _check_fits(Organisation, {k: values[k] for k in ("name", "website", "business_id")})
    changes = diff(organisation, values)
    for key, value in values.items():
        setattr(organisation, key, value)
    # A value entered by a person is no longer invented demo data.
    organisation.demo_fields = [f for f in organisation.demo_fields if f not in changes]
    organisation.save()
    old_codes = sorted(a.code for a in organisation.activities.all())
    if sorted(set(codes)) != old_codes:
        organisation.activities.all().delete()
        OrganisationActivity.objects.bulk_create(
            [
                OrganisationActivity(organisation=organisation, code=c, is_main=(i == 0))
                for i, c in enumerate(dict.fromkeys(codes))
            ]
        )
        changes["nace_codes"] = [old_codes, sorted(set(codes))]
    audit_record(actor=viewer, action="organisation.update", target=organisation, changes=changes)
    return organisation


@transaction.atomic
def organisation_create(
    *,
    viewer: Viewer,
    cluster: Cluster,
    name: str,
    country: str,
    org_type: str,
    business_id: str = "",
    role: str = Membership.Role.MEMBER,
) -> Organisation:
    """A coordinator adds an organisation to their cluster (other fields via the edit form)."""
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may add organisations")
    normalised = ""
    if business_id.strip():
        try:
            normalised = validate_business_id(country, business_id)
        except ValueError as exc:
            raise RegistryError(str(exc), field="business_id") from None
        existing = Organisation.objects.filter(country=country, business_id=normalised).first()
        if existing is not None:
            raise RegistryError(
                f"{existing.name} already has this business id: add it to the cluster by "
                "importing a file that names it",
                field="business_id",
            )
    org = Organisation.objects.create(
        name=name.strip(),
        slug=unique_slug(Organisation, name, fallback="organisation"),
        country=country,
        org_type=org_type,
        business_id=normalised,
    )
    Membership.objects.create(organisation=org, cluster=cluster, role=role)
    audit_record(
        actor=viewer,
        action="organisation.create",
        target=org,
        cluster=cluster,
        changes={"name": org.name, "role": role},
    )
    return org


@transaction.atomic
def cluster_update(
    *,
    viewer: Viewer,
    cluster: Cluster,
    description: str,
    language: str,
    strategy: str,
    contact_name: str,
    contact_email: str,
    website: str,
) -> Cluster:
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may edit it")
    descriptions = dict(cluster.descriptions or {})
    if description.strip():
        descriptions[language] = description.strip()
    else:
        descriptions.pop(language, None)
    values = {
        "descriptions": descriptions,
        "strategy": strategy,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "website": website,
    }
    changes = diff(cluster, values)
    for key, value in values.items():
        setattr(cluster, key, value)
    cluster.save()
    audit_record(
        actor=viewer, action="cluster.update", target=cluster, cluster=cluster, changes=changes
    )
    return cluster


@transaction.atomic
def site_create(
    *,
    viewer: Viewer,
    organisation: Organisation,
    name: str,
    address: str = "",
    postcode: str = "",
    place: str = "",
    lat: float | None = None,
    lon: float | None = None,
) -> Site:
    """Add a site; coordinates by hand, or geocoded offline from ``place``."""
    if not can_edit(viewer, organisation):
        raise PermissionDenied("you may not edit this organisation")
    name = name.strip() or place.strip()
    _check_fits(Site, {"name": name, "address": address, "postcode": postcode, "place": place})
    for key, value, limit in (("lat", lat, 90), ("lon", lon, 180)):
        if value is not None and not (math.isfinite(value) and -limit <= value <= limit):
            raise RegistryError(f"expected degrees from -{limit} to {limit}", field=key)
    source = Site.CoordinateSource.MANUAL
    if lat is None or lon is None:
        if lat is not None or lon is not None:
            raise RegistryError("give both latitude and longitude, or neither", field="lat")
        if not place.strip():
            raise RegistryError("give a place name or the coordinates", field="place")
        found = geocode(place, organisation.country)
        if found is None:
            raise RegistryError(
                f"'{place}' is not in the place list; enter the coordinates by hand",
                field="place",
            )
        lat, lon = found
        source = Site.CoordinateSource.GEOCODED
    site = Site.objects.create(
        organisation=organisation,
        name=name,
        address=address,
        postcode=postcode,
        place=place.strip(),
        country=organisation.country,
        lat=lat,
        lon=lon,
        coordinates_source=source,
        is_primary=not organisation.sites.exists(),
    )
    audit_record(
        actor=viewer,
        action="site.create",
        target=site,
        changes={"place": place, "lat": lat, "lon": lon},
    )
    return site


@transaction.atomic
def site_delete(*, viewer: Viewer, site: Site) -> None:
    if not can_edit(viewer, site.organisation):
        raise PermissionDenied("you may not edit this organisation")
    audit_record(
        actor=viewer,
        action="site.delete",
        target=site.organisation,
        changes={"site": site.name},
    )
    site.delete()


@transaction.atomic
def mini_cluster_create(
    *,
    viewer: Viewer,
    cluster: Cluster,
    name: str,
    theme: str,
    description: str = "",
    language: str = "en",
    extra_clusters: list[Cluster] | None = None,
) -> MiniCluster:
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may create mini-clusters")
    mini = MiniCluster.objects.create(
        name=name.strip(),
        slug=unique_slug(MiniCluster, name, fallback="mini-cluster", max_length=70),
        theme=theme,
        descriptions={language: description} if description else {},
    )
    mini.clusters.add(cluster, *(extra_clusters or []))
    audit_record(actor=viewer, action="mini-cluster.create", target=mini, cluster=cluster)
    return mini


@transaction.atomic
def mini_cluster_set_member(
    *, viewer: Viewer, mini_cluster: MiniCluster, organisation: Organisation, member: bool
) -> None:
    cluster_ids = {c.pk for c in mini_cluster.clusters.all()}
    if not any(viewer.can_manage_cluster(cid) for cid in cluster_ids):
        raise PermissionDenied("only coordinators of the mini-cluster's clusters may change it")
    if member and not (organisation_cluster_ids(organisation) & cluster_ids):
        raise RegistryError("the organisation is not a member of the mini-cluster's clusters")
    if member:
        mini_cluster.organisations.add(organisation)
    else:
        mini_cluster.organisations.remove(organisation)
    audit_record(
        actor=viewer,
        action="mini-cluster.add-member" if member else "mini-cluster.remove-member",
        target=mini_cluster,
        cluster=mini_cluster.clusters.first(),
        changes={"organisation": organisation.name},
    )
