import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greencluster.core.errors import InputError
from greencluster.core.matching import io
from greencluster.core.matching.io import read_listings


class FakeSuggestion:
    class_id = "product.fly-ash"
    ewc = None
    confidence = 0.9


class FakeClassification:
    best = FakeSuggestion()
    low_confidence = False


def fake_classify(texts):
    return [FakeClassification() for _ in texts]


cells = st.text(alphabet=string.ascii_letters + string.digits + " ./-", max_size=8)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(cells, cells, cells, cells), min_size=1, max_size=6))
def test_any_file_either_reads_or_names_rows_and_columns_that_exist(rows):
    lines = ["id,organization,role,resource,quantity,unit,lat,lon"]
    for i, (role, quantity, unit, lat) in enumerate(rows):
        lines.append(f"L{i},Org{i},{role},fly ash,{quantity},{unit},{lat},24.0")
    data = ("\n".join(lines) + "\n").encode()
    try:
        read = read_listings(data, name="listings.csv", classify=fake_classify)
    except InputError as exc:
        columns = {"role", "quantity", "unit", "lat", "lon", "place", "id"}
        for error in exc.errors:
            assert error.row is not None and 2 <= error.row <= len(rows) + 1
            assert error.column in columns
            assert error.message
    else:
        for item in read.listings:
            assert item.role in ("offer", "need")
            assert -90 <= item.lat <= 90


def test_quantities_and_prices_are_normalised_per_year_and_basis_unit():
    data = (
        "id,organization,role,resource,quantity,unit,price_eur_per_unit,place\n"
        "a,Org,offer,ash,2,t/month,0.05,Turku\n"
        "b,Org,need,ash,500,kg/a,,Åbo\n"
    ).encode()
    a, b = read_listings(data, name="x.csv", classify=fake_classify).listings
    assert (a.quantity_per_a, a.basis, a.price_eur_per_unit) == (24.0, "t", 0.05)
    assert (b.quantity_per_a, b.basis) == (0.5, "t")
    assert (a.lat, a.lon) == (b.lat, b.lon)


def test_a_row_with_a_bad_cell_still_has_its_other_cells_checked():
    data = (
        b"id,organization,role,resource,quantity,unit,place,available_from,available_until\n"
        b"a,Org,offer,ash,lots,t/a,Atlantis,2026-05-01,2026-01-01\n"
        b"a,Org,need,ash,5,t/a,Vaasa,,\n"
    )
    with pytest.raises(InputError) as caught:
        read_listings(data, name="x.csv", classify=fake_classify)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(2, "quantity"), (2, "place"), (2, "available_until"), (3, "id")}


def test_each_place_is_looked_up_once(monkeypatch):
    asked = []

    def counting(place, country=None):
        asked.append(place)
        return (60.45, 22.27)

    monkeypatch.setattr(io, "geocode", counting)
    data = b"id,organization,role,resource,place\na,Org,offer,ash,Turku\nb,Org,need,ash,Abo\n"
    assert len(read_listings(data, name="x.csv", classify=fake_classify).listings) == 2
    assert asked == ["Turku", "Abo"]


def test_a_quantity_or_price_too_large_to_convert_names_its_row_and_column():
    data = (
        b"id,organization,role,resource,quantity,unit,price_eur_per_unit,place\n"
        b"a,Org,offer,ash,1e308,t/month,,Turku\n"
        b"b,Org,need,ash,5,kg/a,1e308,Turku\n"
        b"c,Org,need,ash,5,kg/a,1e300,Turku\n"
    )
    with pytest.raises(InputError) as info:
        read_listings(data, name="x.csv", classify=fake_classify)
    assert [(e.row, e.column) for e in info.value.errors] == [
        (2, "quantity"),
        (3, "price_eur_per_unit"),
    ]
    assert "too large once converted to EUR per t" in str(info.value)
