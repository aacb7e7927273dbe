"""The sourced emission-factor table and its lookup.

The shipped table (``greencluster/data/impact/factors.csv``, see its SOURCES.md) holds one row
per factor: key, gas, value, unit, scope, category, region, year, source, licence. A row with
no value is a factor the sources do not give: lookups return it as *missing* so that reports
say what is not counted instead of guessing. Clusters add or override rows
(:meth:`FactorTable.with_overrides`); an override wins over a shipped row with the same key,
gas, unit dimension, region and year.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files

from greencluster.core.errors import InputError, RowError
from greencluster.core.impact.units import UnitError, dimension, parse_rate

TABLE_VERSION = "impact-factors-2025.1"
SCOPES = ("1", "2", "3", "memo", "")
GASES = ("co2", "ch4", "n2o", "co2e", "co2_biogenic", "ncv")


@dataclass(frozen=True, slots=True)
class FactorRow:
    """One emission factor (or a fuel property such as the net calorific value).

    ``value`` is ``None`` when the source gives none. ``origin`` is ``"shipped"`` for the
    package table and ``"override:<cluster>"`` for a cluster's own rows."""

    key: str
    gas: str
    value: float | None
    unit: str
    scope: str
    category: str
    region: str
    year: int | None
    source: str
    source_ref: str = ""
    licence: str = ""
    note: str = ""
    origin: str = "shipped"

    @property
    def is_missing(self) -> bool:
        return self.value is None

    @property
    def denominator_dimension(self) -> str:
        return dimension(parse_rate(self.unit).denominator)

    @property
    def ident(self) -> str:
        """A stable reference to this row, shown in traces."""
        parts = [self.key, self.gas, self.unit]
        if self.region:
            parts.append(self.region)
        if self.year:
            parts.append(str(self.year))
        return f"{self.origin}:{'|'.join(parts)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "ident": self.ident,
            "key": self.key,
            "gas": self.gas,
            "value": self.value,
            "unit": self.unit,
            "scope": self.scope,
            "category": self.category,
            "region": self.region,
            "year": self.year,
            "source": self.source,
            "source_ref": self.source_ref,
            "licence": self.licence,
            "note": self.note,
            "origin": self.origin,
        }


def _slot(row: FactorRow) -> tuple[str, str, str, str, int | None]:
    return (row.key, row.gas, row.denominator_dimension, row.region, row.year)


@dataclass(frozen=True)
class FactorTable:
    rows: tuple[FactorRow, ...]
    version: str = TABLE_VERSION

    def with_overrides(self, overrides: list[FactorRow] | tuple[FactorRow, ...]) -> FactorTable:
        """This table with ``overrides`` replacing rows of the same key, gas, denominator
        dimension, region and year, and added where no such row exists (this very table,
        with its lookup indexes, when there are none)."""
        if not overrides:
            return self
        replaced = {_slot(r) for r in overrides}
        kept = tuple(r for r in self.rows if _slot(r) not in replaced)
        return FactorTable(kept + tuple(overrides), f"{self.version}+{len(overrides)} overrides")

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], list[FactorRow]]:
        index: dict[tuple[str, str], list[FactorRow]] = {}
        for r in self.rows:
            index.setdefault((r.key, r.gas), []).append(r)
        return index

    def candidates(self, key: str, gas: str, scope: str | None = None) -> list[FactorRow]:
        rows = self._by_key.get((key, gas), [])
        return [r for r in rows if scope is None or r.scope == scope]

    def find(
        self,
        key: str,
        gas: str,
        *,
        denominator: str | None = None,
        region: str = "",
        year: int | None = None,
        scope: str | None = None,
    ) -> FactorRow | None:
        """The best row for ``key``/``gas``: matching denominator dimension and region
        (a region-specific row, else a region-free one), of the year closest to ``year``
        not after it (else the earliest later year). Rows with a value beat missing ones;
        overrides beat shipped rows. ``None`` when the table has no such row at all."""
        rows = self.candidates(key, gas, scope)
        if denominator is not None:
            rows = [r for r in rows if r.denominator_dimension == denominator]
        regional = [r for r in rows if region and r.region == region]
        rows = regional or [r for r in rows if not r.region]
        if not rows:
            return None

        def rank(r: FactorRow) -> tuple[int, int, int, int]:
            has_value = 0 if r.value is not None else 1
            override = 0 if r.origin != "shipped" else 1
            if year is None or r.year is None:
                distance = 0 if r.year is None else -r.year
                return (has_value, 0, distance, override)
            later = 1 if r.year > year else 0
            return (has_value, later, abs(year - r.year), override)

        return min(rows, key=rank)

    def keys(self, prefix: str) -> list[str]:
        return sorted({r.key for r in self.rows if r.key.startswith(prefix)})

    def codes(self, family: str) -> tuple[str, ...]:
        """The codes a report may use for ``family`` (fuel, material, waste), sorted: the
        ``<code>`` of keys ``fuel.<code>`` (longer fuel keys are per-boiler rows) and
        ``material.<code>.<route>``, ``waste.<code>.<route>``. Computed once per table."""
        return self._codes.get(family, ())

    @cached_property
    def _codes(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, set[str]] = {"fuel": set(), "material": set(), "waste": set()}
        for key, _gas in self._by_key:
            family, *rest = key.split(".")
            if family in found and rest and (family != "fuel" or len(rest) == 1):
                found[family].add(rest[0])
        return {family: tuple(sorted(codes)) for family, codes in found.items()}


_FIELDS = ("key", "gas", "value", "unit", "scope", "category", "region", "year", "source")


def parse_factor_rows(text: str, *, origin: str, source: str = "factors") -> list[FactorRow]:
    """Rows of a factor CSV (the shipped table's columns); every problem raises one
    :class:`InputError` naming row and column."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _FIELDS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            [RowError(1, c, "required column is missing from the header") for c in missing],
            source=source,
        )
    rows: list[FactorRow] = []
    errors: list[RowError] = []
    for number, raw in enumerate(reader, start=2):
        try:
            rows.append(factor_row_from_mapping(raw, origin=origin))
        except FactorRowError as exc:
            errors.append(RowError(number, exc.column, str(exc)))
    if errors:
        raise InputError(errors, source=source)
    return rows


class FactorRowError(ValueError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def factor_row_from_mapping(raw: dict[str, str | None], *, origin: str) -> FactorRow:
    """Validate one factor row given as strings (CSV cells or form fields)."""

    def cell(name: str) -> str:
        return (raw.get(name) or "").strip()

    if not cell("key"):
        raise FactorRowError("key", "a factor key is required, e.g. fuel.peat")
    gas = cell("gas").lower()
    if gas not in GASES:
        raise FactorRowError("gas", f"expected one of {', '.join(GASES)}, got '{gas}'")
    try:
        parse_rate(cell("unit"))
    except UnitError as exc:
        raise FactorRowError("unit", str(exc)) from None
    value: float | None = None
    if cell("value"):
        try:
            value = float(cell("value").replace(",", "."))
        except ValueError:
            raise FactorRowError("value", f"expected a number, got '{cell('value')}'") from None
        if not math.isfinite(value) or value < 0:
            raise FactorRowError("value", "expected a finite number of at least 0")
    year: int | None = None
    if cell("year"):
        if not cell("year").isdecimal() or not 1990 <= int(cell("year")) <= 2100:
            raise FactorRowError("year", f"expected a year such as 2024, got '{cell('year')}'")
        year = int(cell("year"))
    scope = cell("scope")
    if scope not in SCOPES:
        raise FactorRowError("scope", f"expected one of 1, 2, 3, memo, got '{scope}'")
    if origin != "shipped" and not cell("source"):
        raise FactorRowError("source", "say where the value comes from (publication, year)")
    return FactorRow(
        key=cell("key"),
        gas=gas,
        value=value,
        unit=cell("unit"),
        scope=scope,
        category=cell("category"),
        region=cell("region").upper(),
        year=year,
        source=cell("source"),
        source_ref=cell("source_ref"),
        licence=cell("licence"),
        note=cell("note"),
        origin=origin,
    )


@cache
def default_table() -> FactorTable:
    """The shipped, sourced factor table (read once)."""
    text = (files("greencluster.data") / "impact" / "factors.csv").read_text(encoding="utf-8")
    return FactorTable(tuple(parse_factor_rows(text, origin="shipped", source="factors.csv")))


def override_origin(cluster: str) -> str:
    """The ``origin`` of cluster ``cluster``'s own rows (by its slug)."""
    return f"override:{cluster}"
