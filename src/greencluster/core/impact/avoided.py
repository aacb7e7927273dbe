"""Avoided emissions of running symbiosis deals, reported apart from the inventory.

The GHG Protocol keeps avoided emissions out of scope 1-3 totals: they are a comparison with
a baseline (what the receiver would otherwise have used), not an emission. A realised
exchange is counted once for the cluster, however many members take part, so a flow between
two members is never credited to both: the avoided amount is the displaced baseline minus the
exchange's own transport, and it is attributed to the exchange, not to either member.

Realised exchanges come from the marketplace's deal pipeline (deals in the *running* state
with the tonnes or MWh actually exchanged). This module defines the contract; the web layer
feeds it when the marketplace exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from greencluster.core.impact.factors import FactorRow, FactorTable
from greencluster.core.impact.units import convert, parse_rate


@dataclass(frozen=True, slots=True)
class RealisedExchange:
    """``quantity`` of a side stream delivered from ``supplier`` to ``receiver`` in ``year``,
    replacing ``displaced_key`` (a factor key, e.g. ``material.wood.primary_material_
    production`` or ``fuel.light_fuel_oil``) and carried ``transport_t_km`` by ``mode_key``."""

    ref: str
    supplier: str
    receiver: str
    year: int
    quantity: float
    unit: str
    displaced_key: str
    displaced_gas: str = "co2e"
    transport_t_km: float = 0.0
    mode_key: str = "freight.hgv_all_diesel.all_hgvs.average_laden"


@dataclass(frozen=True, slots=True)
class AvoidedFigure:
    exchange: RealisedExchange
    avoided_t_co2e: float | None
    rows: tuple[FactorRow, ...]
    steps: str


def avoided_emissions(
    exchanges: list[RealisedExchange] | tuple[RealisedExchange, ...], table: FactorTable
) -> list[AvoidedFigure]:
    """One figure per distinct exchange (duplicates by ``ref`` counted once)."""
    out: list[AvoidedFigure] = []
    seen: set[str] = set()
    for ex in exchanges:
        if ex.ref in seen:
            continue
        seen.add(ex.ref)
        rows: list[FactorRow] = []
        baseline = table.find(ex.displaced_key, ex.displaced_gas, year=ex.year)
        transport = table.find(ex.mode_key, "co2e", year=ex.year)
        if baseline is None or baseline.value is None:
            out.append(AvoidedFigure(ex, None, (), f"no factor for {ex.displaced_key}"))
            continue
        rate = parse_rate(baseline.unit)
        amount = convert(ex.quantity, ex.unit, rate.denominator)
        displaced_t = convert(amount * baseline.value, rate.numerator, "t")
        rows.append(baseline)
        transport_t = 0.0
        if ex.transport_t_km and transport is not None and transport.value is not None:
            t_rate = parse_rate(transport.unit)
            work = convert(ex.transport_t_km, "t.km", t_rate.denominator)
            transport_t = convert(work * transport.value, t_rate.numerator, "t")
            rows.append(transport)
        steps = f"{displaced_t:.6g} t displaced - {transport_t:.6g} t transport"
        out.append(AvoidedFigure(ex, displaced_t - transport_t, tuple(rows), steps))
    return out
