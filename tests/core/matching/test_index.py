import numpy as np

from greencluster.core.matching import index as index_module
from greencluster.core.matching.candidates import find_candidates
from greencluster.core.matching.index import MatchIndex
from tests.core.matching.fakes import fake
from tests.core.matching.test_candidates import random_table


def expected_partners(table, upto, k):
    sub = table.take(np.arange(upto + 1))
    pairs = find_candidates(sub, fake(), top_k=k, sources=np.array([upto]))
    return [sub.ids[p] for p in pairs.partner]


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
        for row in rows:
            assert table.ids[i] in (row["offer_id"], row["need_id"])
            assert row["explanation"]
    assert len(index) == len(table)
