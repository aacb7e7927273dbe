import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.matching.units import (
    _AMOUNTS,
    _AMOUNTS_AS_WRITTEN,
    _PERIODS,
    UnitError,
    convert,
    parse_unit,
)


@pytest.mark.parametrize(
    ("unit", "quantity", "expected"),
    [
        ("t/a", 5, (5, "t")),
        ("kg/a", 2500, (2.5, "t")),
        ("t/month", 10, (120, "t")),
        ("t / kk", 10, (120, "t")),
        ("tonnes per year", 3, (3, "t")),
        ("t/d", 2, (730, "t")),
        ("MWh/a", 7, (7, "MWh")),
        ("GWh/a", 2, (2000, "MWh")),
        ("kWh/a", 500, (0.5, "MWh")),
        ("GJ/a", 36, (10, "MWh")),
        ("m3/a", 4, (4, "m3")),
        ("m³/vuosi", 4, (4, "m3")),
        ("l/a", 1000, (1, "m3")),
        ("MWh", 9, (9, "MWh")),
        ("Mt/a", 2, (2e6, "t")),
        ("kt/a", 3, (3000, "t")),
    ],
)
def test_units_convert_to_a_canonical_basis_per_year(unit, quantity, expected):
    amount, basis = convert(quantity, unit)
    assert basis == expected[1]
    assert amount == pytest.approx(expected[0])


@pytest.mark.parametrize(
    "unit", ["", "/", " / ", "MW", "pcs/a", "t/fortnight", "bananas", "MT/a", "mt/a", "mt"]
)
def test_unknown_units_say_what_is_expected(unit):
    with pytest.raises(UnitError, match="t/a"):
        parse_unit(unit)


def test_price_per_kg_becomes_price_per_tonne():
    assert parse_unit("kg/month").price_per_basis_unit(0.05) == pytest.approx(50)


amounts = st.sampled_from(sorted({*_AMOUNTS, *_AMOUNTS_AS_WRITTEN})).flatmap(
    lambda key: st.sampled_from([key, key.upper(), key.capitalize()])
)
units = st.builds(
    lambda amount, sep, period: amount + sep + period,
    amounts,
    st.sampled_from(["/", " / ", " per ", "/ ", ""]),
    st.sampled_from(["", *sorted(_PERIODS)]),
)


@given(st.one_of(units, st.text(max_size=12)))
def test_parse_unit_either_parses_or_raises_unit_error(text):
    try:
        unit = parse_unit(text)
    except UnitError as exc:
        assert "expected" in str(exc)
    else:
        assert unit.basis in ("t", "MWh", "m3")
        assert unit.factor_per_a > 0
        if unit.amount_factor == 1e6 and unit.basis == "t":
            assert text.strip().startswith("Mt")  # never "MT" or "mt" (metric tonnes)
