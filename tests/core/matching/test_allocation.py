import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from greencluster.core.matching.allocation import (
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
    """Both stages stated densely and solved by scipy's linprog: (best net, best coverage)."""
    pairs = unique_pairs(scored)
    net = pairs.net_t_co2e_per_unit
    keep = np.isnan(net) | (net > 0)
    offer, need, upper = pairs.offer[keep], pairs.need[keep], pairs.upper_per_a[keep]
    net = np.nan_to_num(net[keep])
    need_q = quantity[need]
    share = 1.0 / np.where(np.isnan(need_q), upper, need_q)
    listings = sorted(set(offer.tolist()) | set(need.tolist()))
    rows = [i for i in listings if not np.isnan(quantity[i])]
    a = np.array([(offer == i) | (need == i) for i in rows], dtype=float).reshape(len(rows), -1)
    bounds = list(zip(np.zeros(len(upper)), upper, strict=True))
    first = linprog(-net, A_ub=a, b_ub=quantity[rows], bounds=bounds, method="highs")
    assert first.status == 0
    best_net = -first.fun
    a2 = np.vstack([a, -net])
    b2 = np.r_[quantity[rows], -(best_net - 1e-7 * abs(best_net) - 1e-6)]
    second = linprog(-share, A_ub=a2, b_ub=b2, bounds=bounds, method="highs")
    assert second.status == 0
    return best_net, -second.fun


def coverage(allocation, quantity):
    need_q = quantity[allocation.need]
    # Needs without a quantity count their pair's flow as the whole need (not in these tests).
    return float(np.sum(allocation.quantity_per_a / need_q))


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 5000), n=st.integers(2, 60))
def test_optimal_allocation_is_valid_and_reaches_both_lp_optima(seed, n):
    table = random_table(seed, n, 0.5)
    scored = scored_for(table)
    best = allocate_optimal(scored, table.quantity_per_a, method="lp")
    flow = allocate_optimal(scored, table.quantity_per_a, method="flow")
    greedy = allocate_greedy(scored, table.quantity_per_a)
    # Min-cost flow works in kg and mg: the same proven saving up to that rounding.
    assert flow.total_net_t_co2e_per_a == pytest.approx(
        best.total_net_t_co2e_per_a, rel=1e-5, abs=0.05
    )
    for allocation in (best, flow, greedy):
        assert (
            check_allocation(
                table, allocation.offer, allocation.need, allocation.quantity_per_a, fake()
            )
            == []
        )
    if len(unique_pairs(scored).offer):
        best_net, best_cover = lp_reference(scored, table.quantity_per_a)
        assert best.total_net_t_co2e_per_a == pytest.approx(best_net, rel=1e-5, abs=1e-3)
        assert coverage(best, table.quantity_per_a) >= best_cover * (1 - 1.1e-3) - 1e-9
    assert best.total_net_t_co2e_per_a >= greedy.total_net_t_co2e_per_a - 1e-3
