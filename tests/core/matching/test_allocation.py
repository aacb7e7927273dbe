import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from greencluster.core.matching.allocation import (
    COVER_WEIGHT_T_CO2E,
    allocate_greedy,
    allocate_optimal,
    unique_pairs,
)
from greencluster.core.matching.candidates import find_candidates
from greencluster.core.matching.checks import check_allocation
from greencluster.core.matching.problem import Listing, ListingTable
from greencluster.core.matching.scoring import score_pairs
from tests.core.matching.fakes import fake
from tests.core.matching.test_candidates import random_table


def scored_for(table):
    return score_pairs(table, find_candidates(table, fake(), top_k=5))


def test_optimum_beats_the_greedy_choice_where_greedy_blocks_a_second_exchange():
    # Ash plant A can serve both cement works; plant B only reaches the first one (it is far
    # north). Greedy gives A's ash to the nearest works and strands B; the optimum serves both.
    listings = [
        Listing(
            "A",
            "Plant A",
            "offer",
            "fly ash",
            "ewc.100102",
            lat=61.0,
            lon=24.0,
            quantity_per_a=1000.0,
            basis="t",
        ),
        Listing(
            "B",
            "Plant B",
            "offer",
            "fly ash",
            "ewc.100102",
            lat=62.6,
            lon=24.0,
            quantity_per_a=1000.0,
            basis="t",
            max_distance_km=200.0,
        ),
        Listing(
            "N1",
            "Cement 1",
            "need",
            "fly ash",
            "product.fly-ash",
            lat=61.3,
            lon=24.0,
            quantity_per_a=1000.0,
            basis="t",
        ),
        Listing(
            "N2",
            "Cement 2",
            "need",
            "fly ash",
            "product.fly-ash",
            lat=60.5,
            lon=24.0,
            quantity_per_a=1000.0,
            basis="t",
        ),
    ]
    table = ListingTable.from_listings(listings)
    scored = scored_for(table)
    best = allocate_optimal(scored, table.quantity_per_a)
    greedy = allocate_greedy(scored, table.quantity_per_a)
    got = {
        (table.ids[o], table.ids[n]): q
        for o, n, q in zip(best.offer, best.need, best.quantity_per_a, strict=False)
    }
    assert got == pytest.approx({("A", "N2"): 1000.0, ("B", "N1"): 1000.0})
    assert {
        (table.ids[o], table.ids[n]) for o, n in zip(greedy.offer, greedy.need, strict=False)
    } == {("A", "N1")}
    assert best.total_net_t_co2e_per_a > 1.9 * greedy.total_net_t_co2e_per_a
    for allocation in (best, greedy):
        assert (
            check_allocation(
                table, allocation.offer, allocation.need, allocation.quantity_per_a, fake()
            )
            == []
        )


def lp_reference(scored, quantity):
    """The same LP stated densely and solved by scipy's linprog."""
    pairs = unique_pairs(scored)
    need_q = quantity[pairs.need]
    cover = COVER_WEIGHT_T_CO2E / np.where(np.isnan(need_q), pairs.upper_per_a, need_q)
    cost = pairs.objective_per_unit + cover
    listings = sorted(set(pairs.offer.tolist()) | set(pairs.need.tolist()))
    rows = [i for i in listings if not np.isnan(quantity[i])]
    a = np.zeros((len(rows), len(cost)))
    for r, i in enumerate(rows):
        a[r] = (pairs.offer == i) | (pairs.need == i)
    res = linprog(
        -cost,
        A_ub=a if rows else None,
        b_ub=quantity[rows] if rows else None,
        bounds=list(zip(np.zeros(len(cost)), pairs.upper_per_a, strict=False)),
        method="highs",
    )
    assert res.status == 0
    return -res.fun


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 5000), n=st.integers(2, 60))
def test_optimal_allocation_is_valid_and_reaches_the_lp_optimum(seed, n):
    table = random_table(seed, n, 0.5)
    scored = scored_for(table)
    best = allocate_optimal(scored, table.quantity_per_a)
    greedy = allocate_greedy(scored, table.quantity_per_a)
    for allocation in (best, greedy):
        assert (
            check_allocation(
                table, allocation.offer, allocation.need, allocation.quantity_per_a, fake()
            )
            == []
        )
    if len(unique_pairs(scored).offer):
        pairs = unique_pairs(scored)
        need_q = table.quantity_per_a[pairs.need]
        cover = COVER_WEIGHT_T_CO2E / need_q
        cost = dict(
            zip(
                zip(pairs.offer.tolist(), pairs.need.tolist(), strict=False),
                (pairs.objective_per_unit + cover).tolist(),
                strict=False,
            )
        )
        objective = sum(
            cost[(o, n)] * q
            for o, n, q in zip(
                best.offer.tolist(), best.need.tolist(), best.quantity_per_a, strict=False
            )
        )
        assert objective == pytest.approx(
            lp_reference(scored, table.quantity_per_a), rel=1e-6, abs=1e-6
        )
    slack = COVER_WEIGHT_T_CO2E * n
    assert best.total_net_t_co2e_per_a >= greedy.total_net_t_co2e_per_a - slack
