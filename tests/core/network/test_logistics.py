"""Shared transport: a backhaul pair and a milk run checked by hand."""

from __future__ import annotations

import pytest

from greencluster.core.geo import ROAD_DISTANCE_FACTOR, great_circle_km
from greencluster.core.network.logistics import (
    Shipment,
    backhaul_pairs,
    hgv_factors,
    milk_runs,
    plan_logistics,
)

P = (61.50, 23.76)  # Tampere
Q = (61.48, 21.80)  # Pori


def shipment(id_, a, b, tonnes, trips=None, **more):
    return Shipment(id_, f"org-{id_}", f"dest-{b}", *a, *b, tonnes, trips, **more)


def test_the_factors_are_desnz_2025_all_hgvs_per_km():
    factors = hgv_factors()
    assert (factors.empty, factors.half, factors.full) == (0.65975, 0.83589, 1.01203)
    assert factors.kg_per_km(0.25) == pytest.approx((0.65975 + 0.83589) / 2)
    assert "27_304_3137_4_1" in factors.source


def test_opposite_shipments_pair_and_save_both_empty_returns():
    # chips Tampere -> Pori 10 times a year, ash Pori -> Tampere 6 times: 6 paired rounds
    a = shipment("chips", P, Q, 200.0, trips=10)
    b = shipment("ash", Q, P, 60.0, trips=6)
    (found,) = backhaul_pairs([a, b])
    d = great_circle_km(*P, *Q) * ROAD_DISTANCE_FACTOR
    assert found.rounds_per_a == 6
    assert found.separate_km_per_a == pytest.approx(6 * 4 * d)
    assert found.paired_km_per_a == pytest.approx(6 * 2 * d)  # no empty kilometre left
    assert found.saved_km_per_a == pytest.approx(12 * d)
    assert found.tkm_per_a == pytest.approx(6 * d * 20.0 + 6 * d * 10.0)  # loads 20 t and 10 t
    assert found.saved_t_co2e_per_a == pytest.approx(12 * d * 0.65975 / 1000)


def test_each_shipment_joins_one_pair_the_best_one():
    a = shipment("a", P, Q, 100.0, trips=5)
    near = shipment("near", Q, P, 100.0, trips=5)
    also = shipment("also", (61.47, 21.82), (61.51, 23.70), 100.0, trips=5)
    pairs = backhaul_pairs([a, near, also])
    assert len(pairs) == 1
    assert {pairs[0].first, pairs[0].second} == {"a", "near"}


def test_shipments_in_different_periods_do_not_pair():
    a = shipment("summer", P, Q, 100.0, trips=5, from_day=150, until_day=240)
    b = shipment("winter", Q, P, 100.0, trips=5, from_day=300, until_day=400)
    assert backhaul_pairs([a, b]) == []


def test_small_streams_to_one_destination_share_a_collection_round():
    hub = (61.50, 23.76)
    streams = [
        shipment("s1", (61.60, 23.60), hub, 24.0, trips=12),  # 2 t a month each
        shipment("s2", (61.62, 23.65), hub, 24.0, trips=12),
        shipment("s3", (61.58, 23.55), hub, 24.0, trips=12),
    ]
    (run,) = milk_runs(streams)
    assert run.rounds_per_a == 12
    assert sorted(s for route in run.routes for s in route) == ["s1", "s2", "s3"]
    assert len(run.routes) == 1  # 6 t fit one lorry
    separate = sum(
        2 * 12 * great_circle_km(s.origin_lat, s.origin_lon, *hub) * ROAD_DISTANCE_FACTOR
        for s in streams
    )
    assert run.separate_km_per_a == pytest.approx(separate)
    assert run.run_km_per_a < separate
    assert run.saved_t_co2e_per_a > 0


def test_full_lorries_are_not_collected_together():
    hub = (61.50, 23.76)
    streams = [
        shipment("big1", (61.60, 23.60), hub, 240.0, trips=12),
        shipment("big2", (61.62, 23.65), hub, 240.0, trips=12),
    ]
    assert milk_runs(streams) == []


def test_a_plan_pairs_first_and_collects_the_rest():
    a = shipment("chips", P, Q, 200.0, trips=10)
    b = shipment("ash", Q, P, 60.0, trips=6)
    plan = plan_logistics([a, b])
    assert len(plan.pairs) == 1 and plan.milk_runs == ()
    assert plan.saved_t_co2e_per_a == pytest.approx(plan.pairs[0].saved_t_co2e_per_a)
