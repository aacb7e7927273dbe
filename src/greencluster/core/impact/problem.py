"""A member's yearly KPI report as plain data: the figures and the activity lines.

Activity kinds and what they feed:

============  =====================================  =========================================
kind          type (code)                            emissions
============  =====================================  =========================================
fuel          a fuel, e.g. ``light_fuel_oil``        scope 1 (fossil CO2, CH4/N2O by boiler),
                                                     biogenic CO2 as a memo item, scope 3.3
electricity   grid country or zone, e.g. ``FI``      scope 2 (location-based), scope 3.3
heat          ``district_heat``; region = country    scope 2, scope 3.3
freight       a transport mode, e.g. ``road_hgv``    own vehicles: scope 1; third party:
                                                     3.4 (inbound) or 3.9 (outbound)
material      a material, e.g. ``metal_scrap_metal`` scope 3.1 (primary production)
circular      a material from a secondary source     scope 3.1 (closed-loop source)
waste         material + treatment route (+ EWC)     scope 3.5
============  =====================================  =========================================
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

KINDS = ("fuel", "electricity", "heat", "freight", "material", "circular", "waste")
BOILER_SIZES = ("small", "medium", "large")
DIRECTIONS = ("in", "out")
OWNERSHIPS = ("own", "third_party")


@dataclass(frozen=True, slots=True)
class Activity:
    """One line of a KPI report, e.g. 120 MWh of light fuel oil in a small boiler.

    ``row`` is the spreadsheet row (or form line) it came from, for error messages."""

    kind: str
    type: str
    quantity: float
    unit: str
    region: str = ""
    boiler_size: str = ""
    direction: str = ""
    ownership: str = ""
    ewc_code: str = ""
    treatment: str = ""
    row: int | None = None

    @property
    def label(self) -> str:
        extra = [p for p in (self.region, self.boiler_size, self.direction, self.ownership) if p]
        extra += [p for p in (self.treatment, self.ewc_code) if p]
        tail = f" ({', '.join(extra)})" if extra else ""
        return f"{self.kind}: {self.type}{tail}, {self.quantity:g} {self.unit}"


# What an activity line holds, in file-column order: every field but ``row``. Files, forms
# and the database store exactly these.
ACTIVITY_FIELDS = tuple(f.name for f in fields(Activity) if f.name != "row")


@dataclass(frozen=True, slots=True)
class MemberReport:
    """A member organisation's figures for one calendar year."""

    organisation: str
    year: int
    country: str
    turnover_eur: float | None = None
    export_eur: float | None = None
    employees: int | None = None
    activities: tuple[Activity, ...] = field(default_factory=tuple)
