"""Distances and offline geocoding for Nordic and Baltic sites.

Great-circle distance uses the mean Earth radius of 6,371.0088 km (IUGG mean radius R1).
Road distance is estimated as great-circle distance times :data:`ROAD_DISTANCE_FACTOR`.

Place names are looked up in the shipped GeoNames extract
(``greencluster/data/geo/geonames_cities500_nordic_baltic.csv``, CC BY 4.0): names and
Latin-script alternate names, case- and accent-insensitive; "Vaasa, FI" or a ``country``
argument narrows the search; among places of the same name the most populous wins.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088

ROAD_DISTANCE_FACTOR = 1.2
"""Road (network) distance per great-circle kilometre ("circuity" or "route factor").

Source: Newell (1980) found network distance between random points about 1.2 times the
straight-line distance, O'Sullivan (1996) 1.21-1.23 (both as summarised in Wikibooks,
"Transportation Geography and Network Science/Circuity", 2023). National studies such as
Ballou et al. (2002), Transportation Research A 36(9), report higher factors for some European
countries, so 1.2 is a conservative (short) estimate; callers may pass their own factor.
"""

COUNTRIES = ("FI", "SE", "NO", "EE", "DK", "IS", "LV", "LT")
"""Countries covered by the shipped place list."""


FloatArray = npt.NDArray[np.float64]


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km between two WGS84 points in degrees."""
    return float(
        great_circle_km_array(
            np.array([lat1]), np.array([lon1]), np.array([lat2]), np.array([lon2])
        )[0]
    )


def great_circle_km_array(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> FloatArray:
    """Vectorised haversine distance in km (inputs in degrees, broadcast together)."""
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    result: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return result


def unit_vectors(lat: npt.ArrayLike, lon: npt.ArrayLike) -> FloatArray:
    """Points on the unit sphere (n x 3), so that chord length orders like arc length."""
    phi = np.radians(np.asarray(lat, dtype=np.float64))
    lmb = np.radians(np.asarray(lon, dtype=np.float64))
    cos_phi = np.cos(phi)
    result: FloatArray = np.stack(
        [cos_phi * np.cos(lmb), cos_phi * np.sin(lmb), np.sin(phi)], axis=-1
    )
    return result


def chord_for_km(distance_km: float | FloatArray) -> FloatArray:
    """Unit-sphere chord length of a great-circle distance (for spatial index queries)."""
    angle = np.minimum(np.asarray(distance_km, dtype=np.float64) / EARTH_RADIUS_KM, np.pi)
    result: FloatArray = 2 * np.sin(angle / 2)
    return result


def km_for_chord(chord: npt.ArrayLike) -> FloatArray:
    """Great-circle distance in km of a unit-sphere chord length."""
    result: FloatArray = (
        2 * EARTH_RADIUS_KM * np.arcsin(np.clip(np.asarray(chord, dtype=np.float64) / 2, 0, 1))
    )
    return result


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str
    lat: float
    lon: float
    population: int


def fold(name: str) -> str:
    """Case- and accent-insensitive key: 'Åbo' -> 'abo', ' Hämeenlinna ' -> 'hameenlinna'."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("-", " ").split())


@lru_cache(maxsize=1)
def _places() -> Mapping[str, tuple[Place, ...]]:
    raw = (files("greencluster.data") / "geo" / "geonames_cities500_nordic_baltic.csv").read_text(
        encoding="utf-8"
    )
    index: dict[str, list[Place]] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        place = Place(
            name=row["name"],
            country=row["countrycode"].upper(),
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            population=int(row["population"] or 0),
        )
        names = {row["name"], *row["alternatenames_latin"].split(";")}
        for name in names:
            key = fold(name)
            if key:
                index.setdefault(key, []).append(place)
    return {
        key: tuple(sorted(set(found), key=lambda p: (-p.population, p.name)))
        for key, found in index.items()
    }


def find_place(place: str, country: str | None = None) -> Place | None:
    """The most populous shipped place called ``place`` (optionally in ``country``).

    ``place`` may carry the country after a comma: "Vaasa, FI" or "Åbo, Finland".
    """
    name = place
    wanted = country.strip().upper() if country else None
    if "," in place and wanted is None:
        head, tail = place.rsplit(",", 1)
        code = _country_code(tail)
        if code is not None:
            name, wanted = head, code
    candidates = _places().get(fold(name), ())
    for candidate in candidates:
        if wanted is None or candidate.country == wanted:
            return candidate
    return None


def geocode(place: str, country: str | None = None) -> tuple[float, float] | None:
    """(lat, lon) in WGS84 degrees of a Nordic/Baltic place name, or None if unknown."""
    found = find_place(place, country)
    return None if found is None else (found.lat, found.lon)


_COUNTRY_NAMES = {
    "finland": "FI",
    "suomi": "FI",
    "sweden": "SE",
    "sverige": "SE",
    "ruotsi": "SE",
    "norway": "NO",
    "norge": "NO",
    "noreg": "NO",
    "estonia": "EE",
    "eesti": "EE",
    "viro": "EE",
    "denmark": "DK",
    "danmark": "DK",
    "iceland": "IS",
    "island": "IS",
    "latvia": "LV",
    "latvija": "LV",
    "lithuania": "LT",
    "lietuva": "LT",
}


def _country_code(text: str) -> str | None:
    key = fold(text)
    if key.upper() in COUNTRIES:
        return key.upper()
    return _COUNTRY_NAMES.get(key)
