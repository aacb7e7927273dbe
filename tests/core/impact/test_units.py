from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.impact.units import UnitError, convert, parse_rate

ENERGY = ["J", "kJ", "MJ", "GJ", "TJ", "kWh", "MWh", "GWh"]


@given(st.floats(0, 1e12), st.sampled_from(ENERGY), st.sampled_from(ENERGY))
def test_energy_conversion_round_trips(value, a, b):
    assert convert(convert(value, a, b), b, a) == pytest.approx(value, rel=1e-9, abs=1e-9)


def test_exact_definitions():
    assert convert(1, "MWh", "GJ") == pytest.approx(3.6)
    assert convert(2.5, "t", "kg") == 2500
    assert convert(1, "t·km", "t.km") == 1


def test_mixed_dimensions_and_unknown_units_are_refused():
    with pytest.raises(UnitError):
        convert(1, "t", "MWh")
    with pytest.raises(UnitError):
        convert(1, "furlong", "km")
    assert parse_rate("g CO2e/kWh").numerator == "g"
