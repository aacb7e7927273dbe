from dataclasses import replace

import numpy as np
import pytest

from greencluster.core.matching import index as index_module
from greencluster.core.matching.candidates import find_candidates
from greencluster.core.matching.index import MatchIndex
from greencluster.core.matching.problem import Listing, ListingTable
from tests.core.matching.fakes import fake
from tests.core.matching.test_candidates import random_table


def expected_partners(table, upto, k):
    sub = table.take(np.arange(upto + 1))
    pairs = find_candidates(sub, fake(), top_k=k, sources=np.array([upto]))
    return [sub.ids[p] for p in pairs.partner]


def expected_distances(table, upto, k):
    sub = table.take(np.arange(upto + 1))
    pairs = find_candidates(sub, fake(), top_k=k, sources=np.array([upto]))
    return {sub.ids[p]: float(km) for p, km in zip(pairs.partner, pairs.distance_km, strict=True)}


def test_added_listings_get_the_same_suggestions_as_a_full_run(monkeypatch):
    monkeypatch.setattr(index_module, "REBUILD_AT", 7)  # exercise buffers and rebuilds
    table = random_table(11, 400, 1.0)
    base = 360
    index = MatchIndex(table.take(np.arange(base)), fake(), top_k=5)
    assert table.listings is not None
    for i in range(base, len(table)):
        rows = index.add(table.listings[i])
        got = sorted(row["need_id"] if table.is_offer[i] else row["offer_id"] for row in rows)
        assert got == sorted(expected_partners(table, i, 5))
        distances = expected_distances(table, i, 5)
        for row in rows:
            assert table.ids[i] in (row["offer_id"], row["need_id"])
            assert row["explanation"]
            partner = row["need_id"] if table.is_offer[i] else row["offer_id"]
            assert row["distance_km"] == pytest.approx(distances[partner], abs=0.0051)
    assert len(index) == len(table)


class CountingCompatibility:
    """The fake rules, counting how often the index asks for a rule."""

    def __init__(self):
        self.rules = fake()
        self.asked = 0

    def uses_for(self, offer_class_id, need_class_id):
        self.asked += 1
        return self.rules.uses_for(offer_class_id, need_class_id)

    def needs_accepting(self, offer_class_id):
        return self.rules.needs_accepting(offer_class_id)


def test_a_new_organisation_reuses_the_planned_rules_and_a_new_class_is_planned():
    ash = {"resource": "ash", "lat": 60.0, "lon": 24.0}
    table = ListingTable.from_listings(
        [
            Listing("ash", "Plant", "offer", class_id="ewc.100102", **ash),
            Listing("board", "Board", "need", class_id="product.gypsum", **ash),
        ]
    )
    compat = CountingCompatibility()
    index = MatchIndex(table, compat, top_k=5)
    planned = compat.asked
    assert table.listings is not None
    rows = index.add(replace(table.listings[1], id="board-2", organization="New Board Oy"))
    assert [row["offer_id"] for row in rows] == ["ash"]
    assert compat.asked == planned  # a new organisation needs no new rules
    rows = index.add(Listing("cement", "Cement", "need", class_id="product.fly-ash", **ash))
    assert [row["offer_id"] for row in rows] == ["ash"]
    rows = index.add(Listing("ash-2", "Plant 2", "offer", class_id="ewc.100102", **ash))
    assert {row["need_id"] for row in rows} == {"board", "board-2", "cement"}
