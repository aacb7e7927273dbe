"""CO2 accounting of a member report: each activity line times its factor rows.

    inventory = account(report, default_table())
    inventory.scope_t("1"), inventory.category_t("3.4_upstream_transport"), inventory.missing

Every :class:`Figure` remembers the factor rows it used and the arithmetic as text, so that a
page can show how a number was computed. A factor the table lacks gives a figure with
``t_co2e=None`` and the reason; totals add only known figures and list what is missing.

Scopes follow the GHG Protocol Corporate Standard: scope 1 direct combustion (own vehicles'
transport work included), scope 2 location-based electricity and heat, scope 3 categories
1 (purchased goods), 3 (fuel- and energy-related upstream), 4 and 9 (transport by third
parties, in and out) and 5 (waste). Biogenic CO2 is a memo item outside the scopes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from greencluster.core.impact.catalog import freight_key, waste_route
from greencluster.core.impact.factors import FactorRow, FactorTable
from greencluster.core.impact.problem import Activity, MemberReport
from greencluster.core.impact.units import convert, dimension, parse_rate


@dataclass(frozen=True, slots=True)
class Figure:
    """Tonnes of CO2e (or biogenic CO2 for the memo) from one activity line and gas."""

    scope: str
    category: str
    gas: str
    activity: Activity
    t_co2e: float | None
    rows: tuple[FactorRow, ...]
    steps: str
    missing: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "scope": self.scope,
            "category": self.category,
            "gas": self.gas,
            "activity": self.activity.label,
            "t_co2e": self.t_co2e,
            "steps": self.steps,
            "missing": self.missing,
            "rows": [r.as_dict() for r in self.rows],
        }


@dataclass(frozen=True)
class Inventory:
    report: MemberReport
    figures: tuple[Figure, ...]
    table_version: str

    def _sum(self, figures: list[Figure]) -> float:
        return sum(f.t_co2e for f in figures if f.t_co2e is not None)

    def scope_t(self, scope: str) -> float:
        return self._sum([f for f in self.figures if f.scope == scope])

    def category_t(self, category: str) -> float:
        return self._sum([f for f in self.figures if f.category == category])

    @property
    def total_t(self) -> float:
        """Scopes 1 + 2 + 3 in t CO2e (biogenic CO2 excluded)."""
        return sum(self.scope_t(s) for s in ("1", "2", "3"))

    @property
    def missing(self) -> list[Figure]:
        return [f for f in self.figures if f.t_co2e is None]

    def categories(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for f in self.figures:
            out.setdefault(f.category, 0.0)
            if f.t_co2e is not None:
                out[f.category] += f.t_co2e
        return out


class _Ctx:
    def __init__(self, table: FactorTable, report: MemberReport):
        self.table = table
        self.report = report
        self.figures: list[Figure] = []

    def add(
        self,
        activity: Activity,
        key: str,
        gas: str,
        scope: str,
        category: str,
        *,
        region: str = "",
        gases: tuple[str, ...] = (),
        factor_scope: str | None = None,
    ) -> None:
        """Add the figure of ``activity`` x row ``key``; ``factor_scope`` selects rows filed
        under another scope (own vehicles use the scope 3 freight rows as scope 1)."""
        figure = _apply(
            self.table,
            activity,
            key,
            (gas, *gases),
            factor_scope or scope,
            category,
            region,
            self.report.year,
        )
        self.figures.append(replace(figure, scope=scope))


def _best(
    table: FactorTable,
    key: str,
    gases: tuple[str, ...],
    dim: str,
    region: str,
    year: int,
    scope: str,
) -> FactorRow | None:
    found = [
        table.find(key, g, denominator=dim, region=region, year=year, scope=scope) for g in gases
    ]
    rows = [r for r in found if r is not None]
    if not rows:
        return None
    return min(
        rows,
        key=lambda r: (
            r.value is None,
            r.year is not None and r.year > year,
            abs(year - r.year) if r.year else 0,
        ),
    )


def _t(value: float, row: FactorRow) -> float:
    """``value`` (already in the row's denominator unit) times the row, in tonnes."""
    assert row.value is not None
    return convert(value * row.value, parse_rate(row.unit).numerator, "t")


def _apply(
    table: FactorTable,
    activity: Activity,
    key: str,
    gases: tuple[str, ...],
    scope: str,
    category: str,
    region: str,
    year: int,
) -> Figure:
    gas = gases[0]
    dim = dimension(activity.unit)
    direct = _best(table, key, gases, dim, region, year, scope)
    if direct is not None and direct.value is not None:
        amount = convert(activity.quantity, activity.unit, parse_rate(direct.unit).denominator)
        t = _t(amount, direct)
        steps = (
            f"{activity.quantity:g} {activity.unit} = {amount:.6g} "
            f"{parse_rate(direct.unit).denominator}; x {direct.value:g} {direct.unit} "
            f"= {t:.6g} t"
        )
        return Figure(scope, category, direct.gas, activity, t, (direct,), steps)
    other = {"energy": "mass", "mass": "energy"}.get(dim)
    via = _best(table, key, gases, other, region, year, scope) if other else None
    fuel_key = key.split(".")[0] + "." + key.split(".")[1] if key.startswith("fuel.") else ""
    ncv = table.find(fuel_key, "ncv", year=year) if fuel_key else None
    if via is not None and via.value is not None and ncv is not None and ncv.value is not None:
        ncv_rate = parse_rate(ncv.unit)  # e.g. GJ/t
        if dim == "mass":
            mass = convert(activity.quantity, activity.unit, ncv_rate.denominator)
            energy = mass * ncv.value
            amount = convert(energy, ncv_rate.numerator, parse_rate(via.unit).denominator)
        else:
            energy = convert(activity.quantity, activity.unit, ncv_rate.numerator)
            mass = energy / ncv.value
            amount = convert(mass, ncv_rate.denominator, parse_rate(via.unit).denominator)
        t = _t(amount, via)
        steps = (
            f"{activity.quantity:g} {activity.unit} with NCV {ncv.value:g} {ncv.unit} "
            f"= {amount:.6g} {parse_rate(via.unit).denominator}; x {via.value:g} {via.unit} "
            f"= {t:.6g} t"
        )
        return Figure(scope, category, via.gas, activity, t, (via, ncv), steps)
    shown = tuple(r for r in (direct, via) if r is not None)
    reason = (
        f"no value for {key} ({gas}) in the factor table: {shown[0].source}"
        if shown
        else f"no factor row {key} ({gas}) for {dim} in the factor table"
    )
    return Figure(scope, category, gas, activity, None, shown, "not counted", reason)


def _fuel(ctx: _Ctx, a: Activity) -> None:
    key = f"fuel.{a.type}"
    table = ctx.table
    if table.candidates(key, "co2", "1"):
        ctx.add(a, key, "co2", "1", "stationary_combustion")
        if a.boiler_size:
            for gas in ("ch4", "n2o"):
                ctx.add(a, f"{key}.{a.boiler_size}_boiler", gas, "1", "stationary_combustion")
        else:
            ctx.figures.append(
                Figure(
                    "1",
                    "stationary_combustion",
                    "ch4+n2o",
                    a,
                    None,
                    (),
                    "not counted",
                    "boiler size not given: CH4 and N2O not counted",
                )
            )
    if table.candidates(key, "co2_biogenic"):
        ctx.add(a, key, "co2_biogenic", "memo", "biogenic_co2")
    ctx.add(a, key, "co2e", "3", "3.3_fuel_upstream")


def _freight(ctx: _Ctx, a: Activity) -> None:
    key = freight_key(a.type)
    if a.ownership == "own":
        ctx.add(a, key, "co2e", "1", "mobile_combustion", factor_scope="3")
        return
    if a.direction == "out":
        ctx.add(a, key, "co2e", "3", "3.9_downstream_transport")
    else:
        ctx.add(a, key, "co2e", "3", "3.4_upstream_transport")


def account(report: MemberReport, table: FactorTable) -> Inventory:
    """Scope 1, 2 and 3 figures of ``report`` with the factor rows of ``table``."""
    ctx = _Ctx(table, report)
    for a in report.activities:
        region = (a.region or report.country).upper()
        if a.kind == "fuel":
            _fuel(ctx, a)
        elif a.kind == "electricity":
            zone = (a.type or region).upper()
            key = f"electricity.{zone}"
            ctx.add(a, key, "co2e", "2", "electricity_location", region=zone, gases=("co2",))
            ctx.add(a, key, "co2e", "3", "3.3_fuel_upstream", region=zone)
        elif a.kind == "heat":
            ctx.add(a, f"district_heat.{region}", "co2e", "2", "heat_location", region=region)
        elif a.kind == "freight":
            _freight(ctx, a)
        elif a.kind == "material":
            key = f"material.{a.type}.primary_material_production"
            ctx.add(a, key, "co2e", "3", "3.1_purchased_goods")
        elif a.kind == "circular":
            source = a.treatment or "closed_loop_source"
            ctx.add(a, f"material.{a.type}.{source}", "co2e", "3", "3.1_purchased_goods")
        elif a.kind == "waste":
            key = f"waste.{a.type}.{waste_route(a.treatment)}"
            ctx.add(a, key, "co2e", "3", "3.5_waste")
    return Inventory(report, tuple(ctx.figures), table.version)
