import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from greencluster.core.matching.candidates import find_candidates
from greencluster.core.matching.checks import check_suggestions
from greencluster.core.matching.problem import Listing, ListingTable
from tests.core.matching.fakes import fake
from tests.core.matching.reference import brute_force_suggestions, suggestions_by_source

CLASSES = [
    "ewc.100102",
    "product.fly-ash",
    "ewc.100105",
    "product.gypsum",
    "product.sawdust",
    "product.solid-biofuel",
    "energy.heat",
]


def random_table(seed: int, n: int, spread_deg: float) -> ListingTable:
    rng = np.random.default_rng(seed)
    listings = []
    for i in range(n):
        start = None
        end = None
        if rng.random() < 0.2:
            start = dt.date(2026, 1, 1) + dt.timedelta(days=int(rng.integers(0, 700)))
            end = start + dt.timedelta(days=int(rng.integers(0, 400)))
        listings.append(
            Listing(
                id=f"L{i}",
                organization=f"org{int(rng.integers(0, max(2, n // 4)))}",
                role="offer" if rng.random() < 0.5 else "need",
                resource="x",
                class_id=CLASSES[int(rng.integers(0, len(CLASSES)))],
                lat=float(60 + rng.normal(0, spread_deg)),
                lon=float(24 + rng.normal(0, 2 * spread_deg)),
                quantity_per_a=float(rng.uniform(1, 1000)),
                basis="t",
                available_from=start,
                available_until=end,
                max_distance_km=float(rng.uniform(5, 400)) if rng.random() < 0.3 else None,
            )
        )
    return ListingTable.from_listings(listings)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 120),
    k=st.integers(1, 6),
    spread=st.sampled_from([0.02, 0.5, 2.0]),
    workers=st.sampled_from([1, 2]),
)
def test_candidates_equal_the_brute_force_nearest_valid_partners(seed, n, k, spread, workers):
    table = random_table(seed, n, spread)
    compat = fake()
    pairs = find_candidates(table, compat, top_k=k, workers=workers)
    got = suggestions_by_source(pairs.source, pairs.partner)
    expected = brute_force_suggestions(table, compat, k)
    assert got == expected
    ranks = suggestions_by_source(pairs.source, pairs.rank)
    assert all(found == list(range(len(found))) for found in ranks.values())
    assert check_suggestions(table, pairs.source, pairs.partner, compat, top_k=k) == []


def test_same_organisation_is_never_suggested_and_distant_decoys_are_dropped():
    near = dict(lat=60.0, lon=24.0, quantity_per_a=100.0, basis="t")
    listings = [
        Listing("o1", "Power plant", "offer", "fly ash", "ewc.100102", **near),
        Listing("n-own", "Power plant", "need", "fly ash", "product.fly-ash", **near),
        Listing("n-far", "Far cement", "need", "fly ash", "product.fly-ash", lat=69.0, lon=27.0),
        Listing("n-ok", "Cement", "need", "fly ash", "product.fly-ash", lat=60.2, lon=24.1),
    ]
    table = ListingTable.from_listings(listings)
    pairs = find_candidates(table, fake(), top_k=5)
    suggested = {
        (table.ids[s], table.ids[p]) for s, p in zip(pairs.source, pairs.partner, strict=False)
    }
    assert suggested == {("o1", "n-ok"), ("n-ok", "o1")}


def test_pipe_heat_only_matches_within_a_few_km():
    listings = [
        Listing(
            "heat",
            "Mill",
            "offer",
            "waste heat",
            "energy.heat",
            lat=60.0,
            lon=24.0,
            quantity_per_a=5000.0,
            basis="MWh",
        ),
        Listing("dh-near", "Town DH", "need", "heat", "energy.heat", lat=60.02, lon=24.0),
        Listing("dh-far", "City DH", "need", "heat", "energy.heat", lat=60.3, lon=24.0),
    ]
    table = ListingTable.from_listings(listings)
    pairs = find_candidates(table, fake(), top_k=5)
    assert {table.ids[p] for s, p in zip(pairs.source, pairs.partner, strict=False) if s == 0} == {
        "dh-near"
    }


def test_sources_and_targets_restrict_the_search():
    table = random_table(7, 200, 1.0)
    full = find_candidates(table, fake(), top_k=4)
    subset = np.arange(0, 200, 3)
    part = find_candidates(table, fake(), top_k=4, sources=subset)
    want = {
        (s, p) for s, p in zip(full.source, full.partner, strict=False) if s in set(subset.tolist())
    }
    assert set(zip(part.source.tolist(), part.partner.tolist(), strict=False)) == want
