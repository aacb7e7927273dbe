"""Writes of the heat planner. Each function checks that the viewer may edit the project (the
organisation's admins and its clusters' coordinators), writes in one transaction and records an
audit entry. Inputs are validated by the core (``project_from_dict``, the customers importer),
so the web, the API and the CLI accept exactly the same projects."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from greencluster.core.errors import InputError, RowError
from greencluster.core.heat import (
    evaluate_with_sensitivity,
    project_from_dict,
    read_customers,
    read_streets,
    result_to_dict,
    sensitivity_to_dicts,
)
from greencluster.core.heat.demand import resolve_demand
from greencluster.core.heat.problem import BuildingType, Customer, StreetSegment
from greencluster.core.heat.problem import HeatProject as CoreProject
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record
from greencluster.web.heat import spec
from greencluster.web.heat.models import HeatCustomer, HeatEvaluation, HeatFuelSource, HeatProject
from greencluster.web.heat.selectors import can_edit, can_view
from greencluster.web.registry.models import Organisation, Site
from greencluster.web.registry.selectors import can_edit as can_edit_organisation

PLACEHOLDER_CUSTOMER = {"name": "-", "lat": 0.0, "lon": 0.0, "annual_heat_mwh": 1, "peak_kw": 1}
PLACEHOLDER_FUEL = {
    "name": "-",
    "fuel": "wood_chips",
    "origin": "other",
    "distance_km": 0,
    "price_eur_per_mwh": 0,
}


def _require_edit(viewer: Viewer, project: HeatProject) -> None:
    if not can_edit(viewer, project):
        raise PermissionDenied("only the organisation's admins and coordinators may change it")


@transaction.atomic
def _delete(
    viewer: Viewer,
    project: HeatProject,
    obj: Any,
    action: str,
    *,
    target: Any,
    changes: dict[str, Any],
) -> None:
    """Delete ``obj`` of ``project`` if the viewer may edit it, with an audit entry."""
    _require_edit(viewer, project)
    audit_record(actor=viewer.user, action=action, target=target, changes=changes)
    obj.delete()


def project_inputs(
    project: HeatProject,
    *,
    customers: Sequence[HeatCustomer] | None = None,
    fuel_sources: Sequence[HeatFuelSource] | None = None,
) -> dict[str, Any]:
    """The project's current inputs in the core's schema; ``customers`` and ``fuel_sources``,
    when the caller has loaded them already, save their queries."""
    if customers is None:
        customers = list(project.customers.all())
    if fuel_sources is None:
        fuel_sources = list(project.fuel_sources.all())
    return spec.project_inputs(
        name=project.name,
        start_year=project.start_year,
        plant_lat=project.plant_lat,
        plant_lon=project.plant_lon,
        settings=project.settings,
        customers=[spec.customer_inputs(c) for c in customers],
        fuel_sources=[spec.fuel_source_inputs(s) for s in fuel_sources],
        streets=project.streets,
    )


def project_problems(project: HeatProject, inputs: dict[str, Any]) -> list[RowError]:
    """What is still missing or wrong in ``inputs`` (see :func:`project_inputs`) before the
    project can be evaluated (empty: ready)."""
    try:
        core_project(inputs, label=project.name)
    except InputError as exc:
        return exc.errors
    return []


def core_project(inputs: dict[str, Any], label: str | None = None) -> CoreProject:
    """The core project of web inputs. Routes along streets: the segments come inline under
    ``streets`` (the core's TOML reads them from a file), as rows from_lat, from_lon, to_lat,
    to_lon; every problem is reported at once."""
    label = label or str((inputs.get("project") or {}).get("name", "project"))
    data = dict(inputs)
    raw_streets = data.pop("streets", None)
    network = dict(data.get("network") or {}) if isinstance(data.get("network"), dict) else None
    on_streets = network is not None and network.get("route_source") == "streets"
    errors: list[RowError] = []
    segments: tuple[StreetSegment, ...] = ()
    if on_streets and network is not None:
        network["route_source"] = "euclidean"
        network.setdefault("detour_factor", 1.0)
        data["network"] = network
        segments, errors = _street_segments(raw_streets)
    try:
        core = project_from_dict(data, label=label)
    except InputError as exc:
        raise InputError(exc.errors + errors, source=label) from None
    if errors:
        raise InputError(errors, source=label)
    if on_streets:
        street_network = dataclasses.replace(
            core.network, route_source="streets", streets=segments, detour_factor=1.0
        )
        core = dataclasses.replace(core, network=street_network)
    return core


def _street_segments(raw: Any) -> tuple[tuple[StreetSegment, ...], list[RowError]]:
    if not raw:
        message = "routes follow streets, but no streets are uploaded (from_lat, from_lon, ...)"
        return (), [RowError(None, "streets", message)]
    if not isinstance(raw, list):
        return (), [RowError(None, "streets", "expected a list of [lat, lon, lat, lon] rows")]
    out, errors = [], []
    limits = (90.0, 180.0, 90.0, 180.0)
    for i, row in enumerate(raw):
        ok = (
            isinstance(row, list | tuple)
            and len(row) == 4
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in row)
            and all(abs(v) <= limit for v, limit in zip(row, limits, strict=True))
        )
        if not ok:
            errors.append(
                RowError(
                    None,
                    f"streets[{i}]",
                    f"expected [from_lat, from_lon, to_lat, to_lon], got {row!r}",
                )
            )
            continue
        out.append(StreetSegment(*(float(v) for v in row)))
    return tuple(out), errors


def _building_types(settings: dict[str, Any]) -> dict[str, BuildingType]:
    raw = (settings.get("demand") or {}).get("building_types") or {}
    return {
        name: BuildingType(name, v["specific_heat_kwh_per_m2_a"], v["full_load_hours_h"])
        for name, v in raw.items()
    }


def _full_load_hours(settings: dict[str, Any]) -> float | None:
    value = (settings.get("demand") or {}).get("full_load_hours_h")
    return None if value is None else float(value)


@transaction.atomic
def heat_project_create(
    *,
    viewer: Viewer,
    organisation: Organisation,
    name: str,
    plant_lat: float,
    plant_lon: float,
    start_year: int,
    copy_from: HeatProject | None = None,
) -> HeatProject:
    """A new project; ``copy_from`` (a project the viewer may see) gives its plant, network,
    economics and fuel sources as a starting point (not its customers)."""
    if not can_edit_organisation(viewer, organisation):
        raise PermissionDenied("you may not plan heat projects for this organisation")
    if copy_from is not None and not can_view(viewer, copy_from):
        raise PermissionDenied("you may not see the project to copy")
    project = HeatProject.objects.create(
        organisation=organisation,
        name=name.strip(),
        plant_lat=plant_lat,
        plant_lon=plant_lon,
        start_year=start_year,
        settings=dict(copy_from.settings) if copy_from is not None else {},
        created_by=viewer.user if viewer.is_authenticated else None,
    )
    if copy_from is not None:
        HeatFuelSource.objects.bulk_create(
            [
                HeatFuelSource(
                    project=project,
                    name=s.name,
                    fuel=s.fuel,
                    origin=s.origin,
                    distance_km=s.distance_km,
                    price_eur_per_mwh=s.price_eur_per_mwh,
                    moisture_pct=s.moisture_pct,
                    max_mwh_per_a=s.max_mwh_per_a,
                    supplier=s.supplier,
                )
                for s in copy_from.fuel_sources.all()
            ]
        )
    audit_record(
        actor=viewer.user,
        action="heat-project.create",
        target=project,
        changes={"organisation": organisation.name, "copy_from": copy_from and copy_from.pk},
    )
    return project


@transaction.atomic
def heat_project_update(
    *,
    viewer: Viewer,
    project: HeatProject,
    name: str,
    start_year: int,
    plant_lat: float,
    plant_lon: float,
    settings: dict[str, Any],
) -> HeatProject:
    """Save the project's settings. Raises :class:`InputError` naming each wrong field (as a
    dotted path such as ``economics.discount_rate_pct``); nothing is saved then."""
    _require_edit(viewer, project)
    clean = {section: dict(settings.get(section) or {}) for section in spec.SECTIONS}
    inputs = spec.project_inputs(
        name=name,
        start_year=start_year,
        plant_lat=plant_lat,
        plant_lon=plant_lon,
        settings=clean,
        customers=[PLACEHOLDER_CUSTOMER],
        fuel_sources=[PLACEHOLDER_FUEL],
    )
    inputs.pop("streets", None)
    if inputs["network"].get("route_source") == "streets":
        inputs["streets"] = list(project.streets) or [[0.0, 0.0, 0.0, 0.0]]
    core_project(inputs, label=name)
    old = {"name": project.name, "settings": project.settings}
    project.name = name.strip()
    project.start_year = start_year
    project.plant_lat = plant_lat
    project.plant_lon = plant_lon
    project.settings = {k: v for k, v in clean.items() if v}
    project.save()
    audit_record(
        actor=viewer.user,
        action="heat-project.update",
        target=project,
        changes={"before": old, "after": {"name": project.name, "settings": project.settings}},
    )
    return project


def heat_project_delete(*, viewer: Viewer, project: HeatProject) -> None:
    _delete(
        viewer,
        project,
        project,
        "heat-project.delete",
        target=project.organisation,
        changes={"project": project.name},
    )


@transaction.atomic
def heat_customer_add(
    *,
    viewer: Viewer,
    project: HeatProject,
    name: str,
    lat: float,
    lon: float,
    annual_heat_mwh: float | None,
    peak_kw: float | None,
    current_heating: str = "oil",
    must_connect: bool = False,
    building_type: str = "",
    floor_area_m2: float | None = None,
    site: Site | None = None,
) -> HeatCustomer:
    """Add one customer; missing demand is estimated as the core does for uploads."""
    _require_edit(viewer, project)
    name = name.strip()
    if project.customers.filter(name=name).exists():
        raise InputError(RowError(None, "name", f"a customer named '{name}' is already there"))
    annual, peak = resolve_demand(
        annual_heat_mwh=annual_heat_mwh,
        peak_kw=peak_kw,
        building_type=building_type or None,
        floor_area_m2=floor_area_m2,
        building_types=_building_types(project.settings),
        full_load_hours_h=_full_load_hours(project.settings),
        where=f"customer '{name}'",
    )
    customer = HeatCustomer.objects.create(
        project=project,
        name=name,
        lat=lat,
        lon=lon,
        annual_heat_mwh=annual,
        peak_kw=peak,
        current_heating=current_heating,
        must_connect=must_connect,
        building_type=building_type,
        floor_area_m2=floor_area_m2,
        site=site,
    )
    audit_record(
        actor=viewer.user,
        action="heat-customer.add",
        target=project,
        changes={"customer": name, "site": site.pk if site else None},
    )
    return customer


def _store_customers(project: HeatProject, customers: Sequence[Customer]) -> None:
    """Save validated core customers as rows of ``project``."""
    HeatCustomer.objects.bulk_create(
        [
            HeatCustomer(
                project=project,
                name=c.name,
                lat=c.lat,
                lon=c.lon,
                annual_heat_mwh=c.annual_heat_mwh,
                peak_kw=c.peak_kw,
                current_heating=c.current_heating,
                must_connect=c.must_connect,
                building_type=c.building_type or "",
                floor_area_m2=c.floor_area_m2,
                current_co2_kg_per_mwh=c.current_co2_kg_per_mwh,
            )
            for c in customers
        ]
    )


@transaction.atomic
def heat_customers_import(
    *, viewer: Viewer, project: HeatProject, data: bytes, filename: str, replace: bool
) -> int:
    """Import customers from CSV/XLSX/JSON with the core's importer, all or nothing. With
    ``replace`` the project's customers are replaced, otherwise the rows are added (a name
    already in the project is a row error). Returns the number of customers imported."""
    _require_edit(viewer, project)
    customers = read_customers(
        data,
        name=filename,
        building_types=_building_types(project.settings),
        full_load_hours_h=_full_load_hours(project.settings),
    )
    if not replace:
        existing = set(project.customers.values_list("name", flat=True))
        clashes = [c.name for c in customers if c.name in existing]
        if clashes:
            raise InputError(
                [
                    RowError(None, "name", f"'{n}' is already a customer of this project")
                    for n in clashes
                ],
                source=filename,
            )
    else:
        project.customers.all().delete()
    _store_customers(project, customers)
    audit_record(
        actor=viewer.user,
        action="heat-customer.import",
        target=project,
        changes={"file": filename, "rows": len(customers), "replace": replace},
    )
    return len(customers)


@transaction.atomic
def heat_streets_import(*, viewer: Viewer, project: HeatProject, data: bytes, filename: str) -> int:
    """Replace the project's street segments from a CSV/XLSX/JSON file (from_lat, from_lon,
    to_lat, to_lon), all or nothing. Returns the number of segments."""
    _require_edit(viewer, project)
    segments = read_streets(data, name=filename)
    project.streets = [[s.from_lat, s.from_lon, s.to_lat, s.to_lon] for s in segments]
    project.save(update_fields=["streets", "updated_at"])
    audit_record(
        actor=viewer.user,
        action="heat-streets.import",
        target=project,
        changes={"file": filename, "segments": len(segments)},
    )
    return len(segments)


def heat_customer_delete(*, viewer: Viewer, customer: HeatCustomer) -> None:
    _delete(
        viewer,
        customer.project,
        customer,
        "heat-customer.delete",
        target=customer.project,
        changes={"customer": customer.name},
    )


@transaction.atomic
def heat_fuel_source_add(
    *,
    viewer: Viewer,
    project: HeatProject,
    name: str,
    fuel: str,
    origin: str,
    distance_km: float,
    price_eur_per_mwh: float,
    moisture_pct: float | None = None,
    max_mwh_per_a: float | None = None,
    supplier: Organisation | None = None,
) -> HeatFuelSource:
    _require_edit(viewer, project)
    row = {
        "name": name.strip(),
        "fuel": fuel,
        "origin": origin,
        "distance_km": distance_km,
        "price_eur_per_mwh": price_eur_per_mwh,
    }
    if moisture_pct is not None:
        row["moisture_pct"] = moisture_pct
    if max_mwh_per_a is not None:
        row["max_mwh_per_a"] = max_mwh_per_a
    inputs = spec.project_inputs(
        name=project.name,
        start_year=project.start_year,
        plant_lat=project.plant_lat,
        plant_lon=project.plant_lon,
        settings={},
        customers=[PLACEHOLDER_CUSTOMER],
        fuel_sources=[row],
    )
    inputs["network"].update(cost_eur_per_m=0, heat_loss_w_per_m=0, detour_factor=1)
    inputs["economics"].update(
        contract_years=1, discount_rate_pct=0, energy_charge_eur_per_mwh=0, boiler_cost_eur_per_kw=0
    )
    try:
        project_from_dict(inputs)
    except InputError as exc:
        raise InputError(
            [
                RowError(None, (e.column or "").removeprefix("fuel_sources[0]."), e.message)
                for e in exc.errors
            ]
        ) from None
    source = HeatFuelSource.objects.create(project=project, supplier=supplier, **row)
    audit_record(
        actor=viewer.user, action="heat-fuel-source.add", target=project, changes={"source": name}
    )
    return source


def heat_fuel_source_delete(*, viewer: Viewer, source: HeatFuelSource) -> None:
    _delete(
        viewer,
        source.project,
        source,
        "heat-fuel-source.delete",
        target=source.project,
        changes={"source": source.name},
    )


def heat_evaluation_run(*, viewer: Viewer, project: HeatProject, label: str) -> HeatEvaluation:
    """Evaluate the project's current inputs (network optimisation, money, CO2, sensitivity)
    and keep the result as a scenario. Raises :class:`InputError` naming each field that is
    missing or wrong; the solve runs outside the database transaction."""
    _require_edit(viewer, project)
    inputs = project_inputs(project)
    started = time.perf_counter()
    result, bars = evaluate_with_sensitivity(core_project(inputs))
    seconds = time.perf_counter() - started
    with transaction.atomic():
        evaluation = HeatEvaluation.objects.create(
            project=project,
            label=label.strip() or f"Scenario {project.evaluations.count() + 1}",
            inputs=inputs,
            result=result_to_dict(result),
            sensitivity=sensitivity_to_dicts(bars),
            seconds=seconds,
            created_by=viewer.user if viewer.is_authenticated else None,
        )
        audit_record(
            actor=viewer.user,
            action="heat-evaluation.run",
            target=project,
            changes={"evaluation": evaluation.pk, "label": evaluation.label},
        )
    return evaluation


def heat_evaluation_delete(*, viewer: Viewer, evaluation: HeatEvaluation) -> None:
    _delete(
        viewer,
        evaluation.project,
        evaluation,
        "heat-evaluation.delete",
        target=evaluation.project,
        changes={"label": evaluation.label},
    )


FILE_KEYS = (("customers_file",), ("network", "streets_file"))


@transaction.atomic
def heat_project_import(
    *, viewer: Viewer, organisation: Organisation, data: dict[str, Any]
) -> HeatProject:
    """Create a project from a document in the core's TOML schema (docs/heat.md), as JSON.
    Customers and fuel sources must be inline: a file named in the document is refused (the
    server reads no paths given by callers)."""
    if not can_edit_organisation(viewer, organisation):
        raise PermissionDenied("you may not plan heat projects for this organisation")
    errors = []
    for keys in FILE_KEYS:
        holder: Any = data
        for key in keys[:-1]:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and keys[-1] in holder:
            errors.append(RowError(None, ".".join(keys), "files are not read here: inline them"))
    if errors:
        raise InputError(errors, source="project")
    core = core_project(data, label="project")
    raw_settings = {s: dict(data.get(s) or {}) for s in spec.SECTIONS}
    project = HeatProject.objects.create(
        organisation=organisation,
        name=core.name,
        start_year=core.start_year,
        plant_lat=core.plant.lat,
        plant_lon=core.plant.lon,
        settings={k: v for k, v in raw_settings.items() if v},
        streets=[[s.from_lat, s.from_lon, s.to_lat, s.to_lon] for s in core.network.streets],
        created_by=viewer.user if viewer.is_authenticated else None,
    )
    _store_customers(project, core.customers)
    raw_sources = data.get("fuel_sources") or []
    HeatFuelSource.objects.bulk_create(
        [
            HeatFuelSource(
                project=project,
                name=s.name,
                fuel=s.fuel,
                origin=s.origin,
                distance_km=s.distance_km,
                price_eur_per_mwh=s.price_eur_per_mwh,
                moisture_pct=raw.get("moisture_pct"),
                max_mwh_per_a=s.max_mwh_per_a,
            )
            for s, raw in zip(core.fuel_sources, raw_sources, strict=True)
        ]
    )
    audit_record(
        actor=viewer.user,
        action="heat-project.import",
        target=project,
        changes={"organisation": organisation.name, "customers": len(core.customers)},
    )
    return project
