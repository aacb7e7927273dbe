"""Reading KPI reports from CSV, XLSX or JSON: one row per figure or activity line.

Columns: ``year, kind, type, quantity, unit`` and, where they apply, ``region,
boiler_size, direction, ownership, ewc_code, treatment``. ``kind`` is one of
turnover, export, employees (``quantity`` in EUR or persons) or an activity kind
(fuel, electricity, heat, freight, material, circular, waste). Example::

    year,kind,type,quantity,unit,region,boiler_size,direction,ownership,ewc_code,treatment
    2025,turnover,,4200000,EUR,,,,,,
    2025,fuel,light_fuel_oil,120,MWh,,small,,,,
    2025,electricity,FI,800,MWh,,,,,,
    2025,freight,road_hgv,56000,t.km,,,in,third_party,,
    2025,waste,wood,40,t,,,,,030105,incineration_with_energy_recovery

Every row is checked before anything is returned; all problems come back in one
:class:`InputError`, each with its row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greencluster.core.errors import InputError, RowError
from greencluster.core.impact.catalog import (
    CIRCULAR_SOURCES,
    WASTE_ROUTES,
    freight_key,
    waste_route,
)
from greencluster.core.impact.factors import FactorTable, default_table
from greencluster.core.impact.problem import (
    ACTIVITY_FIELDS,
    BOILER_SIZES,
    DIRECTIONS,
    KINDS,
    OWNERSHIPS,
    Activity,
)
from greencluster.core.impact.units import UnitError, dimension
from greencluster.core.tables import (
    Field,
    choice,
    collect_records,
    integer,
    number,
    read_table,
    text,
)

FIGURE_KINDS = ("turnover", "export", "employees")
# The largest figures a report holds, as the registry takes them (15 digits of euros).
MAX_EUR = 1e15
MAX_EMPLOYEES = 10_000_000
COLUMNS = ("year", *ACTIVITY_FIELDS)
DIMENSIONS = {
    "fuel": ("energy", "mass"),
    "electricity": ("energy",),
    "heat": ("energy",),
    "freight": ("transport",),
    "material": ("mass",),
    "circular": ("mass",),
    "waste": ("mass",),
}
HEAT_TYPES = ("", "district_heat")
# The factor-table code family an activity's type is one of.
CODE_FAMILIES = {"fuel": "fuel", "material": "material", "circular": "material", "waste": "waste"}
_EWC = re.compile(r"^\d{2}\s?\d{2}\s?\d{2}\*?$")


@dataclass
class ReportData:
    """Figures and activities of one year as read from a file or form."""

    year: int
    turnover_eur: float | None = None
    export_eur: float | None = None
    employees: int | None = None
    activities: list[Activity] = field(default_factory=list)


def activity_problems(a: Activity, table: FactorTable) -> list[tuple[str, str]]:
    """(column, message) for everything wrong with ``a``; empty when it is valid."""
    problems: list[tuple[str, str]] = []
    if a.kind not in KINDS:
        return [("kind", f"expected one of {', '.join(FIGURE_KINDS + KINDS)}, got '{a.kind}'")]
    try:
        dim = dimension(a.unit)
        if dim not in DIMENSIONS[a.kind]:
            problems.append(
                (
                    "unit",
                    f"a {a.kind} quantity needs a unit of "
                    f"{' or '.join(DIMENSIONS[a.kind])}, got '{a.unit}'",
                )
            )
    except UnitError as exc:
        problems.append(("unit", str(exc)))
    if a.quantity < 0:
        problems.append(("quantity", "expected a number of at least 0"))
    family = CODE_FAMILIES.get(a.kind)
    if family is not None and a.type not in (valid := table.codes(family)):
        problems.append(
            ("type", f"unknown {a.kind} '{a.type}': expected one of {', '.join(valid[:40])}")
        )
    if a.kind == "freight":
        if not table.candidates(freight_key(a.type), "co2e"):
            problems.append(("type", f"unknown transport mode '{a.type}'"))
        if a.direction not in DIRECTIONS:
            problems.append(("direction", "expected in (to you) or out (from you)"))
        if a.ownership not in OWNERSHIPS:
            problems.append(("ownership", "expected own or third_party"))
    if a.kind == "fuel" and a.boiler_size and a.boiler_size not in BOILER_SIZES:
        problems.append(("boiler_size", f"expected one of {', '.join(BOILER_SIZES)}"))
    if a.kind == "waste":
        if waste_route(a.treatment) not in WASTE_ROUTES:
            problems.append(
                ("treatment", f"expected one of {', '.join(WASTE_ROUTES)} or the code D1, D5 or R1")
            )
        if a.ewc_code and not _EWC.match(a.ewc_code):
            problems.append(("ewc_code", "expected a six-digit EWC code such as 03 01 05"))
    if a.kind == "circular" and a.treatment and a.treatment not in CIRCULAR_SOURCES:
        problems.append(("treatment", f"expected one of {', '.join(CIRCULAR_SOURCES)}"))
    if a.kind == "electricity" and a.type and not a.type.isalnum():
        problems.append(("type", "expected a country or grid zone code such as FI or SE3"))
    if a.kind == "heat" and a.type not in HEAT_TYPES:
        problems.append(("type", "expected district_heat (the country goes in region)"))
    return problems


FIELDS = [
    Field("year", integer(min_value=1990, max_value=2100), required=True),
    Field("kind", choice(FIGURE_KINDS + KINDS), required=True),
    Field("type", text, default=""),
    Field("quantity", number(min_value=0), required=True),
    Field("unit", text, default=""),
    Field("region", text, default=""),
    Field("boiler_size", text, default=""),
    Field("direction", text, default=""),
    Field("ownership", text, default=""),
    Field("ewc_code", text, default=""),
    Field("treatment", text, default=""),
]


def reports_from_records(
    records: list[dict[str, Any]],
    table: FactorTable,
    *,
    source: str,
    errors: list[RowError] | None = None,
) -> dict[int, ReportData]:
    """Group parsed rows by year and check each; raise one :class:`InputError` with the
    earlier ``errors`` (e.g. unparsable cells) and every problem found here."""
    errors = list(errors or [])
    out: dict[int, ReportData] = {}
    for rec in records:
        row = rec["_row"]
        data = out.setdefault(rec["year"], ReportData(rec["year"]))
        kind = rec["kind"]
        if kind in FIGURE_KINDS:
            attr = {"turnover": "turnover_eur", "export": "export_eur"}.get(kind, "employees")
            limit = MAX_EMPLOYEES if kind == "employees" else MAX_EUR
            if getattr(data, attr) is not None:
                errors.append(RowError(row, "kind", f"{kind} is given twice for {rec['year']}"))
            elif rec["quantity"] > limit:
                errors.append(RowError(row, "quantity", f"expected at most {limit:g} for {kind}"))
            elif kind == "employees":
                if not float(rec["quantity"]).is_integer():
                    errors.append(RowError(row, "quantity", "expected a whole number"))
                else:
                    data.employees = int(rec["quantity"])
            else:
                setattr(data, attr, float(rec["quantity"]))
            continue
        activity = Activity(
            kind=kind,
            type=rec["type"].strip(),
            quantity=rec["quantity"],
            unit=rec["unit"].strip(),
            region=rec["region"].strip().upper(),
            boiler_size=rec["boiler_size"].strip().lower(),
            direction=rec["direction"].strip().lower(),
            ownership=rec["ownership"].strip().lower().replace("-", "_").replace(" ", "_"),
            ewc_code=rec["ewc_code"].strip(),
            treatment=rec["treatment"].strip(),
            row=row,
        )
        problems = activity_problems(activity, table)
        errors.extend(RowError(row, col, msg) for col, msg in problems)
        if not problems:
            data.activities.append(activity)
    if errors:
        errors.sort(key=lambda e: (e.row or 0, e.column or ""))
        raise InputError(errors, source=source)
    return out


def read_reports(
    source: str | Path | bytes, *, name: str | None = None, table: FactorTable | None = None
) -> dict[int, ReportData]:
    """Reports by year from a file (path or bytes with ``name``), all or nothing."""
    t = read_table(source, name=name)
    records, errors = collect_records(t, FIELDS)
    if not records and not errors:
        raise InputError("the file has no rows", source=t.source)
    return reports_from_records(records, table or default_table(), source=t.source, errors=errors)
