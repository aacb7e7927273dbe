"""Quantity units of listings, normalised to a canonical basis per year.

Every quantity is turned into one of three bases: tonnes per year (``t``), megawatt-hours per
year (``MWh``) or cubic metres per year (``m3``). Conversions are exact definitions
(1 t = 1000 kg, 1 GJ = 1/3.6 MWh, a year = 12 months = 52 weeks + 1 day = 365 days); nothing
here converts between mass, energy and volume, because that needs a density or heating value
the listing does not state.

    >>> parse_unit("t/month")
    Unit(text='t/month', basis='t', amount_factor=1.0, periods_per_a=12.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The bases are the taxonomy's: its compatibility rules state their figures per basis unit.
from greencluster.core.taxonomy.compatibility import BASES as BASES

BASIS_UNIT = {basis: f"{basis}/a" for basis in BASES}

_AMOUNTS: dict[str, tuple[str, float]] = {
    # mass
    "t": ("t", 1.0),
    "tn": ("t", 1.0),
    "tonne": ("t", 1.0),
    "tonnes": ("t", 1.0),
    "ton": ("t", 1.0),
    "tons": ("t", 1.0),
    "tonni": ("t", 1.0),
    "tonnia": ("t", 1.0),
    "tonn": ("t", 1.0),
    "tonnes_metric": ("t", 1.0),
    "kt": ("t", 1000.0),
    "kg": ("t", 0.001),
    "kilo": ("t", 0.001),
    "kiloa": ("t", 0.001),
    # energy
    "mwh": ("MWh", 1.0),
    "kwh": ("MWh", 0.001),
    "gwh": ("MWh", 1000.0),
    "twh": ("MWh", 1.0e6),
    "gj": ("MWh", 1.0 / 3.6),
    "tj": ("MWh", 1000.0 / 3.6),
    "mj": ("MWh", 1.0 / 3600.0),
    # volume
    "m3": ("m3", 1.0),
    "m³": ("m3", 1.0),
    "cbm": ("m3", 1.0),
    "l": ("m3", 0.001),
    "litre": ("m3", 0.001),
    "liter": ("m3", 0.001),
    "litres": ("m3", 0.001),
    "liters": ("m3", 0.001),
    "hl": ("m3", 0.1),
}

# Matched as written: "Mt" is a megatonne, but "MT" and "mt" are what people type for metric
# tonnes, so neither is read at all rather than read a million times too large.
_AMOUNTS_AS_WRITTEN: dict[str, tuple[str, float]] = {
    "Mt": ("t", 1.0e6),
}

_PERIODS: dict[str, float] = {
    "a": 1.0,
    "y": 1.0,
    "yr": 1.0,
    "year": 1.0,
    "years": 1.0,
    "annum": 1.0,
    "v": 1.0,
    "vuosi": 1.0,
    "vuodessa": 1.0,
    "år": 1.0,
    "ar": 1.0,
    "jahr": 1.0,
    "aasta": 1.0,
    "month": 12.0,
    "months": 12.0,
    "mo": 12.0,
    "kk": 12.0,
    "kuukausi": 12.0,
    "mån": 12.0,
    "monat": 12.0,
    "kuu": 12.0,
    "week": 365.0 / 7.0,
    "wk": 365.0 / 7.0,
    "vk": 365.0 / 7.0,
    "viikko": 365.0 / 7.0,
    "vecka": 365.0 / 7.0,
    "woche": 365.0 / 7.0,
    "d": 365.0,
    "day": 365.0,
    "days": 365.0,
    "päivä": 365.0,
    "pv": 365.0,
    "dag": 365.0,
    "tag": 365.0,
    "ööpäev": 365.0,
}

_SPLIT = re.compile(r"\s*/\s*|\s+(?:per|pro|i|om|kohta|a|im)\s+", re.IGNORECASE)

EXPECTED = (
    "a unit such as t/a, kg/a, t/month, t/d, m3/a, l/a, MWh/a, GWh/a, kWh/a or GJ/a "
    "(amount per year, month, week or day)"
)


class UnitError(ValueError):
    """The unit text is not one the engine understands; the message says what is expected."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A parsed unit: ``amount_factor`` basis units per one of its amount (1 kg = 0.001 t),
    ``periods_per_a`` of its periods per year (12 for a month)."""

    text: str
    basis: str
    amount_factor: float
    periods_per_a: float

    @property
    def factor_per_a(self) -> float:
        """Basis units per year of one of this unit."""
        return self.amount_factor * self.periods_per_a

    def price_per_basis_unit(self, price_per_amount: float) -> float:
        """EUR per basis unit of a price per this unit's amount (EUR/kg -> EUR/t)."""
        return price_per_amount / self.amount_factor

    def to_basis_per_a(self, quantity: float) -> float:
        return quantity * self.factor_per_a


def parse_unit(text: str) -> Unit:
    """Parse a unit such as "t/a", "kg / month", "MWh/y", "m³/vuosi" or "tonnes per year".

    Raises :class:`UnitError` naming the accepted units when the text is not understood.
    A bare amount without a period ("t", "MWh") is read as per year.
    """
    cleaned = text.strip().replace("³", "3").replace("·", "/")
    if not cleaned:
        raise UnitError(f"expected {EXPECTED}, got an empty unit")
    parts = [p for p in _SPLIT.split(cleaned, maxsplit=1) if p]
    if not parts:
        raise UnitError(f"expected {EXPECTED}, got '{text}'")
    amount_text = parts[0].strip().rstrip(".")
    period_key = parts[1].strip().lower().rstrip(".") if len(parts) > 1 else "a"
    amount = _AMOUNTS_AS_WRITTEN.get(amount_text) or _AMOUNTS.get(amount_text.lower())
    period = _PERIODS.get(period_key)
    if amount is None or period is None:
        raise UnitError(f"expected {EXPECTED}, got '{text}'")
    basis, factor = amount
    return Unit(text=text.strip(), basis=basis, amount_factor=factor, periods_per_a=period)


def convert(quantity: float, unit: str) -> tuple[float, str]:
    """``quantity`` in ``unit`` as (amount per year, basis), e.g. (2, "GWh/a") -> (2000, "MWh")."""
    parsed = parse_unit(unit)
    return parsed.to_basis_per_a(quantity), parsed.basis
