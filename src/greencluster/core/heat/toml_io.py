"""Read a heat project from TOML (schema in docs/heat.md). Every problem is reported at once,
each naming its field as a dotted path (``economics.discount_rate_pct``, ``customers[2].lat``);
unknown keys are errors so that typos do not silently fall back to defaults.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

from greencluster.core.errors import InputError, RowError
from greencluster.core.heat.customers_io import read_customers, read_streets
from greencluster.core.heat.defaults import default
from greencluster.core.heat.demand import resolve_demand
from greencluster.core.heat.problem import (
    BACKUP_KINDS,
    CURRENT_HEATING,
    FUEL_KINDS,
    FUEL_ORIGINS,
    MAX_BUILDING_TYPE_CHARS,
    MAX_NAME_CHARS,
    BuildingType,
    Customer,
    Economics,
    EmissionSettings,
    FuelSource,
    HeatProject,
    NetworkSpec,
    Plant,
    StreetSegment,
)
from greencluster.core.tables import text_problem

_MISSING = object()
# Bounds of whole numbers: a cash flow is computed year by year, solvers take 32-bit seeds.
MAX_YEARS = 100
MAX_THREADS = 256
MAX_SEED = 2**31 - 1


class _Reader:
    """Collects field errors while reading nested TOML tables."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(RowError(None, path, message))

    def table(self, data: dict[str, Any], key: str, path: str, required: bool) -> dict[str, Any]:
        value = data.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.fail(path, "required table is missing")
            return {}
        if not isinstance(value, dict):
            self.fail(path, "expected a table")
            return {}
        return value

    def known(self, data: dict[str, Any], keys: set[str], prefix: str) -> None:
        for key in data:
            if key not in keys:
                self.fail(f"{prefix}{key}", f"unknown key (known: {', '.join(sorted(keys))})")

    def number(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        *,
        default: float | None = None,
        required: bool = False,
        min_value: float | None = None,
        max_value: float | None = None,
        above: float | None = None,
    ) -> float | None:
        value = data.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.fail(path, "required number is missing")
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"expected a number, got {value!r}")
            return default
        number = float(value)
        if not math.isfinite(number):
            self.fail(path, f"expected a finite number, got {value!r}")
        elif min_value is not None and number < min_value:
            self.fail(path, f"expected a number of at least {min_value:g}, got {number:g}")
        elif max_value is not None and number > max_value:
            self.fail(path, f"expected a number of at most {max_value:g}, got {number:g}")
        elif above is not None and number <= above:
            self.fail(path, f"expected a number above {above:g}, got {number:g}")
        else:
            return number
        # A refused value is reported, never computed with (a zero divisor, an infinity).
        return default

    def req(self, data: dict[str, Any], key: str, path: str, **kw: Any) -> float:
        value = self.number(data, key, path, required=True, **kw)
        return 0.0 if value is None else value

    def opt(self, data: dict[str, Any], key: str, path: str, value: float, **kw: Any) -> float:
        got = self.number(data, key, path, default=value, **kw)
        return value if got is None else got

    def integer(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        default: int,
        min_value: int,
        max_value: int,
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"expected a whole number, got {value!r}")
            return default
        if not min_value <= value <= max_value:
            self.fail(path, f"expected a whole number from {min_value} to {max_value}, got {value}")
            return default
        return value

    def text(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        default: str | None = None,
        choices: tuple[str, ...] | None = None,
        max_chars: int = MAX_NAME_CHARS,
    ) -> str | None:
        value = data.get(key, _MISSING)
        if value is _MISSING:
            if default is None and choices is None:
                return None
            if default is None:
                self.fail(path, f"required: one of {', '.join(choices or ())}")
            return default
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"expected text, got {value!r}")
            return default
        if (problem := text_problem(value)) is not None:
            self.fail(path, problem)
            return default
        if len(value.strip()) > max_chars:
            self.fail(path, f"expected at most {max_chars} characters, got {len(value.strip())}")
            return default
        if choices is not None and value not in choices:
            self.fail(path, f"expected one of {', '.join(choices)}, got '{value}'")
            return default
        return value.strip()

    def flag(self, data: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, got {value!r}")
            return default
        return value


def load_project_toml(source: str | Path, *, base_dir: Path | None = None) -> HeatProject:
    """Read a project from a TOML file path, or from TOML text when ``source`` is a str that
    contains a newline or '='. Files named in the TOML are resolved against ``base_dir``
    (default: the TOML file's folder)."""
    if isinstance(source, Path) or ("\n" not in source and "=" not in source):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", source=str(path)) from exc
        label = path.name
        base = base_dir or path.parent
    else:
        text, label, base = source, "project.toml", base_dir or Path.cwd()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", source=label) from exc
    return project_from_dict(data, base_dir=base, label=label)


TOP_KEYS = {
    "project",
    "site",
    "demand",
    "customers",
    "customers_file",
    "plant",
    "fuel_sources",
    "network",
    "economics",
    "emissions",
}


def project_from_dict(
    data: dict[str, Any], *, base_dir: Path | None = None, label: str = "project"
) -> HeatProject:
    """Build a :class:`HeatProject` from parsed TOML (or the same structure from JSON)."""
    r = _Reader()
    r.known(data, TOP_KEYS, "")
    meta = r.table(data, "project", "project", required=False)
    r.known(meta, {"name", "start_year"}, "project.")
    name = r.text(meta, "name", "project.name", default="Heat project") or "Heat project"
    start_year = r.integer(meta, "start_year", "project.start_year", 2027, 1900, 2100)
    site = r.table(data, "site", "site", required=True)
    r.known(site, {"lat", "lon"}, "site.")
    lat0 = r.req(site, "lat", "site.lat", min_value=-90, max_value=90)
    lon0 = r.req(site, "lon", "site.lon", min_value=-180, max_value=180)
    types, flh = _demand(r, r.table(data, "demand", "demand", required=False))
    customers = _customers(r, data, types, flh, base_dir)
    plant = _plant(r, r.table(data, "plant", "plant", required=False), lat0, lon0)
    sources = _fuel_sources(r, data.get("fuel_sources", _MISSING))
    network = _network(r, r.table(data, "network", "network", required=True), base_dir)
    economics = _economics(r, r.table(data, "economics", "economics", required=True))
    emissions = _emissions(r, r.table(data, "emissions", "emissions", required=False))
    if r.errors:
        raise InputError(r.errors, source=label)
    return HeatProject(name, customers, plant, sources, network, economics, emissions, start_year)


def _demand(r: _Reader, table: dict[str, Any]) -> tuple[dict[str, BuildingType], float | None]:
    r.known(table, {"full_load_hours_h", "building_types"}, "demand.")
    flh = r.number(table, "full_load_hours_h", "demand.full_load_hours_h", above=0, max_value=8760)
    types: dict[str, BuildingType] = {}
    raw = r.table(table, "building_types", "demand.building_types", required=False)
    for key, spec in raw.items():
        path = f"demand.building_types.{key}"
        if (problem := text_problem(key)) is not None or len(key) > MAX_BUILDING_TYPE_CHARS:
            r.fail(
                path, problem or f"expected a name of at most {MAX_BUILDING_TYPE_CHARS} characters"
            )
            continue
        if not isinstance(spec, dict):
            r.fail(path, "expected a table")
            continue
        r.known(spec, {"specific_heat_kwh_per_m2_a", "full_load_hours_h"}, path + ".")
        specific = r.number(
            spec,
            "specific_heat_kwh_per_m2_a",
            path + ".specific_heat_kwh_per_m2_a",
            required=True,
            above=0,
        )
        hours = r.number(
            spec,
            "full_load_hours_h",
            path + ".full_load_hours_h",
            required=True,
            above=0,
            max_value=8760,
        )
        if specific is not None and hours is not None:
            types[key] = BuildingType(key, specific, hours)
    return types, flh


CUSTOMER_KEYS = {
    "name",
    "lat",
    "lon",
    "annual_heat_mwh",
    "peak_kw",
    "building_type",
    "floor_area_m2",
    "current_heating",
    "current_co2_kg_per_mwh",
    "must_connect",
}


def _customers(
    r: _Reader,
    data: dict[str, Any],
    types: dict[str, BuildingType],
    flh: float | None,
    base_dir: Path | None,
) -> tuple[Customer, ...]:
    out: list[Customer] = []
    file_name = data.get("customers_file")
    if file_name is not None:
        if not isinstance(file_name, str):
            r.fail("customers_file", "expected a file name")
        else:
            try:
                out.extend(
                    read_customers(
                        (base_dir or Path.cwd()) / file_name,
                        building_types=types,
                        full_load_hours_h=flh,
                    )
                )
            except InputError as exc:
                for err in exc.errors:
                    where = f"customers_file ({file_name})"
                    column = f"{where} {err.column}" if err.column else where
                    r.errors.append(RowError(err.row, column, err.message))
    raw = data.get("customers", [])
    if not isinstance(raw, list):
        r.fail("customers", "expected an array of tables [[customers]]")
        raw = []
    for i, item in enumerate(raw):
        path = f"customers[{i}]"
        if not isinstance(item, dict):
            r.fail(path, "expected a table")
            continue
        r.known(item, CUSTOMER_KEYS, path + ".")
        name = r.text(item, "name", path + ".name") or ""
        if not name:
            r.fail(path + ".name", "required text is missing")
        lat = r.req(item, "lat", path + ".lat", min_value=-90, max_value=90)
        lon = r.req(item, "lon", path + ".lon", min_value=-180, max_value=180)
        heating = (
            r.text(item, "current_heating", path + ".current_heating", "oil", CURRENT_HEATING)
            or "oil"
        )
        annual = r.number(item, "annual_heat_mwh", path + ".annual_heat_mwh", min_value=0)
        peak = r.number(item, "peak_kw", path + ".peak_kw", above=0)
        btype = r.text(
            item, "building_type", path + ".building_type", max_chars=MAX_BUILDING_TYPE_CHARS
        )
        area = r.number(item, "floor_area_m2", path + ".floor_area_m2", above=0)
        try:
            annual_v, peak_v = resolve_demand(
                annual_heat_mwh=annual,
                peak_kw=peak,
                building_type=btype,
                floor_area_m2=area,
                building_types=types,
                full_load_hours_h=flh,
                where=path,
            )
        except InputError as exc:
            for err in exc.errors:
                r.fail(f"{path}.{err.column}", err.message.removeprefix(f"{path}: "))
            continue
        out.append(
            Customer(
                name=name,
                lat=lat,
                lon=lon,
                annual_heat_mwh=annual_v,
                peak_kw=peak_v,
                current_heating=heating,  # type: ignore[arg-type]
                building_type=btype,
                floor_area_m2=area,
                current_co2_kg_per_mwh=r.number(
                    item, "current_co2_kg_per_mwh", path + ".current_co2_kg_per_mwh", min_value=0
                ),
                must_connect=r.flag(item, "must_connect", path + ".must_connect", False),
            )
        )
    names = [c.name for c in out]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        r.fail("customers", f"customer name '{dup}' is used more than once")
    if not out and not r.errors:
        r.fail("customers", "no customers: add [[customers]] tables or customers_file")
    return tuple(out)


PLANT_KEYS = {
    "lat",
    "lon",
    "boiler_efficiency",
    "boiler_capacity_kw",
    "backup",
    "backup_capacity_kw",
    "backup_efficiency",
    "storage_volume_m3",
    "storage_delta_t_k",
    "storage_discharge_h",
}


def _plant(r: _Reader, t: dict[str, Any], lat0: float, lon0: float) -> Plant:
    r.known(t, PLANT_KEYS, "plant.")
    backup = r.text(t, "backup", "plant.backup", "none", BACKUP_KINDS) or "none"
    return Plant(
        lat=r.opt(t, "lat", "plant.lat", lat0, min_value=-90, max_value=90),
        lon=r.opt(t, "lon", "plant.lon", lon0, min_value=-180, max_value=180),
        boiler_efficiency=r.opt(
            t,
            "boiler_efficiency",
            "plant.boiler_efficiency",
            default("boiler_efficiency").value,
            above=0,
            max_value=1.1,
        ),
        boiler_capacity_kw=r.number(
            t, "boiler_capacity_kw", "plant.boiler_capacity_kw", min_value=0
        ),
        backup=backup,  # type: ignore[arg-type]
        backup_capacity_kw=r.opt(
            t, "backup_capacity_kw", "plant.backup_capacity_kw", 0.0, min_value=0
        ),
        backup_efficiency=r.opt(
            t,
            "backup_efficiency",
            "plant.backup_efficiency",
            default("oil_boiler_efficiency").value if backup == "oil" else 1.0,
            above=0,
            max_value=1.1,
        ),
        storage_volume_m3=r.opt(
            t, "storage_volume_m3", "plant.storage_volume_m3", 0.0, min_value=0
        ),
        storage_delta_t_k=r.opt(
            t, "storage_delta_t_k", "plant.storage_delta_t_k", 0.0, min_value=0
        ),
        storage_discharge_h=r.opt(
            t, "storage_discharge_h", "plant.storage_discharge_h", 0.0, min_value=0
        ),
    )


SOURCE_KEYS = {
    "name",
    "fuel",
    "origin",
    "distance_km",
    "price_eur_per_mwh",
    "moisture_pct",
    "max_mwh_per_a",
    "net_cv_dry_mj_per_kg",
    "dry_matter_kg_per_loose_m3",
}


def _fuel_sources(r: _Reader, raw: Any) -> tuple[FuelSource, ...]:
    from greencluster.core.heat.defaults import fuel_properties

    if raw is _MISSING or raw == []:
        r.fail("fuel_sources", "required: at least one [[fuel_sources]] table")
        return ()
    if not isinstance(raw, list):
        r.fail("fuel_sources", "expected an array of tables [[fuel_sources]]")
        return ()
    out = []
    for i, t in enumerate(raw):
        path = f"fuel_sources[{i}]"
        if not isinstance(t, dict):
            r.fail(path, "expected a table")
            continue
        r.known(t, SOURCE_KEYS, path + ".")
        fuel = r.text(t, "fuel", path + ".fuel", None, FUEL_KINDS) or "wood_chips"
        props = fuel_properties()[fuel]
        out.append(
            FuelSource(
                name=r.text(t, "name", path + ".name") or f"source {i + 1}",
                fuel=fuel,  # type: ignore[arg-type]
                origin=r.text(t, "origin", path + ".origin", "local_supplier", FUEL_ORIGINS)
                or "local_supplier",  # type: ignore[arg-type]
                distance_km=r.req(t, "distance_km", path + ".distance_km", min_value=0),
                price_eur_per_mwh=r.req(
                    t, "price_eur_per_mwh", path + ".price_eur_per_mwh", min_value=0
                ),
                moisture_pct=r.opt(
                    t,
                    "moisture_pct",
                    path + ".moisture_pct",
                    props.typical_moisture_pct,
                    min_value=0,
                    max_value=70,
                ),
                max_mwh_per_a=r.number(t, "max_mwh_per_a", path + ".max_mwh_per_a", min_value=0),
                net_cv_dry_mj_per_kg=r.number(
                    t, "net_cv_dry_mj_per_kg", path + ".net_cv_dry_mj_per_kg", above=0
                ),
                dry_matter_kg_per_loose_m3=r.number(
                    t, "dry_matter_kg_per_loose_m3", path + ".dry_matter_kg_per_loose_m3", above=0
                ),
            )
        )
    return tuple(out)


NETWORK_KEYS = {
    "cost_eur_per_m",
    "cost_eur_per_m_per_kw",
    "heat_loss_w_per_m",
    "route_source",
    "detour_factor",
    "streets_file",
    "optimise",
    "method",
    "time_limit_s",
    "mip_rel_gap",
    "threads",
    "seed",
    "min_linear_heat_density_mwh_per_m",
}


def _network(r: _Reader, t: dict[str, Any], base_dir: Path | None) -> NetworkSpec:
    r.known(t, NETWORK_KEYS, "network.")
    source = (
        r.text(t, "route_source", "network.route_source", "euclidean", ("euclidean", "streets"))
        or "euclidean"
    )
    streets: tuple[StreetSegment, ...] = ()
    detour = 1.0
    if source == "streets":
        file_name = t.get("streets_file")
        if not isinstance(file_name, str):
            r.fail(
                "network.streets_file",
                "required with route_source = 'streets': a CSV, "
                "XLSX or JSON file with from_lat, from_lon, to_lat, to_lon",
            )
        else:
            try:
                streets = read_streets((base_dir or Path.cwd()) / file_name)
            except InputError as exc:
                for err in exc.errors:
                    col = f"network.streets_file ({file_name}) {err.column or ''}".strip()
                    r.errors.append(RowError(err.row, col, err.message))
    else:
        detour = r.req(t, "detour_factor", "network.detour_factor", min_value=1.0, max_value=3.0)
    return NetworkSpec(
        cost_eur_per_m=r.req(t, "cost_eur_per_m", "network.cost_eur_per_m", min_value=0),
        heat_loss_w_per_m=r.req(t, "heat_loss_w_per_m", "network.heat_loss_w_per_m", min_value=0),
        cost_eur_per_m_per_kw=r.opt(
            t, "cost_eur_per_m_per_kw", "network.cost_eur_per_m_per_kw", 0.0, min_value=0
        ),
        route_source=source,  # type: ignore[arg-type]
        detour_factor=detour,
        streets=streets,
        optimise=r.flag(t, "optimise", "network.optimise", True),
        method=r.text(
            t,
            "method",
            "network.method",
            "auto",  # type: ignore[arg-type]
            ("auto", "milp", "heuristic"),
        )
        or "auto",
        time_limit_s=r.opt(
            t, "time_limit_s", "network.time_limit_s", 60.0, above=0, max_value=86400
        ),
        mip_rel_gap=r.opt(t, "mip_rel_gap", "network.mip_rel_gap", 1e-4, min_value=0, max_value=1),
        threads=r.integer(t, "threads", "network.threads", 1, 1, MAX_THREADS),
        seed=r.integer(t, "seed", "network.seed", 0, 0, MAX_SEED),
        min_linear_heat_density_mwh_per_m=r.number(
            t,
            "min_linear_heat_density_mwh_per_m",
            "network.min_linear_heat_density_mwh_per_m",
            min_value=0,
        ),
    )


def _economics(r: _Reader, t: dict[str, Any]) -> Economics:
    from dataclasses import fields

    names = {f.name for f in fields(Economics)}
    r.known(t, names, "economics.")
    required = {"discount_rate_pct", "energy_charge_eur_per_mwh", "boiler_cost_eur_per_kw"}
    pct_like = {n for n in names if n.endswith("_pct")}
    values: dict[str, Any] = {}
    for n in sorted(names - {"contract_years", "loan_years", "target_return_pct"}):
        path = f"economics.{n}"
        if n in required:
            values[n] = r.req(t, n, path, min_value=0)
        else:
            values[n] = r.opt(
                t,
                n,
                path,
                0.0,
                min_value=0,
                max_value=100.0 if n in pct_like and "index" not in n else None,
            )
    values["target_return_pct"] = r.number(
        t, "target_return_pct", "economics.target_return_pct", min_value=0
    )
    values["contract_years"] = r.integer(
        t, "contract_years", "economics.contract_years", 15, 1, MAX_YEARS
    )
    values["loan_years"] = r.integer(t, "loan_years", "economics.loan_years", 0, 0, MAX_YEARS)
    if "contract_years" not in t:
        r.fail("economics.contract_years", "required whole number of years is missing")
    return Economics(**values)


def _emissions(r: _Reader, t: dict[str, Any]) -> EmissionSettings:
    r.known(
        t,
        {"grid_kg_co2e_per_mwh", "oil_boiler_efficiency", "heat_pump_scop", "fte_hours_per_a"},
        "emissions.",
    )
    return EmissionSettings(
        grid_kg_co2e_per_mwh=r.number(
            t, "grid_kg_co2e_per_mwh", "emissions.grid_kg_co2e_per_mwh", min_value=0
        ),
        oil_boiler_efficiency=r.number(
            t, "oil_boiler_efficiency", "emissions.oil_boiler_efficiency", above=0, max_value=1.1
        ),
        heat_pump_scop=r.number(t, "heat_pump_scop", "emissions.heat_pump_scop", above=0),
        fte_hours_per_a=r.number(t, "fte_hours_per_a", "emissions.fte_hours_per_a", above=0),
    )
