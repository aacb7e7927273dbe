"""The Dask pipeline gives exactly the single-process candidates (a local Dask cluster)."""

import numpy as np
import pytest
from distributed import Client, LocalCluster

from greencluster.batch.matching import canonical_order, halo_deg, match_partitioned
from greencluster.core.geo import ROAD_DISTANCE_FACTOR, great_circle_km
from greencluster.core.matching.candidates import find_candidates
from tests.core.matching.fakes import fake
from tests.core.matching.test_candidates import random_table


def same(a, b):
    assert np.array_equal(a.source, b.source)
    assert np.array_equal(a.partner, b.partner)
    assert np.array_equal(a.rank, b.rank)
    assert np.allclose(a.distance_km, b.distance_km, rtol=1e-6)
    assert [a.uses[i] for i in a.use_code] == [b.uses[i] for i in b.use_code]


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


def test_partitioned_run_on_a_local_cluster_equals_the_single_process_run(client):
    # Spread over several tiles so that partitions and their overlaps really matter.
    table = random_table(3, 1500, 1.5)
    single = canonical_order(find_candidates(table, fake(), top_k=6))
    parallel = match_partitioned(table, fake(), top_k=6, tile_deg=1.0, client=client)
    assert len(single) > 1000
    same(single, parallel)


def test_partitioned_run_on_the_threaded_scheduler_without_a_cluster():
    table = random_table(5, 400, 3.0)
    single = canonical_order(find_candidates(table, fake(), top_k=4))
    same(single, match_partitioned(table, fake(), top_k=4, tile_deg=0.5, scheduler="threads"))


@pytest.mark.parametrize("lat", [0.0, 45.0, 60.0, 70.0, 80.0])
def test_halo_contains_every_point_within_the_limit(lat):
    limit_km = 300.0
    dlat, dlon = halo_deg(limit_km, ROAD_DISTANCE_FACTOR, lat)
    gc_km = limit_km / ROAD_DISTANCE_FACTOR
    rng = np.random.default_rng(1)
    for bearing_lat, bearing_lon in rng.uniform(-1, 1, (200, 2)):
        # Points just inside the limit never fall outside the margins.
        target = (lat + bearing_lat * dlat * 1.5, 10 + bearing_lon * dlon * 1.5)
        if great_circle_km(lat, 10, *target) <= gc_km:
            assert abs(target[0] - lat) <= dlat
            assert abs(target[1] - 10) <= dlon
