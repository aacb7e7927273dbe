"""Importing organisations, their sites and memberships into a cluster, all or nothing.

    result = registry_import(actor=user, cluster=cluster, data=file_bytes, filename="x.xlsx")

Every row is validated first (business id check digits, NACE codes, numbers, coordinates or
a known place name, mini-clusters that exist); any problem aborts the whole import with every
error listed by row and column, and nothing is written. Re-importing a file updates the
organisations it names (matched by country and business id, else by register reference)
instead of duplicating them; empty cells never erase stored values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from greencluster.core.errors import InputError, RowError
from greencluster.core.geo import geocode
from greencluster.core.ids import InvalidBusinessId, validate_business_id
from greencluster.core.nace import normalise_nace
from greencluster.core.tables import (
    Field,
    FieldError,
    Table,
    choice,
    collect_records,
    integer,
    number,
    read_table,
    text,
)
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record, diff
from greencluster.web.common.columns import column_errors
from greencluster.web.common.slugs import unique_slug
from greencluster.web.registry.interchange import (
    LANGS,
    LOCAL_REF_PREFIX,
    interchange_to_table,
    is_interchange_document,
)
from greencluster.web.registry.models import (
    COUNTRIES,
    Cluster,
    Membership,
    MiniCluster,
    Organisation,
    OrganisationActivity,
    Site,
)
from greencluster.web.registry.services import FIGURES_YEARS, MAX_EMPLOYEES, MAX_EUR

COUNTRY_CODES = tuple(code for code, _ in COUNTRIES)
ORG_FIELDS = (
    "name",
    "country",
    "type",
    "nace_codes",
    "employees",
    "turnover_eur",
    "export_eur",
    "figures_year",
    "website",
    *(f"description_{lang}" for lang in LANGS),
    "role",
    "mini_clusters",
)


def _nace_list(value: str) -> list[str]:
    codes = []
    for part in value.replace(",", ";").split(";"):
        if part.strip():
            try:
                codes.append(normalise_nace(part))
            except ValueError as exc:
                raise FieldError(str(exc)) from None
    return codes


def _slug_list(value: str) -> list[str]:
    return [slugify(part) for part in value.split(";") if part.strip()]


def _website(value: str) -> str:
    url = value if "://" in value else f"https://{value}"
    if " " in url or "." not in url:
        raise FieldError(f"expected a web address such as https://example.fi, got '{value}'")
    return url


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in COUNTRY_CODES:
        raise FieldError(f"expected a country code, one of {', '.join(COUNTRY_CODES)}")
    return code


FIELDS = [
    Field("business_id", text),
    Field("ref", text, aliases=("external_ref", "register_reference")),
    Field("name", text),
    Field("country", _country),
    Field("type", choice([c.value for c in Organisation.Type]), aliases=("org_type",)),
    Field("nace_codes", _nace_list, default=[], aliases=("nace",)),
    Field("employees", integer(min_value=0, max_value=MAX_EMPLOYEES)),
    Field("turnover_eur", number(min_value=0, max_value=float(MAX_EUR))),
    Field("export_eur", number(min_value=0, max_value=float(MAX_EUR))),
    Field("figures_year", integer(min_value=FIGURES_YEARS[0], max_value=FIGURES_YEARS[1])),
    Field("website", _website),
    *(Field(f"description_{lang}", text) for lang in LANGS),
    Field("role", choice([c.value for c in Membership.Role])),
    Field("mini_clusters", _slug_list, default=[]),
    Field("site_name", text),
    Field("address", text),
    Field("postcode", text),
    Field("place", text),
    Field("lat", number(min_value=-90, max_value=90), aliases=("latitude",)),
    Field("lon", number(min_value=-180, max_value=180), aliases=("longitude", "lng")),
    Field("demo_fields", _slug_list, default=[]),
]


# File columns stored in a model field of another name.
STORED_AS = {"ref": "external_ref", "site_name": "name"}


@dataclass
class SitePlan:
    row: int
    name: str
    address: str
    postcode: str
    place: str
    lat: float
    lon: float
    source: str


@dataclass
class OrganisationPlan:
    row: int
    key: tuple[str, str]  # ("bid", "FI:0112038-9") or ("ref", "...")
    country: str
    business_id: str
    ref: str
    values: dict[str, Any]
    sites: list[SitePlan] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    organisations_created: int
    organisations_updated: int
    sites_created: int
    sites_updated: int
    memberships_created: int


def load_table(data: bytes, filename: str, cluster_slug: str) -> Table:
    if filename.lower().endswith(".json"):
        try:
            payload = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"not valid JSON: {exc}", source=filename) from exc
        if is_interchange_document(payload):
            return interchange_to_table(payload, source=filename, cluster_slug=cluster_slug)
    return read_table(data, name=filename)


def plan_import(table: Table, cluster: Cluster) -> list[OrganisationPlan]:
    """Validate every row and group them into organisations; raise InputError listing all
    problems. Reads the database (mini-clusters) but never writes."""
    records, errors = collect_records(table, FIELDS)
    known_mini = set(MiniCluster.objects.values_list("slug", flat=True))
    plans: dict[tuple[str, str], OrganisationPlan] = {}
    for rec in records:
        row = rec["_row"]
        storage = column_errors(
            row, Organisation, {c: rec[c] for c in ("name", "ref", "website")}, STORED_AS
        ) + column_errors(
            row, Site, {c: rec[c] for c in ("site_name", "address", "postcode", "place")}, STORED_AS
        )
        if storage:
            errors.extend(storage)
            continue
        country = rec["country"] or cluster.country
        bid_raw, ref = rec["business_id"] or "", rec["ref"] or ""
        business_id = ""
        if bid_raw:
            try:
                business_id = validate_business_id(country, bid_raw)
            except InvalidBusinessId as exc:
                errors.append(RowError(row, "business_id", f"'{bid_raw}': {exc}"))
                continue
        if not business_id and not ref:
            errors.append(RowError(row, "business_id", "is empty: give a business id (or a 'ref')"))
            continue
        key = ("bid", f"{country}:{business_id}") if business_id else ("ref", ref)
        values = {name: rec.get(name) for name in ORG_FIELDS}
        values["country"] = country
        values["demo_fields"] = rec.get("demo_fields") or []
        for slug in values["mini_clusters"] or []:
            if slug not in known_mini:
                errors.append(RowError(row, "mini_clusters", f"no mini-cluster '{slug}' exists"))
        plan = plans.get(key)
        if plan is None:
            plan = OrganisationPlan(row, key, country, business_id, ref, values)
            plans[key] = plan
        else:
            for name, value in values.items():
                if value in (None, "", []):
                    continue
                first = plan.values.get(name)
                if first in (None, "", []):
                    plan.values[name] = value
                elif first != value:
                    errors.append(
                        RowError(
                            row,
                            name,
                            f"differs from row {plan.row} of the same organisation "
                            f"('{value}' vs '{first}')",
                        )
                    )
        site = _site_plan(rec, country, errors)
        if site is not None:
            plan.sites.append(site)
    if errors:
        raise InputError(errors, source=table.source)
    return list(plans.values())


def _site_plan(rec: dict[str, Any], country: str, errors: list[RowError]) -> SitePlan | None:
    row = rec["_row"]
    lat, lon, place = rec["lat"], rec["lon"], rec["place"] or ""
    name = rec["site_name"] or ""
    if lat is None and lon is None and not place and not name:
        return None
    if (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        errors.append(RowError(row, missing, "is empty: give both lat and lon, or neither"))
        return None
    source = Site.CoordinateSource.MANUAL
    if lat is None:
        if not place:
            errors.append(RowError(row, "place", "is empty: a site needs a place or lat/lon"))
            return None
        found = geocode(place, country)
        if found is None:
            errors.append(
                RowError(
                    row,
                    "place",
                    f"'{place}' is not in the place list for {country}: give lat and lon",
                )
            )
            return None
        lat, lon = found
        source = Site.CoordinateSource.GEOCODED
    return SitePlan(
        row,
        name or place or "Site",
        rec["address"] or "",
        rec["postcode"] or "",
        place,
        lat,
        lon,
        source,
    )


def registry_import(
    *, viewer: Viewer, cluster: Cluster, data: bytes, filename: str
) -> ImportResult:
    """Import a registry file into ``cluster`` (coordinators only), all or nothing."""
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may import organisations")
    table = load_table(data, filename, cluster.slug)
    if not table.records:
        raise InputError("the file has no data rows", source=filename)
    plans = plan_import(table, cluster)
    return _apply(viewer, cluster, plans, rows=len(table.records), source=table.source)


@transaction.atomic
def _apply(
    viewer: Viewer, cluster: Cluster, plans: list[OrganisationPlan], *, rows: int, source: str
) -> ImportResult:
    errors: list[RowError] = []
    taken = set(Organisation.objects.values_list("slug", flat=True))
    counts = dict(created=0, updated=0, sites_created=0, sites_updated=0, memberships=0)
    actor = viewer
    mini = {m.slug: m for m in MiniCluster.objects.all()}
    for plan in plans:
        org = _existing(plan)
        values = plan.values
        if org is None:
            if not values.get("name"):
                errors.append(
                    RowError(plan.row, "name", "is empty: a new organisation needs a name")
                )
                continue
            org = Organisation(
                name=values["name"],
                slug=unique_slug(
                    Organisation, values["name"], fallback="organisation", taken=taken
                ),
                country=plan.country,
                business_id=plan.business_id,
                external_ref=plan.ref,
            )
            if plan.ref.startswith(LOCAL_REF_PREFIX):
                org.external_ref = ""
            _assign(org, values)
            org.save()
            counts["created"] += 1
            audit_record(
                actor=actor,
                action="organisation.import-create",
                target=org,
                cluster=cluster,
                changes={"source": source},
            )
        else:
            clashes = _identifier_clashes(plan, org)
            if clashes:
                errors.extend(clashes)
                continue
            if plan.business_id and not org.business_id:
                org.business_id = plan.business_id
            if plan.ref and not org.external_ref:
                org.external_ref = plan.ref
            changed = _assign(org, values)
            org.save()
            counts["updated"] += 1
            audit_record(
                actor=actor,
                action="organisation.import-update",
                target=org,
                cluster=cluster,
                changes=changed,
            )
        has_main = org.activities.filter(is_main=True).exists()
        for index, code in enumerate(values.get("nace_codes") or []):
            OrganisationActivity.objects.get_or_create(
                organisation=org, code=code, defaults={"is_main": index == 0 and not has_main}
            )
        membership, created = Membership.objects.get_or_create(
            organisation=org,
            cluster=cluster,
            defaults={"role": values.get("role") or Membership.Role.MEMBER},
        )
        if created:
            counts["memberships"] += 1
        elif values.get("role") and membership.role != values["role"]:
            membership.role = values["role"]
            membership.save(update_fields=["role"])
        for slug in values.get("mini_clusters") or []:
            mini[slug].organisations.add(org)
        has_primary = org.sites.filter(is_primary=True).exists()
        for site_plan in plan.sites:
            site = org.sites.filter(name=site_plan.name).first()
            if site is None:
                site = Site(organisation=org, name=site_plan.name, is_primary=not has_primary)
                has_primary = True
                counts["sites_created"] += 1
            else:
                counts["sites_updated"] += 1
            site.address = site_plan.address or site.address
            site.postcode = site_plan.postcode or site.postcode
            site.place = site_plan.place or site.place
            site.country = plan.country
            site.lat, site.lon = site_plan.lat, site_plan.lon
            site.coordinates_source = site_plan.source
            site.save()
    if errors:
        transaction.set_rollback(True)
        raise InputError(errors, source=source)
    audit_record(
        actor=actor,
        action="registry.import",
        target=cluster,
        cluster=cluster,
        changes={"source": source, "rows": rows, **counts},
    )
    return ImportResult(
        rows,
        counts["created"],
        counts["updated"],
        counts["sites_created"],
        counts["sites_updated"],
        counts["memberships"],
    )


def _existing(plan: OrganisationPlan) -> Organisation | None:
    if plan.business_id:
        org = Organisation.objects.filter(
            country=plan.country, business_id=plan.business_id
        ).first()
        if org is not None:
            return org
    if plan.ref:
        org = Organisation.objects.filter(external_ref=plan.ref).first()
        if org is None and plan.ref.startswith(LOCAL_REF_PREFIX):
            org = Organisation.objects.filter(
                slug=plan.ref.removeprefix(LOCAL_REF_PREFIX), external_ref=""
            ).first()
        return org
    return None


def _identifier_clashes(plan: OrganisationPlan, org: Organisation) -> list[RowError]:
    """Identifiers of ``plan`` that contradict ``org``'s (found by the other identifier), or
    that it would add to ``org`` while another organisation already has them."""
    others = Organisation.objects.exclude(pk=org.pk)
    errors = []
    if plan.business_id and org.business_id and org.business_id != plan.business_id:
        # Found by its reference, but the row names another business id.
        return [
            RowError(
                plan.row,
                "ref",
                f"'{plan.ref}' is the register reference of {org.name}, whose business id is "
                f"{org.business_id}, not {plan.business_id}",
            )
        ]
    if (
        plan.business_id
        and not org.business_id
        and (other := others.filter(country=org.country, business_id=plan.business_id).first())
    ):
        errors.append(
            RowError(
                plan.row,
                "business_id",
                f"'{plan.business_id}' is already the business id of {other.name}; "
                f"it cannot also be {org.name}'s",
            )
        )
    if (
        plan.ref
        and not org.external_ref
        and (other := others.filter(external_ref=plan.ref).first())
    ):
        errors.append(
            RowError(
                plan.row,
                "ref",
                f"'{plan.ref}' is already the register reference of {other.name}; "
                f"it cannot also name {org.name}",
            )
        )
    return errors


def _assign(org: Organisation, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the model fields that the row gives (empty cells leave stored values alone) and
    return the changes ``{field: [old, new]}`` for the audit log."""
    fields: dict[str, Any] = {}
    if values.get("name"):
        fields["name"] = values["name"]
    if values.get("type"):
        fields["org_type"] = values["type"]
    for key in ("employees", "figures_year"):
        if values.get(key) is not None:
            fields[key] = values[key]
    for key in ("turnover_eur", "export_eur"):
        if values.get(key) is not None:
            fields[key] = Decimal(str(round(values[key])))
    if values.get("website"):
        fields["website"] = values["website"]
    descriptions = dict(org.descriptions or {})
    for lang in LANGS:
        if values.get(f"description_{lang}"):
            descriptions[lang] = values[f"description_{lang}"]
    fields["descriptions"] = descriptions
    if values.get("demo_fields"):
        fields["demo_fields"] = sorted(set(org.demo_fields or []) | set(values["demo_fields"]))
    changes = diff(org, fields)
    for key, value in fields.items():
        setattr(org, key, value)
    return changes
