"""Reading LISTINGS files (CSV, XLSX, JSON) into classified, located :class:`Listing` s.

Columns (header names are case-insensitive): ``id, organization, role`` (offer or need),
``resource`` (free text in any of the six languages, or an EWC code) and optionally
``quantity, unit, lat, lon, place, available_from, available_until, price_eur_per_unit,
max_distance_km``. A site is given by ``lat`` and ``lon`` (WGS84) or by a ``place`` name from
the shipped Nordic/Baltic place list ("Vaasa" or "Vaasa, FI"). ``price_eur_per_unit`` is per
unit of the amount in ``unit`` (EUR per t for t/a or t/month, per MWh for MWh/a).

Every problem is reported at once, each with its spreadsheet row, column and what is
expected (:class:`~greencluster.core.errors.InputError`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from greencluster.core.errors import InputError, RowError
from greencluster.core.geo import geocode
from greencluster.core.matching.problem import Listing, duplicate_id_errors
from greencluster.core.matching.units import UnitError, parse_unit
from greencluster.core.tables import (
    Field,
    FieldError,
    choice,
    date,
    number,
    parse_records,
    read_table,
    text,
)


def _unit(value: str) -> Any:
    try:
        return parse_unit(value)
    except UnitError as exc:
        raise FieldError(str(exc)) from None


@dataclass(frozen=True, slots=True)
class _Invalid:
    """A cell that did not parse. Unlike :func:`greencluster.core.tables.collect_records`,
    which drops a row with a bad cell, the row is kept so that its other cells are still
    checked together (place, units, dates, resource) and every problem is reported at once."""

    message: str


def _lenient(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def wrapped(value: str) -> Any:
        try:
            return parse(value)
        except FieldError as exc:
            return _Invalid(str(exc))

    return wrapped


FIELDS = (
    Field("id", text, required=True),
    Field("organization", text, required=True, aliases=("organisation", "org")),
    Field("role", _lenient(choice(("offer", "need"))), required=True),
    Field("resource", text, required=True),
    Field("quantity", _lenient(number(min_value=0))),
    Field("unit", _lenient(_unit)),
    Field("lat", _lenient(number(min_value=-90, max_value=90)), aliases=("latitude",)),
    Field("lon", _lenient(number(min_value=-180, max_value=180)), aliases=("lng", "longitude")),
    Field("place", text),
    Field("available_from", _lenient(date)),
    Field("available_until", _lenient(date)),
    Field("price_eur_per_unit", _lenient(number(min_value=0))),
    Field("max_distance_km", _lenient(number(min_value=0))),
)


class SuggestionLike(Protocol):
    @property
    def class_id(self) -> str: ...
    @property
    def confidence(self) -> float: ...


class ClassificationLike(Protocol):
    @property
    def best(self) -> SuggestionLike | None: ...
    @property
    def low_confidence(self) -> bool: ...


Classifier = Callable[[Sequence[str]], Sequence[ClassificationLike]]


def taxonomy_classifier(texts: Sequence[str]) -> Sequence[ClassificationLike]:
    from greencluster.core.taxonomy import classify_many

    result: Sequence[ClassificationLike] = classify_many(texts)
    return result


@dataclass(frozen=True, slots=True)
class ReadListings:
    listings: tuple[Listing, ...]
    source: str

    @property
    def low_confidence(self) -> int:
        return sum(1 for item in self.listings if item.low_confidence)


def read_listings(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    classify: Classifier | None = None,
) -> ReadListings:
    """Read, validate, classify and locate every listing of a file.

    Raises one :class:`InputError` with every problem found.
    """
    table = read_table(source, name=name)
    records = parse_records(table, FIELDS)
    errors: list[RowError] = []
    sites: list[tuple[float, float] | None] = []
    for record in records:
        bad = [name for name, value in record.items() if isinstance(value, _Invalid)]
        for name in bad:
            errors.append(RowError(int(record["_row"]), name, record[name].message))
            record[name] = None
        site = _location(record)
        errors.extend(_cross_field_errors(record, set(bad), site))
        sites.append(site)
    errors.extend(duplicate_id_errors((str(r["id"]), int(r["_row"])) for r in records))
    texts = sorted({str(r["resource"]) for r in records})
    classifier = classify or taxonomy_classifier
    classified = dict(zip(texts, classifier(texts), strict=True))
    listings: list[Listing] = []
    for record, location in zip(records, sites, strict=True):
        row = int(record["_row"])
        found = classified[str(record["resource"])]
        best = found.best
        if best is None:
            errors.append(
                RowError(
                    row,
                    "resource",
                    (
                        f"cannot tell what '{record['resource']}' is: expected a description "
                        "of the material or energy (any of en, fi, sv, nb, et, de) or an EWC "
                        "code such as 10 01 02"
                    ),
                )
            )
            continue
        if location is None:
            continue
        unit = record["unit"]
        quantity = record["quantity"]
        per_a = None if quantity is None or unit is None else unit.to_basis_per_a(quantity)
        price = record["price_eur_per_unit"]
        per_basis = None if price is None or unit is None else unit.price_per_basis_unit(price)
        overflow = [
            RowError(row, column, f"is too large once converted to {target}")
            for column, value, target in (
                ("quantity", per_a, f"{unit.basis}/a" if unit else ""),
                ("price_eur_per_unit", per_basis, f"EUR per {unit.basis}" if unit else ""),
            )
            if value is not None and not math.isfinite(value)
        ]
        if overflow:
            errors.extend(overflow)
            continue
        listings.append(
            Listing(
                id=str(record["id"]),
                organization=str(record["organization"]),
                role=record["role"],
                resource=str(record["resource"]),
                class_id=best.class_id,
                lat=location[0],
                lon=location[1],
                quantity_per_a=per_a,
                basis=None if per_a is None else unit.basis,
                place=record["place"],
                available_from=record["available_from"],
                available_until=record["available_until"],
                price_eur_per_unit=per_basis,
                max_distance_km=record["max_distance_km"],
                confidence=best.confidence,
                low_confidence=found.low_confidence,
                row=row,
            )
        )
    if errors:
        raise InputError(sorted(errors, key=_order), source=table.source)
    return ReadListings(tuple(listings), table.source)


def _order(error: RowError) -> tuple[int, str]:
    return (error.row or 0, error.column or "")


def _cross_field_errors(
    record: dict[str, Any], bad: set[str], site: tuple[float, float] | None
) -> list[RowError]:
    """Problems between cells of one row (cells in ``bad`` already failed on their own);
    ``site`` is the row's :func:`_location`."""
    row = int(record["_row"])
    errors: list[RowError] = []
    if bad & {"unit", "lat", "lon"}:
        return errors
    if record["quantity"] is not None and record["unit"] is None:
        errors.append(RowError(row, "unit", "is empty: a quantity needs a unit such as t/a"))
    if record["price_eur_per_unit"] is not None and record["unit"] is None:
        errors.append(RowError(row, "unit", "is empty: a price needs a unit such as t/a"))
    has_lat, has_lon = record["lat"] is not None, record["lon"] is not None
    if has_lat != has_lon:
        missing = "lon" if has_lat else "lat"
        errors.append(RowError(row, missing, "is empty: give both lat and lon, or a place"))
    elif not has_lat:
        place = record["place"]
        if place is None:
            errors.append(
                RowError(
                    row,
                    "place",
                    ("is empty: give the site as lat and lon (WGS84 degrees) or as a place name"),
                )
            )
        elif site is None:
            errors.append(
                RowError(
                    row,
                    "place",
                    (
                        f"'{place}' is not in the Nordic/Baltic place list: give lat and lon, or a "
                        "town name such as 'Vaasa' or 'Vaasa, FI'"
                    ),
                )
            )
    start, end = record["available_from"], record["available_until"]
    if start is not None and end is not None and end < start:
        errors.append(
            RowError(
                row,
                "available_until",
                (f"{end.isoformat()} is before available_from {start.isoformat()}"),
            )
        )
    return errors


def _location(record: dict[str, Any]) -> tuple[float, float] | None:
    if record["lat"] is not None and record["lon"] is not None:
        return float(record["lat"]), float(record["lon"])
    if record["place"] is None:
        return None
    return geocode(record["place"])
