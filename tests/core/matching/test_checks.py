import numpy as np

from greencluster.core.matching.checks import check_allocation, check_pair, check_suggestions
from greencluster.core.matching.problem import Listing, ListingTable
from tests.core.matching.fakes import fake


def table():
    return ListingTable.from_listings(
        [
            Listing(
                "o",
                "Plant",
                "offer",
                "ash",
                "ewc.100102",
                lat=60.0,
                lon=24.0,
                quantity_per_a=100.0,
                basis="t",
            ),
            Listing(
                "n",
                "Cement",
                "need",
                "ash",
                "product.fly-ash",
                lat=60.1,
                lon=24.0,
                quantity_per_a=50.0,
                basis="t",
            ),
            Listing("own", "Plant", "need", "ash", "product.fly-ash", lat=60.0, lon=24.0),
            Listing("far", "Far", "need", "ash", "product.fly-ash", lat=66.0, lon=24.0),
            Listing("fuel", "Boiler", "need", "fuel", "product.solid-biofuel", lat=60.0, lon=24.1),
        ]
    )


def check(offer, need, qty):
    return check_allocation(table(), np.array(offer), np.array(need), np.array(qty), fake())


def test_valid_allocation_passes():
    assert check([0], [1], [50.0]) == []


def test_checker_catches_over_allocation_same_org_distance_and_incompatibility():
    assert any("states only 50" in p for p in check([0], [1], [60.0]))
    assert any("both belong to Plant" in p for p in check([0], [2], [10.0]))
    assert any("exceeds the limit" in p for p in check([0], [3], [10.0]))
    assert any("cannot feed" in p for p in check([0], [4], [10.0]))
    assert any("not >= 0" in p for p in check([0], [1], [-1.0]))
    assert any("states only 100" in p for p in check([0, 0], [1, 3], [50.0, 60.0]))


def units_table():
    """Sawdust offered in tonnes, needed in cubic metres: suggested, without a quantity."""
    return ListingTable.from_listings(
        [
            Listing(
                "mill",
                "Mill",
                "offer",
                "sawdust",
                "product.sawdust",
                lat=63.1,
                lon=21.6,
                quantity_per_a=100.0,
                basis="t",
            ),
            Listing(
                "boiler",
                "Boiler",
                "need",
                "sawdust",
                "product.sawdust",
                lat=63.1,
                lon=21.6,
                quantity_per_a=300.0,
                basis="m3",
            ),
        ]
    )


def test_a_pair_in_different_units_may_be_suggested_but_not_allocated():
    units = units_table()
    assert check_pair(units, 0, 1, fake()) == []
    assert check_suggestions(units, [0, 1], [1, 0], fake(), top_k=1) == []
    problems = check_allocation(units, np.array([0]), np.array([1]), np.array([1.0]), fake())
    assert problems == ["mill -> boiler: quantities are in different units"]
