"""An incremental index: add one listing to an indexed network and get its suggestions at once.

Each (role, class) of the indexed listings has its own KD-tree. A listing added later goes into
a small per-class buffer that is searched by brute force (vectorised haversine) next to the
trees; :meth:`MatchIndex.rebuild` folds the buffers into new trees (it runs by itself for a
class whose buffer passes :data:`REBUILD_AT`). The suggestions of an added listing are the same
as :func:`~greencluster.core.matching.candidates.find_candidates` would give it over the whole
network: its ``top_k`` nearest compatible partners that satisfy every hard condition.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from greencluster.core.geo import (
    ROAD_DISTANCE_FACTOR,
    chord_for_km,
    great_circle_km_array,
    km_for_chord,
    unit_vectors,
)
from greencluster.core.matching.candidates import DEFAULT_TOP_K, CandidatePairs
from greencluster.core.matching.problem import (
    NO_END_DAY,
    NO_START_DAY,
    Compatibility,
    Listing,
    ListingTable,
    TaxonomyCompatibility,
    UseLike,
    day_number,
)
from greencluster.core.matching.scoring import score_pairs
from greencluster.core.matching.solve import MatchResult, suggestion_rows
from greencluster.core.matching.units import BASES

REBUILD_AT = 20_000
_EXTRA = 4

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]

_COLUMNS: dict[str, Any] = {
    "org": np.int32,
    "cls": np.int32,
    "is_offer": np.bool_,
    "lat": np.float64,
    "lon": np.float64,
    "qty": np.float64,
    "basis": np.int8,
    "from_day": np.int32,
    "until_day": np.int32,
    "price": np.float64,
    "max_km": np.float64,
}


class MatchIndex:
    """Indexed listings that accept new ones and answer with their suggestions."""

    def __init__(
        self,
        table: ListingTable,
        compat: Compatibility | None = None,
        *,
        top_k: int = DEFAULT_TOP_K,
        road_factor: float = ROAD_DISTANCE_FACTOR,
    ) -> None:
        self.compat = compat if compat is not None else TaxonomyCompatibility()
        self.top_k = top_k
        self.road_factor = road_factor
        n = len(table)
        self._n = n
        self._ids = list(table.ids)
        self._orgs = list(table.organizations)
        self._org_code = {name: k for k, name in enumerate(self._orgs)}
        self._classes = list(table.classes)
        self._class_code = {name: k for k, name in enumerate(self._classes)}
        source = {
            "org": table.org_code,
            "cls": table.class_code,
            "is_offer": table.is_offer,
            "lat": table.lat,
            "lon": table.lon,
            "qty": table.quantity_per_a,
            "basis": table.basis_code,
            "from_day": table.from_day,
            "until_day": table.until_day,
            "price": table.price_eur_per_unit,
            "max_km": table.max_distance_km,
        }
        capacity = n + 1024
        self._col: dict[str, npt.NDArray[Any]] = {}
        for name, dtype in _COLUMNS.items():
            column = np.empty(capacity, dtype=dtype)
            column[:n] = source[name]
            self._col[name] = column
        self._xyz = np.empty((capacity, 3))
        self._xyz[:n] = unit_vectors(table.lat, table.lon)
        self._trees: dict[tuple[bool, int], tuple[cKDTree, IntArray]] = {}
        self._buffer: dict[tuple[bool, int], list[int]] = {}
        self._accepts: dict[str, frozenset[str]] = {}
        self._partners: dict[tuple[bool, int], list[tuple[int, UseLike]]] = {}
        order = np.lexsort((table.class_code, table.is_offer))
        keys = np.stack([table.is_offer[order], table.class_code[order]], axis=1)
        bounds = np.flatnonzero(np.any(np.diff(keys, axis=0) != 0, axis=1)) + 1
        for rows in np.split(order, bounds):
            if len(rows):
                key = (bool(table.is_offer[rows[0]]), int(table.class_code[rows[0]]))
                self._trees[key] = self._tree(rows.astype(np.int32))
        # Rules of every class present, so that no add() pays for working them out.
        for is_offer in (True, False):
            for cls in range(len(self._classes)):
                self._partner_classes(is_offer, cls)

    def __len__(self) -> int:
        return self._n

    def _tree(self, rows: IntArray) -> tuple[cKDTree, IntArray]:
        return cKDTree(self._xyz[rows], balanced_tree=False, compact_nodes=False), rows

    def add(self, listing: Listing) -> list[dict[str, Any]]:
        """Index ``listing`` and return its suggestions (rows as ``suggestion_rows`` gives)."""
        row = self._append(listing)
        key = (bool(self._col["is_offer"][row]), int(self._col["cls"][row]))
        partners, distances, uses = self._search(row)
        self._buffer.setdefault(key, []).append(row)
        if len(self._buffer[key]) >= REBUILD_AT:
            self._rebuild(key)
        return self._rows(row, partners, distances, uses)

    def rebuild(self) -> None:
        """Fold every buffer of added listings into its class's KD-tree."""
        for key in list(self._buffer):
            self._rebuild(key)

    def _rebuild(self, key: tuple[bool, int]) -> None:
        added = np.array(self._buffer.pop(key, []), dtype=np.int32)
        old = self._trees.get(key)
        rows = added if old is None else np.concatenate([old[1], added])
        self._trees[key] = self._tree(rows)

    def _append(self, item: Listing) -> int:
        row = self._n
        if row >= len(self._xyz):
            for name, column in self._col.items():
                grown = np.empty(2 * len(column), dtype=column.dtype)
                grown[:row] = column[:row]
                self._col[name] = grown
            xyz = np.empty((2 * len(self._xyz), 3))
            xyz[:row] = self._xyz[:row]
            self._xyz = xyz
        c = self._col
        if item.class_id not in self._class_code:
            self._partners.clear()  # the new class may be a partner of every planned one
        c["org"][row] = _code(self._orgs, self._org_code, item.organization)
        c["cls"][row] = _code(self._classes, self._class_code, item.class_id)
        c["is_offer"][row] = item.role == "offer"
        c["lat"][row], c["lon"][row] = item.lat, item.lon
        c["qty"][row] = np.nan if item.quantity_per_a is None else item.quantity_per_a
        c["basis"][row] = -1 if item.basis is None else BASES.index(item.basis)
        c["from_day"][row] = day_number(item.available_from, NO_START_DAY)
        c["until_day"][row] = day_number(item.available_until, NO_END_DAY)
        c["price"][row] = np.nan if item.price_eur_per_unit is None else item.price_eur_per_unit
        c["max_km"][row] = np.inf if item.max_distance_km is None else item.max_distance_km
        self._xyz[row] = unit_vectors(item.lat, item.lon)
        self._ids.append(item.id)
        self._n += 1
        return row

    def _accepted(self, offer_class: str) -> frozenset[str]:
        found = self._accepts.get(offer_class)
        if found is None:
            found = frozenset({offer_class, *self.compat.needs_accepting(offer_class)})
            self._accepts[offer_class] = found
        return found

    def _partner_classes(self, is_offer: bool, cls: int) -> list[tuple[int, UseLike]]:
        key = (is_offer, cls)
        found = self._partners.get(key)
        if found is not None:
            return found
        name = self._classes[cls]
        found = []
        for other, other_name in enumerate(self._classes):
            if is_offer and other_name in self._accepted(name):
                use = self.compat.uses_for(name, other_name)
            elif not is_offer and name in self._accepted(other_name):
                use = self.compat.uses_for(other_name, name)
            else:
                continue
            if use is not None:
                found.append((other, use))
        self._partners[key] = found
        return found

    def _search(self, row: int) -> tuple[IntArray, FloatArray, list[UseLike]]:
        c = self._col
        is_offer = bool(c["is_offer"][row])
        found_rows: list[IntArray] = []
        found_km: list[FloatArray] = []
        found_use: list[UseLike] = []
        for target_class, use in self._partner_classes(is_offer, int(c["cls"][row])):
            limit_km = min(float(use.max_distance_km), float(c["max_km"][row]))
            key = (not is_offer, target_class)
            rows, km = self._tree_neighbours(row, key, limit_km)
            buffered = self._buffer.get(key)
            if buffered:
                extra = np.array(buffered, dtype=np.int32)
                extra_km = self.road_factor * great_circle_km_array(
                    c["lat"][row], c["lon"][row], c["lat"][extra], c["lon"][extra]
                )
                ok = (extra_km <= limit_km) & self._valid(row, extra, extra_km)
                rows = np.concatenate([rows, extra[ok]])
                km = np.concatenate([km, extra_km[ok]])
            found_rows.append(rows)
            found_km.append(km)
            found_use.extend([use] * len(rows))
        if not found_rows:
            return np.empty(0, np.int32), np.empty(0), []
        rows_all = np.concatenate(found_rows)
        km_all = np.concatenate(found_km)
        order = np.lexsort((rows_all, km_all))[: self.top_k]
        return rows_all[order], km_all[order], [found_use[int(i)] for i in order]

    def _valid(self, row: int, partner: IntArray, km: FloatArray) -> npt.NDArray[np.bool_]:
        c = self._col
        result: npt.NDArray[np.bool_] = (
            (km <= c["max_km"][partner])
            & (c["org"][partner] != c["org"][row])
            & (c["from_day"][partner] <= c["until_day"][row])
            & (c["until_day"][partner] >= c["from_day"][row])
        )
        return result

    def _tree_neighbours(
        self, row: int, key: tuple[bool, int], limit_km: float
    ) -> tuple[IntArray, FloatArray]:
        entry = self._trees.get(key)
        if entry is None:
            return np.empty(0, np.int32), np.empty(0)
        tree, tree_rows = entry
        n_targets = len(tree_rows)
        bound = float(chord_for_km(limit_km / self.road_factor) * (1 + 1e-12))
        k = min(self.top_k + _EXTRA, n_targets)
        while True:
            chord, idx = tree.query(self._xyz[row], k=k, distance_upper_bound=bound)
            chord, idx = np.atleast_1d(chord), np.atleast_1d(idx)
            present = idx < n_targets
            partner = tree_rows[idx[present]]
            km = km_for_chord(chord[present]) * self.road_factor
            ok = (km <= limit_km) & self._valid(row, partner, km)
            if ok.sum() >= self.top_k or present.sum() < k or k >= n_targets:
                return partner[ok][: self.top_k], km[ok][: self.top_k]
            k = min(2 * k, n_targets)

    def _rows(
        self, row: int, partners: IntArray, distances: FloatArray, uses: list[UseLike]
    ) -> list[dict[str, Any]]:
        rows = np.concatenate([[row], partners]).astype(np.int32)
        table = self._subtable(rows)
        n = len(partners)
        use_list = list(dict.fromkeys(uses))
        code = {id(u): k for k, u in enumerate(use_list)}
        pairs = CandidatePairs(
            source=np.zeros(n, np.int32),
            partner=np.arange(1, n + 1, dtype=np.int32),
            rank=np.arange(n, dtype=np.int32),
            distance_km=distances,
            use_code=np.array([code[id(u)] for u in uses], dtype=np.int32),
            uses=tuple(use_list),
            road_factor=self.road_factor,
        )
        return suggestion_rows(MatchResult(table, score_pairs(table, pairs)))

    def _subtable(self, rows: IntArray) -> ListingTable:
        c = self._col
        org_codes, org_local = np.unique(c["org"][rows], return_inverse=True)
        cls_codes, cls_local = np.unique(c["cls"][rows], return_inverse=True)
        return ListingTable(
            ids=tuple(self._ids[int(i)] for i in rows),
            organizations=tuple(self._orgs[int(k)] for k in org_codes),
            classes=tuple(self._classes[int(k)] for k in cls_codes),
            org_code=org_local.astype(np.int32),
            class_code=cls_local.astype(np.int32),
            is_offer=c["is_offer"][rows],
            lat=c["lat"][rows],
            lon=c["lon"][rows],
            quantity_per_a=c["qty"][rows],
            basis_code=c["basis"][rows],
            from_day=c["from_day"][rows],
            until_day=c["until_day"][rows],
            price_eur_per_unit=c["price"][rows],
            max_distance_km=c["max_km"][rows],
        )


def _code(book: list[str], codes: dict[str, int], name: str) -> int:
    """The code of ``name`` in a code book, appending it when new."""
    code = codes.get(name)
    if code is None:
        code = codes[name] = len(book)
        book.append(name)
    return code
