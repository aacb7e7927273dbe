"""Unit conversion for impact accounting: one table of exact SI definitions, nothing by hand.

Quantities of the KPI report and the denominators of emission factors are written as unit
strings (``MWh``, ``GJ``, ``t``, ``t.km``, ``kg CO2e/kWh``). :func:`convert` turns a value from
one unit to another of the same dimension, refusing mixed dimensions: mass to energy needs a
heating value, which is a factor row and never a silent assumption here.

Definitions: 1 kWh = 3.6 MJ (SI), 1 t = 1000 kg, 1 t.km = one tonne carried one kilometre.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


class UnitError(ValueError):
    """An unknown unit or a conversion between different dimensions."""


@dataclass(frozen=True, slots=True)
class Unit:
    symbol: str
    dimension: str  # "energy", "mass", "transport", "volume", "money", "count"
    to_base: float  # base units: J, kg, kg.km, m3, EUR, 1


_J_PER_KWH = 3.6e6
_UNITS: dict[str, Unit] = {}


def _define(dimension: str, to_base: float, *symbols: str) -> None:
    for symbol in symbols:
        _UNITS[symbol.lower()] = Unit(symbols[0], dimension, to_base)


_define("energy", 1.0, "J")
_define("energy", 1e3, "kJ")
_define("energy", 1e6, "MJ")
_define("energy", 1e9, "GJ")
_define("energy", 1e12, "TJ")
_define("energy", _J_PER_KWH, "kWh")
_define("energy", _J_PER_KWH * 1e3, "MWh")
_define("energy", _J_PER_KWH * 1e6, "GWh")
_define("mass", 1e-3, "g")
_define("mass", 1.0, "kg")
_define("mass", 1e3, "t", "tonne", "tonnes", "tn")
_define("mass", 1e6, "kt")
_define("transport", 1.0, "kg.km")
_define("transport", 1e3, "t.km", "tkm", "t·km", "tonne.km", "tonne-km", "t*km")
_define("volume", 1e-3, "l", "litre", "litres", "liter")
_define("volume", 1.0, "m3", "m³")
_define("money", 1.0, "EUR", "€")
_define("money", 1e3, "kEUR")
_define("money", 1e6, "MEUR")
_define("count", 1.0, "1")

# Mass units of greenhouse gases ("kg CO2e") share the mass table.
GAS_WORDS = ("co2e", "co2", "ch4", "n2o", "c")


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Unit:
    key = text.strip().lower()
    unit = _UNITS.get(key)
    if unit is None:
        known = ", ".join(sorted({u.symbol for u in _UNITS.values()}))
        raise UnitError(f"unknown unit '{text}': expected one of {known}")
    return unit


def dimension(text: str) -> str:
    return parse_unit(text).dimension


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (same dimension only)."""
    src, dst = parse_unit(from_unit), parse_unit(to_unit)
    if src.dimension != dst.dimension:
        raise UnitError(
            f"cannot convert {src.symbol} ({src.dimension}) to {dst.symbol} ({dst.dimension})"
        )
    return value * src.to_base / dst.to_base


@dataclass(frozen=True, slots=True)
class Rate:
    """A factor unit such as ``kg CO2e/kWh``: numerator mass unit, gas word, denominator."""

    numerator: str
    gas: str
    denominator: str


@lru_cache(maxsize=4096)
def parse_rate(text: str) -> Rate:
    """Split a factor unit: ``'g CO2e/kWh'`` -> Rate('g', 'co2e', 'kWh'); ``'GJ/t'`` ->
    Rate('GJ', '', 't')."""
    if "/" not in text:
        raise UnitError(f"expected a rate such as 'kg CO2e/kWh', got '{text}'")
    top, _, bottom = text.partition("/")
    words = top.split()
    numerator = words[0] if words else ""
    gas = words[1].lower() if len(words) > 1 else ""
    parse_unit(numerator)
    parse_unit(bottom)
    return Rate(numerator, gas, bottom.strip())
