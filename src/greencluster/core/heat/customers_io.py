"""Customers and street tables from CSV, XLSX or JSON (the CLI and the web upload share this).

Customers columns: ``name, lat, lon`` (required), ``annual_heat_mwh`` or ``building_type`` +
``floor_area_m2``, optional ``peak_kw``, ``current_heating`` (oil, electric, heat_pump, wood,
other; default oil), ``current_co2_kg_per_mwh``, ``must_connect`` (yes/no). Streets columns:
``from_lat, from_lon, to_lat, to_lon``. Every problem is reported at once with its row and
column (header = row 1).
"""

from __future__ import annotations

from pathlib import Path

from greencluster.core.errors import InputError, RowError
from greencluster.core.heat.demand import resolve_demand
from greencluster.core.heat.problem import (
    CURRENT_HEATING,
    MAX_BUILDING_TYPE_CHARS,
    MAX_NAME_CHARS,
    BuildingType,
    Customer,
    StreetSegment,
)
from greencluster.core.tables import (
    Field,
    Table,
    boolean,
    choice,
    collect_records,
    number,
    parse_records,
    read_table,
    text_of,
)

CUSTOMER_FIELDS = (
    Field("name", text_of(MAX_NAME_CHARS), required=True, aliases=("customer", "building")),
    Field("lat", number(min_value=-90, max_value=90), required=True, aliases=("latitude",)),
    Field("lon", number(min_value=-180, max_value=180), required=True, aliases=("longitude",)),
    Field("annual_heat_mwh", number(min_value=0), aliases=("heat_mwh", "annual_mwh")),
    Field("peak_kw", number(min_value=0.001)),
    Field("building_type", text_of(MAX_BUILDING_TYPE_CHARS)),
    Field("floor_area_m2", number(min_value=0.001), aliases=("area_m2",)),
    Field("current_heating", choice(CURRENT_HEATING), default="oil"),
    Field("current_co2_kg_per_mwh", number(min_value=0)),
    Field("must_connect", boolean, default=False),
)

STREET_FIELDS = (
    Field("from_lat", number(min_value=-90, max_value=90), required=True),
    Field("from_lon", number(min_value=-180, max_value=180), required=True),
    Field("to_lat", number(min_value=-90, max_value=90), required=True),
    Field("to_lon", number(min_value=-180, max_value=180), required=True),
)


def customers_from_table(
    table: Table,
    building_types: dict[str, BuildingType] | None = None,
    full_load_hours_h: float | None = None,
) -> tuple[Customer, ...]:
    """Validate a customers table; raise one :class:`InputError` with every problem (cell
    values, repeated names and missing demand together)."""
    records, errors = collect_records(table, CUSTOMER_FIELDS)
    types = building_types or {}
    seen: dict[str, int] = {}
    customers: list[Customer] = []
    for rec in records:
        row = rec["_row"]
        name = rec["name"]
        if name in seen:
            errors.append(RowError(row, "name", f"'{name}' already used on row {seen[name]}"))
            continue
        seen[name] = row
        try:
            annual, peak = resolve_demand(
                annual_heat_mwh=rec["annual_heat_mwh"],
                peak_kw=rec["peak_kw"],
                building_type=rec["building_type"],
                floor_area_m2=rec["floor_area_m2"],
                building_types=types,
                full_load_hours_h=full_load_hours_h,
                row=row,
                where=f"customer '{name}'",
            )
        except InputError as exc:
            errors.extend(exc.errors)
            continue
        customers.append(
            Customer(
                name=name,
                lat=rec["lat"],
                lon=rec["lon"],
                annual_heat_mwh=annual,
                peak_kw=peak,
                current_heating=rec["current_heating"],
                building_type=rec["building_type"],
                floor_area_m2=rec["floor_area_m2"],
                current_co2_kg_per_mwh=rec["current_co2_kg_per_mwh"],
                must_connect=bool(rec["must_connect"]),
            )
        )
    if not table.records:
        errors.append(RowError(None, None, "no customers: expected at least one data row"))
    if errors:
        raise InputError(sorted(errors, key=lambda e: e.row or 0), source=table.source)
    return tuple(customers)


def read_customers(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    building_types: dict[str, BuildingType] | None = None,
    full_load_hours_h: float | None = None,
) -> tuple[Customer, ...]:
    """Read and validate a customers file (path or uploaded bytes with ``name``)."""
    return customers_from_table(read_table(source, name=name), building_types, full_load_hours_h)


def read_streets(
    source: str | Path | bytes, *, name: str | None = None
) -> tuple[StreetSegment, ...]:
    """Read street segments (WGS84 end points)."""
    table = read_table(source, name=name)
    records = parse_records(table, STREET_FIELDS)
    if not records:
        raise InputError("no street segments: expected at least one data row", source=table.source)
    return tuple(
        StreetSegment(r["from_lat"], r["from_lon"], r["to_lat"], r["to_lon"]) for r in records
    )
