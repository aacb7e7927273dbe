"""Realistic generated listings for the matching benchmark (see data/matching/SOURCES.md).

Offers: the kind of installation is drawn with the real frequency of Finnish E-PRTR waste
transfers per activity, its stream class from ``activity_streams.csv``, its size from the real
transfer tonnes of that activity; half sit around real E-PRTR facilities, half around
populated places. Needs: a class the offer classes can feed (the taxonomy's
``needs_accepting``), placed around Nordic/Baltic places weighted by population.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from greencluster.core.matching.problem import (
    NO_END_DAY,
    NO_START_DAY,
    Compatibility,
    ListingTable,
)

DATA = Path(__file__).resolve().parent / "data" / "matching"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def _places() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    raw = (files("greencluster.data") / "geo" / "geonames_cities500_nordic_baltic.csv").read_text(
        encoding="utf-8"
    )
    rows = list(csv.DictReader(io.StringIO(raw)))
    lat = np.array([float(r["latitude"]) for r in rows])
    lon = np.array([float(r["longitude"]) for r in rows])
    pop = np.array([max(1.0, float(r["population"] or 0)) for r in rows])
    return lat, lon, pop / pop.sum()


def generate(n: int, compat: Compatibility, seed: int = 2026) -> ListingTable:
    """``n`` listings (about half offers, half needs) as columns, reproducible by ``seed``."""
    rng = np.random.default_rng(seed)
    transfers = _rows("fi_prtr_waste_transfers.csv")
    streams: dict[str, list[str]] = {}
    for row in _rows("activity_streams.csv"):
        streams.setdefault(row["activity"], []).append(row["class_id"])
    tonnes: dict[str, list[float]] = {}
    for row in transfers:
        if row["activity"] in streams and float(row["tonnes"]) > 0:
            tonnes.setdefault(row["activity"], []).append(float(row["tonnes"]))
    activities = sorted(tonnes)
    weight = np.array([len(tonnes[a]) for a in activities], dtype=float)
    facilities = _rows("fi_prtr_facilities.csv")
    fac_by_activity: dict[str, list[int]] = {}
    for k, row in enumerate(facilities):
        fac_by_activity.setdefault(row["activity"], []).append(k)
    fac_lat = np.array([float(r["lat"]) for r in facilities])
    fac_lon = np.array([float(r["lon"]) for r in facilities])
    place_lat, place_lon, place_p = _places()

    n_offer = n // 2
    n_need = n - n_offer
    act = rng.choice(len(activities), size=n_offer, p=weight / weight.sum())
    classes: list[str] = sorted({c for a in activities for c in streams[a]})
    accepts = {c: sorted({c, *compat.needs_accepting(c)}) for c in classes}
    need_classes = sorted({c for found in accepts.values() for c in found})
    all_classes = sorted(set(classes) | set(need_classes))
    code = {c: k for k, c in enumerate(all_classes)}

    offer_class = np.empty(n_offer, np.int32)
    offer_qty = np.empty(n_offer)
    offer_lat = np.empty(n_offer)
    offer_lon = np.empty(n_offer)
    at_facility = rng.random(n_offer) < 0.5
    for a_index, activity in enumerate(activities):
        rows = np.flatnonzero(act == a_index)
        if len(rows) == 0:
            continue
        choices = np.array([code[c] for c in streams[activity]], dtype=np.int32)
        offer_class[rows] = choices[rng.integers(0, len(choices), len(rows))]
        offer_qty[rows] = rng.choice(np.array(tonnes[activity]), size=len(rows))
        sites = fac_by_activity.get(activity) or list(range(len(facilities)))
        site = np.array(sites)[rng.integers(0, len(sites), len(rows))]
        offer_lat[rows] = fac_lat[site]
        offer_lon[rows] = fac_lon[site]
    placed = np.flatnonzero(~at_facility)
    place = rng.choice(len(place_lat), size=len(placed), p=place_p)
    offer_lat[placed] = place_lat[place]
    offer_lon[placed] = place_lon[place]
    offer_lat += rng.normal(0, 0.05, n_offer)
    offer_lon += rng.normal(0, 0.1, n_offer)

    # Each need asks for a class that some offer class can feed, in proportion to the offers.
    source_class = offer_class[rng.integers(0, n_offer, n_need)]
    need_class = np.empty(n_need, np.int32)
    for c in np.unique(source_class).tolist():
        rows = np.flatnonzero(source_class == c)
        options = np.array([code[x] for x in accepts[all_classes[c]]], dtype=np.int32)
        need_class[rows] = options[rng.integers(0, len(options), len(rows))]
    place = rng.choice(len(place_lat), size=n_need, p=place_p)
    need_lat = place_lat[place] + rng.normal(0, 0.1, n_need)
    need_lon = place_lon[place] + rng.normal(0, 0.2, n_need)
    need_qty = offer_qty[rng.integers(0, n_offer, n_need)] * rng.uniform(0.2, 2.0, n_need)

    is_offer = np.r_[np.ones(n_offer, bool), np.zeros(n_need, bool)]
    class_code = np.r_[offer_class, need_class].astype(np.int32)
    quantity = np.round(np.r_[offer_qty, need_qty], 1)
    basis = np.array(
        [1 if c.startswith("energy.") else 2 if c.startswith("water.") else 0 for c in all_classes],
        dtype=np.int8,
    )[class_code]
    limited = rng.random(n) < 0.2
    max_km = np.where(limited, rng.uniform(30, 300, n), np.inf)
    windowed = rng.random(n) < 0.1
    start = 20_454 + rng.integers(0, 700, n)  # days since 1970: from 2026-01-01
    from_day = np.where(windowed, start, NO_START_DAY).astype(np.int32)
    until_day = np.where(windowed, start + rng.integers(60, 720, n), NO_END_DAY).astype(np.int32)
    price = np.where(rng.random(n) < 0.3, np.round(rng.uniform(0, 60, n), 2), np.nan)
    n_orgs = max(2, n // 5)
    return ListingTable(
        ids=tuple(f"L{i}" for i in range(n)),
        organizations=tuple(f"org{i}" for i in range(n_orgs)),
        classes=tuple(all_classes),
        org_code=rng.integers(0, n_orgs, n).astype(np.int32),
        class_code=class_code,
        is_offer=is_offer,
        lat=np.clip(np.r_[offer_lat, need_lat], -89.9, 89.9),
        lon=np.r_[offer_lon, need_lon],
        quantity_per_a=quantity,
        basis_code=basis,
        from_day=from_day,
        until_day=until_day,
        price_eur_per_unit=price,
        max_distance_km=max_km,
    )
