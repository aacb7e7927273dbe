"""Bulk upload of listings by a cluster's coordinators (CSV, XLSX or JSON): every row is
checked as the listing form checks it, every problem is reported with its row and column,
and nothing is written unless every row is right.

Columns (header names case-insensitive): ``organisation`` (slug, business id or exact name
of a member of the cluster), ``kind`` (offer_waste, offer_material, receive_material,
offer_service), ``title``; optional ``description``, ``class_id`` (classified from the title
and description when empty), ``category`` (service or competence, for service offers),
``site`` (a site name of the organisation; its main site otherwise), ``quantity``, ``unit``
(t, kg, m3, l, MWh, kWh or GJ, optionally with the period: "t/month"), ``period`` (a, month,
week or d; per year by default), ``quality_notes``, ``available_from``, ``available_until``
(YYYY-MM-DD), ``price_eur`` (per unit), ``max_distance_km``, ``show_quantity``,
``show_price``, ``show_site`` (yes/no).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from greencluster.core.errors import InputError, RowError
from greencluster.core.tables import (
    Field,
    FieldError,
    boolean,
    choice,
    collect_records,
    date,
    number,
    read_table,
    text,
)
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.common.errors import ServiceError
from greencluster.web.marketplace import services
from greencluster.web.marketplace.matching import schedule_refresh
from greencluster.web.marketplace.models import Listing
from greencluster.web.registry.models import Cluster, Organisation

UNITS = {u.lower(): u for u in Listing.AmountUnit.values}
PERIODS = {
    "a": "a",
    "year": "a",
    "y": "a",
    "month": "month",
    "week": "week",
    "d": "d",
    "day": "d",
}


def amount_unit(value: str) -> str:
    found = UNITS.get(value.strip().lower())
    if found is None:
        raise FieldError(f"expected one of {', '.join(UNITS.values())}, got '{value}'")
    return found


def period(value: str) -> str:
    found = PERIODS.get(value.strip().lower())
    if found is None:
        raise FieldError(f"expected a, month, week or d, got '{value}'")
    return found


def decimal(value: str) -> Decimal:
    return Decimal(str(number(min_value=0)(value)))


FIELDS = [
    Field("organisation", text, required=True),
    Field("kind", choice(Listing.Kind.values), required=True),
    Field("title", text, required=True),
    Field("description", text, default=""),
    Field("class_id", text, default=""),
    Field("category", choice(["service", "competence"]), default=""),
    Field("site", text, default=""),
    Field("quantity", decimal),
    Field("unit", text, default=""),
    Field("period", period, default=""),
    Field("quality_notes", text, default=""),
    Field("available_from", date),
    Field("available_until", date),
    Field("price_eur", decimal),
    Field("max_distance_km", number(min_value=1)),
    Field("show_quantity", boolean, default=False),
    Field("show_price", boolean, default=False),
    Field("show_site", boolean, default=False),
]


def _unit_and_period(row: dict[str, Any]) -> tuple[str, str]:
    raw = row["unit"] or ""
    amount, _, per = raw.partition("/")
    unit = amount_unit(amount) if amount.strip() else ""
    return unit, period(per) if per.strip() else (row["period"] or Listing.Period.YEAR)


def _members(cluster: Cluster) -> dict[str, Organisation]:
    """Members of ``cluster`` by slug, business id and name (lower case)."""
    found: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(memberships__cluster=cluster).prefetch_related(
        "sites", "memberships"
    ):
        for key in (org.slug, org.business_id, org.name):
            if key:
                found.setdefault(key.strip().lower(), org)
    return found


def _row_input(row: dict[str, Any], members: dict[str, Organisation]) -> services.ListingInput:
    org = members.get(row["organisation"].strip().lower())
    if org is None:
        raise ServiceError(
            f"expected the slug, business id or name of a member of the cluster, got "
            f"'{row['organisation']}'",
            field="organisation",
        )
    site = None
    if row["site"]:
        site = next((s for s in org.sites.all() if s.name == row["site"]), None)
        if site is None:
            names = ", ".join(s.name for s in org.sites.all()) or "none"
            raise ServiceError(f"no site of that name (sites: {names})", field="site")
    try:
        unit, per = _unit_and_period(row)
    except FieldError as exc:
        raise ServiceError(str(exc), field="unit") from None
    return services.ListingInput(
        organisation=org,
        kind=row["kind"],
        title=row["title"],
        site=site,
        description=row["description"],
        class_id=row["class_id"],
        category=row["category"],
        quantity=row["quantity"],
        amount_unit=unit,
        period=per,
        quality_notes=row["quality_notes"],
        available_from=row["available_from"],
        available_until=row["available_until"],
        price_eur=row["price_eur"],
        max_distance_km=row["max_distance_km"],
        show_quantity=row["show_quantity"],
        show_price=row["show_price"],
        show_site=row["show_site"],
    )


COLUMN_OF_FIELD = {"amount_unit": "unit", "price_eur": "price_eur"}


def check_rows(cluster: Cluster, data: bytes, filename: str) -> list[services.ListingInput]:
    """Every row as a checked listing input; InputError with every problem otherwise."""
    table = read_table(data, name=filename)
    rows, errors = collect_records(table, FIELDS)
    members = _members(cluster)
    inputs = []
    for row in rows:
        try:
            data_in = _row_input(row, members)
            services.check_listing(data_in)
        except ServiceError as exc:
            column = COLUMN_OF_FIELD.get(exc.field or "", exc.field)
            errors.append(RowError(row["_row"], column, str(exc)))
            continue
        inputs.append(data_in)
    if errors:
        errors.sort(key=lambda e: (e.row or 0, e.column or ""))
        raise InputError(errors, source=filename)
    return inputs


def listings_import(*, viewer: Viewer, cluster: Cluster, data: bytes, filename: str) -> int:
    """Create every listing of the file for the cluster's members, all or nothing; return
    how many. Suggestions are refreshed once, at the end."""
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators upload listings for members")
    inputs = check_rows(cluster, data, filename)
    clusters: set[int] = set()
    with transaction.atomic():
        for item in inputs:
            services.listing_create(viewer=viewer, data=item, refresh=False)
            clusters |= {m.cluster_id for m in item.organisation.memberships.all()}
    schedule_refresh(sorted(clusters))
    return len(inputs)
