from __future__ import annotations

import pytest

from greencluster.core.errors import InputError
from greencluster.core.impact import (
    Activity,
    MemberReport,
    account,
    default_table,
    factor_row_from_mapping,
    parse_factor_rows,
)
from greencluster.core.impact.factors import FactorRowError


def test_every_shipped_row_is_sourced_and_missing_values_are_explicit():
    table = default_table()
    assert len(table.rows) > 500
    for row in table.rows:
        assert row.source, row
        if row.value is not None:
            assert row.licence and row.year, row
        else:
            assert "missing" in row.source or "empty" in row.note, row


def test_the_table_covers_the_issue_s_factor_families():
    table = default_table()
    for fuel in ("light_fuel_oil", "heavy_fuel_oil", "natural_gas", "peat", "wood_chips"):
        assert table.find(f"fuel.{fuel}", "ncv") is not None
    for country in ("FI", "SE", "NO", "EE", "DK", "DE", "EU"):
        row = table.find(f"electricity.{country}", "co2e", region=country, scope="2") or (
            table.find(f"electricity.{country}", "co2", region=country, scope="2")
        )
        assert row is not None and row.value is not None, country
    assert table.keys("freight.rail")
    assert table.keys("waste.")
    assert table.find("fuel.wood_chips", "co2_biogenic") is not None


def test_electricity_uses_the_closest_earlier_year():
    table = default_table()
    row = table.find("electricity.FI", "co2", region="FI", year=2015, scope="2")
    assert row is not None and row.year == 2015
    row = table.find("electricity.SE", "co2", region="SE", year=2022, scope="2")
    assert row is not None and row.year == 2020


def test_cluster_override_replaces_the_shipped_row_and_is_traced():
    base = default_table()
    override = factor_row_from_mapping(
        {
            "key": "district_heat.FI",
            "gas": "co2e",
            "value": "0.150",
            "unit": "kg CO2e/kWh",
            "scope": "2",
            "category": "heat_location",
            "region": "FI",
            "year": "",
            "source": "Demo network's published factor 2024",
        },
        origin="override:demo",
    )
    report = MemberReport("m", 2025, "FI", activities=(Activity("heat", "", 100, "MWh"),))
    assert account(report, base).missing  # shipped: no district heat factor
    inv = account(report, base.with_overrides([override]))
    assert inv.scope_t("2") == pytest.approx(15.0)  # 100 000 kWh x 0.150 kg = 15 t
    assert inv.figures[0].rows[0].origin == "override:demo"


def test_override_needs_a_source_and_a_valid_unit():
    text = "key,gas,value,unit,scope,category,region,year,source\n"
    text += "fuel.peat,co2e,1,kg CO2e/parsec,3,x,,2024,Somewhere\n"
    text += "fuel.peat,co2e,-1,kg CO2e/t,3,x,,2024,\n"
    with pytest.raises(InputError) as exc:
        parse_factor_rows(text, origin="override:x")
    cells = {(e.row, e.column) for e in exc.value.errors}
    assert cells == {(2, "unit"), (3, "value")}


@pytest.mark.parametrize(
    ("cells", "column"),
    [({"year": "²⁰²⁴"}, "year"), ({"value": "nan"}, "value"), ({"value": "inf"}, "value")],
)
def test_a_factor_row_with_odd_digits_or_no_finite_value_is_a_row_error(cells, column):
    raw = {
        "key": "district_heat.FI",
        "gas": "co2e",
        "value": "0.150",
        "unit": "kg CO2e/kWh",
        "scope": "2",
        "source": "test",
        **cells,
    }
    with pytest.raises(FactorRowError) as info:
        factor_row_from_mapping(raw, origin="override:test")
    assert info.value.column == column
