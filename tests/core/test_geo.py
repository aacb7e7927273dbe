import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.geo import geocode, great_circle_km


def test_helsinki_to_tallinn_is_about_80_km():
    hel = geocode("Helsinki")
    tll = geocode("Tallinn")
    assert hel is not None and tll is not None
    assert great_circle_km(*hel, *tll) == pytest.approx(81, abs=5)


@pytest.mark.parametrize("name", ["Vaasa", "Vasa", "vaasa", "Vaasa, FI", "Vasa, Finland"])
def test_alternate_names_and_country_suffix_find_the_same_town(name):
    found = geocode(name)
    assert found is not None
    assert found == pytest.approx((63.096, 21.616), abs=0.05)


def test_turku_is_found_by_its_swedish_name_and_unknown_places_are_none():
    assert geocode("Åbo") == geocode("Turku")
    assert geocode("Atlantis") is None
    assert geocode("Vaasa", country="SE") is None


@given(st.floats(-80, 80), st.floats(-179, 179), st.floats(-80, 80), st.floats(-179, 179))
def test_distance_is_symmetric_and_bounded(lat1, lon1, lat2, lon2):
    d = great_circle_km(lat1, lon1, lat2, lon2)
    assert d == pytest.approx(great_circle_km(lat2, lon2, lat1, lon1), abs=1e-6)
    assert 0 <= d <= 20_016
