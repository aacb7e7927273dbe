"""The qualitative NACE relation table and the edges derived from it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from greencluster.core.nace import nace_activities
from greencluster.core.network import EdgeKind
from greencluster.core.network.nace_io import covers, producers_of, relations, users_of
from greencluster.core.network.problem import Node
from greencluster.core.network.sources import mini_cluster_edges, nace_edges

DATA = Path(__file__).resolve().parents[3] / "src" / "greencluster" / "data" / "network"


def _builder():
    spec = importlib.util.spec_from_file_location("build", DATA / "build_nace_relations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_table_is_what_the_build_script_derives():
    builder = _builder()
    builder.check_codes()
    assert (DATA / "nace_relations.csv").read_text(encoding="utf-8") == builder.render(
        builder.build()
    )


def test_every_activity_in_the_table_is_a_nace_code():
    known = nace_activities()
    assert relations()
    for relation in relations():
        assert relation.supplier in known and relation.customer in known


def test_ash_of_combustion_plants_goes_to_cement_and_fertiliser_users():
    assert producers_of("ewc.100101") == ("35.1", "35.3")  # EWC 10 01: power stations
    assert producers_of("product.fly-ash")[:2] == ("35.1", "35.3")
    assert producers_of("energy.heat") == ()  # carriers have no EWC chapter
    assert "23.51" in users_of("product.cement-raw-material")
    pairs = {(r.supplier, r.customer) for r in relations()}
    assert ("35.1", "23.51") in pairs
    assert ("16", "35.3") in pairs  # wood processing residues to heat plants


def test_covers_reads_divisions_groups_and_classes():
    assert covers("35", "35.30") and covers("35.3", "35.30") and covers("35.30", "35.30")
    assert not covers("35.1", "35.30") and not covers("3", "35.30")


def test_nace_edges_link_supplier_to_customer_within_reach():
    sawmill = Node("saw", nace_codes=("16.10",), lat=61.5, lon=23.8)
    near = Node("near-heat", nace_codes=("35.30",), lat=61.6, lon=23.8)
    far = Node("far-heat", nace_codes=("35.30",), lat=69.0, lon=27.0)  # ~1,000 km away
    bank = Node("bank", nace_codes=("64.19",), lat=61.5, lon=23.8)
    found = nace_edges([sawmill, near, far, bank])
    assert [(e.source, e.target) for e in found] == [("saw", "near-heat")]
    assert found[0].kind == EdgeKind.NACE_IO
    assert "solid fuel" in found[0].label


def test_mini_cluster_edges_tie_each_member_with_the_same_total_weight():
    found = mini_cluster_edges({"Water": ["a", "b", "c", "d"], "Solo": ["x"]})
    assert len(found) == 6
    assert {e.label for e in found} == {"Water"}
    assert all(not e.directed for e in found)
    per_member = sum(e.weight for e in found if "a" in (e.source, e.target))
    assert abs(per_member - 1.0) < 1e-9
