"""Heat customers and street files, and project TOML: a valid project or every problem named."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.errors import InputError
from greencluster.core.heat.customers_io import read_customers, read_streets
from greencluster.core.heat.problem import CURRENT_HEATING, BuildingType
from greencluster.core.heat.toml_io import load_project_toml, project_from_dict
from tests.core.fuzz.strategies import (
    assert_reported,
    fuzz_settings,
    hostile_text,
    input_errors,
    numbers_as_text,
    raw_file,
    structured_file,
)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl.*")

CUSTOMER_COLUMNS = {
    "name": st.text("abcdefghijklmnopqrstuvwxyzäöå ", min_size=1, max_size=10),
    "lat": numbers_as_text(59, 70),
    "lon": numbers_as_text(18, 30),
    "annual_heat_mwh": numbers_as_text(0, 5000),
    "peak_kw": st.one_of(st.just(""), numbers_as_text(1, 3000)),
    "building_type": st.just(""),
    "floor_area_m2": st.just(""),
    "current_heating": st.sampled_from(["", *CURRENT_HEATING]),
    "current_co2_kg_per_mwh": st.one_of(st.just(""), numbers_as_text(0, 400)),
    "must_connect": st.sampled_from(["", "yes", "no", "kyllä"]),
}
# Buildings given by type and floor area instead of their annual demand.
BY_TYPE = st.fixed_dictionaries(
    {
        **CUSTOMER_COLUMNS,
        "annual_heat_mwh": st.just(""),
        "building_type": st.sampled_from(["school", "house", "castle"]),
        "floor_area_m2": numbers_as_text(10, 50000),
    }
)
CUSTOMERS = structured_file(
    CUSTOMER_COLUMNS, rows=st.one_of(st.fixed_dictionaries(CUSTOMER_COLUMNS), BY_TYPE)
)
TYPES = {"school": BuildingType("school", 150.0, 2200.0), "house": BuildingType("house", 120, 2000)}
STREET_COLUMNS = {
    "from_lat": numbers_as_text(59, 70),
    "from_lon": numbers_as_text(18, 30),
    "to_lat": numbers_as_text(59, 70),
    "to_lon": numbers_as_text(18, 30),
}


def finite(value, low=0.0):
    return value is not None and math.isfinite(value) and value >= low


@fuzz_settings(200)
@given(
    upload=st.one_of(CUSTOMERS, CUSTOMERS, raw_file()),
    flh=st.sampled_from([None, 2000.0, 0.5]),
)
def test_customers_read_into_buildings_with_finite_demand_or_name_every_problem(upload, flh):
    def read():
        return read_customers(
            upload.data, name=upload.name, building_types=TYPES, full_load_hours_h=flh
        )

    customers, error = input_errors(read)
    if error is not None:
        assert_reported(error, upload, columns=set(CUSTOMER_COLUMNS))
        return
    assert customers
    assert len({c.name for c in customers}) == len(customers)
    for c in customers:
        assert c.name.strip()
        assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180
        assert finite(c.annual_heat_mwh) and finite(c.peak_kw) and c.peak_kw > 0
        assert c.current_heating in CURRENT_HEATING


@fuzz_settings(100)
@given(upload=st.one_of(structured_file(STREET_COLUMNS), raw_file()))
def test_streets_read_into_segments_on_earth_or_name_every_problem(upload):
    segments, error = input_errors(lambda: read_streets(upload.data, name=upload.name))
    if error is not None:
        assert_reported(error, upload, columns=set(STREET_COLUMNS))
        return
    assert segments
    for s in segments:
        assert -90 <= s.from_lat <= 90 and -90 <= s.to_lat <= 90
        assert -180 <= s.from_lon <= 180 and -180 <= s.to_lon <= 180


# --- project TOML ---------------------------------------------------------------------------

VALID = {
    "project": {"name": "Village", "start_year": 2027},
    "site": {"lat": 63.1, "lon": 21.6},
    "demand": {"full_load_hours_h": 2200},
    "customers": [
        {"name": "School", "lat": 63.1, "lon": 21.61, "annual_heat_mwh": 500},
        {"name": "Hall", "lat": 63.11, "lon": 21.6, "annual_heat_mwh": 200, "peak_kw": 120},
    ],
    "plant": {"boiler_capacity_kw": 600},
    "fuel_sources": [{"fuel": "wood_chips", "distance_km": 20, "price_eur_per_mwh": 25}],
    "network": {"cost_eur_per_m": 400, "heat_loss_w_per_m": 15, "detour_factor": 1.3},
    "economics": {
        "discount_rate_pct": 5,
        "energy_charge_eur_per_mwh": 90,
        "boiler_cost_eur_per_kw": 500,
        "contract_years": 15,
    },
}
HOSTILE_VALUES = st.one_of(
    st.sampled_from(
        [
            -1,
            0,
            1e308,
            -1e308,
            float("nan"),
            float("inf"),
            2**63 - 1,
            -(2**63),
            True,
            "",
            "5",
            [],
            {},
            [1, 2],
            {"x": 1},
        ]
    ),
    hostile_text,
    st.integers(),
    st.floats(),
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replace(value, path, new):
    if not path:
        return new
    head, *rest = path
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replace(copy[head], rest, new)
    return copy


def _drop(value, path):
    *parent, last = path
    holder = _replace(value, (), value)
    target = holder
    for key in parent:
        target = target[key]
    return _replace(
        holder,
        tuple(parent),
        {k: v for k, v in target.items() if k != last}
        if isinstance(target, dict)
        else [v for i, v in enumerate(target) if i != last],
    )


PATHS = [p for p in _paths(VALID) if p]


@st.composite
def projects(draw):
    """The valid project with some values replaced by hostile ones, keys dropped or added."""
    project = VALID
    for _ in range(draw(st.integers(0, 4))):
        path = draw(st.sampled_from(PATHS))
        action = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        try:
            if action == "replace":
                project = _replace(project, path, draw(HOSTILE_VALUES))
            elif action == "drop":
                project = _drop(project, path)
            else:
                project = (
                    _replace(project, (*path[:-1], "typo_key"), 1)
                    if len(path) > 1
                    else {
                        **project,
                        "typo": 1,
                    }
                )
        except (KeyError, IndexError, TypeError):
            continue
    return project


def check_project(project):
    assert project.customers and project.fuel_sources
    names = [c.name for c in project.customers]
    assert len(set(names)) == len(names)
    for c in project.customers:
        assert finite(c.annual_heat_mwh) and finite(c.peak_kw)
        assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180
    for s in project.fuel_sources:
        assert finite(s.distance_km) and finite(s.price_eur_per_mwh)
    assert finite(project.economics.discount_rate_pct)
    assert project.economics.contract_years >= 1
    assert 1 <= project.network.detour_factor <= 3


@fuzz_settings(200)
@given(data=projects())
def test_a_project_reads_into_finite_values_or_names_every_field_at_fault(data):
    project, error = input_errors(lambda: project_from_dict(data, label="fuzz.toml"))
    if error is None:
        check_project(project)
        return
    assert error.errors
    for e in error.errors:
        assert e.message.strip() and e.column, e


@fuzz_settings(100)
@given(
    text=st.one_of(
        st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))
    ).map(lambda t: "x = 1\n" + t)
)
def test_any_toml_text_reads_or_is_refused_as_input(text):
    try:
        load_project_toml(text)
    except InputError as exc:
        assert exc.errors and str(exc)
