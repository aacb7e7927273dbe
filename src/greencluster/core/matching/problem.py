"""The matching problem: listings (offers and needs) and the compatibility they are judged by.

A :class:`Listing` is what a member writes down, already classified and normalised: its
quantity is per year in one of the canonical bases ``t``, ``MWh`` or ``m3`` (see
:mod:`.units`), its place is a WGS84 point. The engine works on a :class:`ListingTable`, the
same listings as numpy columns, so that a million of them fit in memory and are searched
without Python loops over pairs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from greencluster.core.errors import InputError, RowError
from greencluster.core.matching.units import BASES

Role = Literal["offer", "need"]

_EPOCH = dt.date(1970, 1, 1)
NO_START_DAY = np.iinfo(np.int32).min
NO_END_DAY = np.iinfo(np.int32).max


@dataclass(frozen=True, slots=True)
class Listing:
    """One offer or need of a resource at a site.

    ``quantity_per_a`` is in ``basis`` units per year (``basis`` one of "t", "MWh", "m3");
    both are None when the member gave no quantity. ``price_eur_per_unit`` is per basis unit.
    ``max_distance_km`` is the member's own limit on road distance.
    """

    id: str
    organization: str
    role: Role
    resource: str
    class_id: str
    lat: float
    lon: float
    quantity_per_a: float | None = None
    basis: str | None = None
    place: str | None = None
    available_from: dt.date | None = None
    available_until: dt.date | None = None
    price_eur_per_unit: float | None = None
    max_distance_km: float | None = None
    confidence: float = 1.0
    low_confidence: bool = False
    row: int | None = None


class UseLike(Protocol):
    """What the engine reads from a compatibility rule (``core.taxonomy.compatibility.Use``)."""

    @property
    def use(self) -> str: ...
    @property
    def transport(self) -> str: ...
    @property
    def max_distance_km(self) -> float: ...
    @property
    def avoided_kg_co2e_per_t(self) -> float | None: ...
    @property
    def basis(self) -> str: ...
    @property
    def quality_note(self) -> str: ...
    @property
    def source(self) -> str: ...


class Compatibility(Protocol):
    """Which need classes an offer class can feed, and how (see ``core.taxonomy``)."""

    def uses_for(self, offer_class_id: str, need_class_id: str) -> UseLike | None: ...

    def needs_accepting(self, offer_class_id: str) -> tuple[str, ...]: ...


class TaxonomyCompatibility:
    """The real compatibility rules of :mod:`greencluster.core.taxonomy.compatibility`."""

    def uses_for(self, offer_class_id: str, need_class_id: str) -> UseLike | None:
        from greencluster.core.taxonomy import compatibility

        use: UseLike | None = compatibility.uses_for(offer_class_id, need_class_id)
        return use

    def needs_accepting(self, offer_class_id: str) -> tuple[str, ...]:
        from greencluster.core.taxonomy import compatibility

        return tuple(compatibility.needs_accepting(offer_class_id))


IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def day_number(day: dt.date | None, default: int) -> int:
    return default if day is None else (day - _EPOCH).days


@dataclass(frozen=True, eq=False)
class ListingTable:
    """Listings as columns (row i of every array is listing i).

    Codes index into ``organizations``, ``classes`` and :data:`BASES` (-1: no quantity).
    Missing quantities and prices are NaN, a missing distance limit is +inf, a missing
    availability start or end is the smallest or largest int32 day number.
    """

    ids: tuple[str, ...]
    organizations: tuple[str, ...]
    classes: tuple[str, ...]
    org_code: IntArray
    class_code: IntArray
    is_offer: BoolArray
    lat: FloatArray
    lon: FloatArray
    quantity_per_a: FloatArray
    basis_code: npt.NDArray[np.int8]
    from_day: IntArray
    until_day: IntArray
    price_eur_per_unit: FloatArray
    max_distance_km: FloatArray
    listings: tuple[Listing, ...] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def __post_init__(self) -> None:
        n = len(self.ids)
        for name in (
            "org_code",
            "class_code",
            "is_offer",
            "lat",
            "lon",
            "quantity_per_a",
            "basis_code",
            "from_day",
            "until_day",
            "price_eur_per_unit",
            "max_distance_km",
        ):
            if len(getattr(self, name)) != n:
                raise ValueError(f"column {name} has {len(getattr(self, name))} rows, not {n}")

    @classmethod
    def from_listings(cls, listings: Sequence[Listing]) -> ListingTable:
        """Columns of ``listings``; raises :class:`InputError` on duplicate ids."""
        check_unique_ids(listings)
        orgs: dict[str, int] = {}
        classes: dict[str, int] = {}
        n = len(listings)
        org_code = np.empty(n, np.int32)
        class_code = np.empty(n, np.int32)
        for i, item in enumerate(listings):
            org_code[i] = orgs.setdefault(item.organization, len(orgs))
            class_code[i] = classes.setdefault(item.class_id, len(classes))
        basis_index = {b: k for k, b in enumerate(BASES)}
        return cls(
            ids=tuple(item.id for item in listings),
            organizations=tuple(orgs),
            classes=tuple(classes),
            org_code=org_code,
            class_code=class_code,
            is_offer=np.array([item.role == "offer" for item in listings], dtype=bool),
            lat=np.array([item.lat for item in listings], dtype=np.float64),
            lon=np.array([item.lon for item in listings], dtype=np.float64),
            quantity_per_a=np.array(
                [
                    np.nan if item.quantity_per_a is None else item.quantity_per_a
                    for item in listings
                ],
                dtype=np.float64,
            ),
            basis_code=np.array(
                [-1 if item.basis is None else basis_index[item.basis] for item in listings],
                dtype=np.int8,
            ),
            from_day=np.array(
                [day_number(item.available_from, NO_START_DAY) for item in listings], dtype=np.int32
            ),
            until_day=np.array(
                [day_number(item.available_until, NO_END_DAY) for item in listings], dtype=np.int32
            ),
            price_eur_per_unit=np.array(
                [
                    np.nan if item.price_eur_per_unit is None else item.price_eur_per_unit
                    for item in listings
                ],
                dtype=np.float64,
            ),
            max_distance_km=np.array(
                [
                    np.inf if item.max_distance_km is None else item.max_distance_km
                    for item in listings
                ],
                dtype=np.float64,
            ),
            listings=tuple(listings),
        )

    def take(self, rows: npt.NDArray[np.integer]) -> ListingTable:
        """The listings at ``rows`` (same organisation and class code books)."""
        return ListingTable(
            ids=tuple(self.ids[int(i)] for i in rows),
            organizations=self.organizations,
            classes=self.classes,
            org_code=self.org_code[rows],
            class_code=self.class_code[rows],
            is_offer=self.is_offer[rows],
            lat=self.lat[rows],
            lon=self.lon[rows],
            quantity_per_a=self.quantity_per_a[rows],
            basis_code=self.basis_code[rows],
            from_day=self.from_day[rows],
            until_day=self.until_day[rows],
            price_eur_per_unit=self.price_eur_per_unit[rows],
            max_distance_km=self.max_distance_km[rows],
            listings=None if self.listings is None else tuple(self.listings[int(i)] for i in rows),
        )


def duplicate_id_errors(ids: Iterable[tuple[str, int | None]]) -> list[RowError]:
    """One error per (id, row) whose id came before, naming the row it was first used on."""
    seen: dict[str, int | None] = {}
    errors: list[RowError] = []
    for id_, row in ids:
        if id_ in seen:
            first = seen[id_]
            where = f" (first used on row {first})" if first is not None else ""
            errors.append(RowError(row, "id", f"id '{id_}' is not unique{where}"))
        else:
            seen[id_] = row
    return errors


def check_unique_ids(listings: Sequence[Listing]) -> None:
    """Raise :class:`InputError` naming every listing whose id is already used."""
    errors = duplicate_id_errors((item.id, item.row) for item in listings)
    if errors:
        raise InputError(errors)
