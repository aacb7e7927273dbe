"""Fuel arithmetic, TOML and customer-table validation: bad input names its field or row."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.errors import InputError
from greencluster.core.heat import load_project_toml, read_customers
from greencluster.core.heat.demand import diversity_factor, energy_above_capacity_share
from greencluster.core.heat.fuel import mwh_per_loose_m3, mwh_per_t

EXAMPLE = Path(__file__).parents[3] / "examples" / "heat" / "village_school.toml"


@given(st.floats(15, 22), st.floats(0, 60), st.floats(0.5, 20))
def test_wetter_fuel_holds_less_energy_per_tonne(dry: float, moisture: float, step: float) -> None:
    assert mwh_per_t(dry, moisture + step) < mwh_per_t(dry, moisture)
    assert mwh_per_t(dry, 0.0) == pytest.approx(dry / 3.6)


def test_pellets_and_chips_match_handbook_ranges() -> None:
    # EN ISO 17225-2 A1 pellets >= 16.5 MJ/kg (4.58 MWh/t); chips 0.7-0.9 MWh per loose m3
    assert mwh_per_t(18.9, 8) > 16.5 / 3.6
    assert 0.68 < mwh_per_loose_m3(19.2, 45, 150) < 0.9


@given(st.integers(1, 10_000))
def test_diversity_falls_with_more_customers(n: int) -> None:
    assert 0.44 < diversity_factor(n + 1) <= diversity_factor(n) <= 1.0


@given(st.floats(1, 5000), st.floats(1, 2000), st.floats(0, 2000))
def test_backup_share_is_a_share(annual: float, peak: float, capacity: float) -> None:
    share = energy_above_capacity_share(annual, peak, capacity)
    assert 0.0 <= share <= 1.0
    if capacity >= peak:
        assert share == 0.0


def test_example_project_loads() -> None:
    project = load_project_toml(EXAMPLE)
    assert len(project.customers) == 11
    house = next(c for c in project.customers if c.name == "House Niemi")
    assert house.annual_heat_mwh == pytest.approx(160 * 150 / 1000)
    assert house.peak_kw == pytest.approx(24.0 * 1000 / 2200)


def test_bad_toml_names_every_field(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("discount_rate_pct = 6", 'discount_rate_pct = "six"')
    text = text.replace("cost_eur_per_m = 260", "cost_eur_per_m = -5\ncost_per_meter = 3")
    text = text.replace('fuel = "sawdust"', 'fuel = "coal"')
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    (tmp_path / "village_customers.csv").write_text(
        (EXAMPLE.parent / "village_customers.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_project_toml(bad)
    message = str(info.value)
    assert "economics.discount_rate_pct: expected a number" in message.replace(
        "column '", ""
    ).replace("'", "")
    assert "network.cost_eur_per_m" in message
    assert "network.cost_per_meter" in message and "unknown key" in message
    assert "fuel_sources[1].fuel" in message and "coal" in message


def test_toml_syntax_error_is_reported() -> None:
    with pytest.raises(InputError, match="not valid TOML"):
        load_project_toml("[site\nlat = 1")


def test_customer_upload_errors_name_row_and_column() -> None:
    csv = (
        b"name,lat,lon,annual_heat_mwh,peak_kw,current_heating\n"
        b"School,62.9,23.0,400,200,oil\n"
        b"Shop,95,23.0,50,20,oil\n"
        b"School,62.9,23.0,10,5,coal\n"
        b"Hall,62.9,23.0,,,oil\n"
    )
    with pytest.raises(InputError) as info:
        read_customers(csv, name="customers.csv")
    rows = {(e.row, e.column) for e in info.value.errors}
    assert (3, "lat") in rows
    assert (4, "current_heating") in rows
    assert (5, "annual_heat_mwh") in rows
    fixed = csv.replace(b"Shop,95", b"Shop,62.9").replace(b"coal", b"oil")
    with pytest.raises(InputError) as info:
        read_customers(fixed, name="customers.csv")
    rows = {(e.row, e.column) for e in info.value.errors}
    assert rows == {(4, "name"), (5, "annual_heat_mwh")}


def test_customer_upload_estimates_demand_from_floor_area() -> None:
    from greencluster.core.heat import BuildingType

    csv = b"name;lat;lon;building_type;floor_area_m2\nHouse;62,9;23,0;house;120\n"
    (house,) = read_customers(
        csv, name="c.csv", building_types={"house": BuildingType("house", 150.0, 2000.0)}
    )
    assert house.annual_heat_mwh == pytest.approx(18.0)
    assert house.peak_kw == pytest.approx(9.0)


def test_a_demand_too_large_to_compute_names_its_row_and_column() -> None:
    from greencluster.core.heat import BuildingType

    csv = (
        b"name,lat,lon,annual_heat_mwh,building_type,floor_area_m2\n"
        b"Huge,62.9,23.0,1e308,,\n"
        b"Vast,62.9,23.0,,house,1.7e308\n"
    )
    with pytest.raises(InputError) as info:
        read_customers(
            csv,
            name="c.csv",
            building_types={"house": BuildingType("house", 150.0, 2000.0)},
            full_load_hours_h=2000.0,
        )
    assert {(e.row, e.column) for e in info.value.errors} == {
        (2, "annual_heat_mwh"),
        (3, "floor_area_m2"),
    }
    assert "too large" in str(info.value)


@pytest.mark.parametrize("value", ["0", "-5"])
@pytest.mark.parametrize("occurrence", [0, 1])  # [demand] and [demand.building_types.<x>]
def test_a_refused_number_is_reported_not_computed_with(
    tmp_path: Path, value: str, occurrence: int
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    parts = text.split("full_load_hours_h = 2200")
    assert len(parts) == 3
    parts[occurrence] += f"full_load_hours_h = {value}"
    parts[1 - occurrence] += "full_load_hours_h = 2200"
    bad = tmp_path / "bad.toml"
    bad.write_text("".join(parts), encoding="utf-8")
    (tmp_path / "village_customers.csv").write_text(
        (EXAMPLE.parent / "village_customers.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_project_toml(bad)
    assert "full_load_hours_h: expected a number above 0" in str(info.value).replace("'", "")


def _example_with(change) -> dict:  # type: ignore[no-untyped-def]
    import tomllib

    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["project"].update(name="x" * 201), "project.name"),
        (lambda d: d["project"].update(name="School\x00"), "project.name"),
        (lambda d: d["project"].update(start_year=40000), "project.start_year"),
        (lambda d: d["economics"].update(contract_years=10**12), "economics.contract_years"),
        (lambda d: d["economics"].update(loan_years=101), "economics.loan_years"),
        (lambda d: d["network"].update(seed=2**40), "network.seed"),
        (lambda d: d["network"].update(threads=10**6), "network.threads"),
        (lambda d: d["fuel_sources"][0].update(name="y" * 300), "fuel_sources[0].name"),
        (
            lambda d: d["demand"]["building_types"].update({"z" * 81: {}}),
            "demand.building_types." + "z" * 81,
        ),
    ],
)
def test_names_and_whole_numbers_beyond_what_is_stored_or_computed_are_refused(
    change, field
) -> None:
    from greencluster.core.heat import project_from_dict

    with pytest.raises(InputError) as info:
        project_from_dict(_example_with(change), base_dir=EXAMPLE.parent)
    assert field in {e.column for e in info.value.errors}


def test_customer_names_and_building_types_longer_than_stored_are_row_errors() -> None:
    csv = (
        "name,lat,lon,annual_heat_mwh,peak_kw,building_type\n"
        f"{'n' * 201},62.9,23.0,10,5,\n"
        f"School,62.9,23.0,10,5,{'b' * 81}\n"
    ).encode()
    with pytest.raises(InputError) as info:
        read_customers(csv, name="c.csv")
    assert {(e.row, e.column) for e in info.value.errors} == {(2, "name"), (3, "building_type")}
