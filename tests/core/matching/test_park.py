"""A small eco-industrial park around Vaasa, written in five languages, with distant decoys.

The sensible exchanges (and why):
- coal fly ash of the power plant -> the cement works at Jakobstad (clinker substitute, 104 km);
- FGD gypsum of the power plant -> the plasterboard plant at Korsholm (8 km);
- flue-gas scrubber waste heat -> the district heating network 2 km away (pipe);
- sawmill sawdust at Laihia -> the power plant's wood-fuel boiler (31 km);
- brewery spent grain in Vaasa -> the pig farm at Isokyrö (45 km, feed).
Decoys: a cement works in Tallinn (beyond the road limit for ash), a district heating network
in Seinäjoki (far beyond any heat pipe), a pig farm in Rovaniemi (feed travels 100 km at most),
and the sawmill's own kiln (same organisation as the sawdust).
"""

from pathlib import Path

import pytest

from greencluster.core.matching import (
    TaxonomyCompatibility,
    check_allocation,
    check_suggestions,
    match_listings,
    read_listings,
    suggestion_rows,
)

PARK = Path(__file__).parent / "data" / "eco_park.csv"

EXCHANGES = {
    ("ash-coal", "cement-ash"): 5000.0,
    ("gypsum-fgd", "board-gypsum"): 2500.0,
    ("heat-scrubber", "dh-heat"): 30000.0,
    ("sawdust", "boiler-fuel"): 12000.0,
    ("brewery-grain", "pig-feed"): 2000.0,
}


@pytest.fixture(scope="module")
def result():
    listings = read_listings(PARK).listings
    return match_listings(listings, top_k=5, allocate=True)


def test_the_park_streams_are_understood_in_their_own_languages(result):
    classes = {item.id: item.class_id for item in result.table.listings}
    assert classes["ash-coal"] == "ewc.100102"  # "lentotuhka kivihiilen poltosta"
    assert classes["cement-ash"] == "product.fly-ash"  # "flygaska till cementtillverkning"
    assert classes["board-gypsum"] == "product.gypsum"  # "REA-Gips"
    assert classes["heat-scrubber"] == classes["dh-heat"] == "energy.heat"
    assert classes["brewery-grain"] == "product.spent-grain"  # "mask fra bryggeri"
    assert classes["boiler-fuel"] == "product.solid-biofuel"  # "Brennstoff Holz für Heizkessel"


def test_the_park_is_matched_as_argued_and_decoys_get_nothing(result):
    rows = suggestion_rows(result)
    pairs = {(row["offer_id"], row["need_id"]) for row in rows}
    assert pairs == set(EXCHANGES)
    allocated = {(r["offer_id"], r["need_id"]): r["allocated_quantity"] for r in rows}
    assert allocated == pytest.approx(EXCHANGES)
    by_pair = {(row["offer_id"], row["need_id"]): row for row in rows}
    heat = by_pair[("heat-scrubber", "dh-heat")]
    assert heat["unit"] == "MWh/a" and heat["transport_t_co2e_per_a"] == 0
    fuel = by_pair[("sawdust", "boiler-fuel")]
    assert fuel["net_t_co2e_per_a"] > 0
    assert "Sahala Oy" in fuel["explanation"] and "km by road" in fuel["explanation"]
    assert rows[0]["score"] >= rows[-1]["score"]


def test_the_park_allocation_passes_the_independent_checks(result):
    compat = TaxonomyCompatibility()
    pairs = result.scored.pairs
    assert check_suggestions(result.table, pairs.source, pairs.partner, compat, top_k=5) == []
    for allocation in (result.optimal, result.greedy):
        assert allocation is not None
        problems = check_allocation(
            result.table, allocation.offer, allocation.need, allocation.quantity_per_a, compat
        )
        assert problems == []
    assert result.optimal.total_net_t_co2e_per_a >= result.greedy.total_net_t_co2e_per_a


def test_the_lp_method_allocates_the_park_as_the_flow_does(result):
    lp = match_listings(result.table, top_k=5, allocate=True, method="lp", time_limit_s=30, seed=1)
    assert lp.optimal is not None and lp.optimal.method == "optimal (lp)"
    assert result.optimal is not None and result.optimal.method == "optimal (flow)"
    rows = {(r["offer_id"], r["need_id"]): r["allocated_quantity"] for r in suggestion_rows(lp)}
    assert rows == pytest.approx(EXCHANGES)
    with pytest.raises(ValueError, match="method"):
        match_listings(result.table, allocate=True, method="simplex")
