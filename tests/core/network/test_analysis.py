"""The reference network: an obvious locomotive and two value networks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from greencluster.core.network import Edge, EdgeKind
from greencluster.core.network.analysis import analyse, analysis_to_dict
from greencluster.core.network.communities import detect_communities
from greencluster.core.network.graph import build_graph
from greencluster.core.network.problem import NetworkProblem, Node
from tests.core.network.reference import BIO, METAL, edges, nodes


@pytest.fixture(scope="module")
def result():
    return analyse(NetworkProblem.of(nodes(), edges()), seed=7)


def test_the_pulp_mill_is_the_only_suggested_locomotive_and_ranks_first(result):
    first = result.locomotives[0]
    assert first.node == "mill"
    assert [item.node for item in result.locomotives if item.suggested] == ["mill"]
    # it carries the sawmills' chips and sends ash and sludge: 55,000 of 60,600 t/a
    assert first.tonnes_per_a == pytest.approx(55_000)
    assert first.volume_share == pytest.approx(55_000 / 60_600, abs=1e-4)
    assert first.partners == 7
    assert "55,000 t/a" in first.explain()
    assert "7 partners" in first.explain()


def test_the_two_value_networks_are_found_with_their_locomotive_and_traits(result):
    found = {frozenset(n.members): n for n in result.networks}
    assert set(found) == {frozenset(BIO), frozenset(METAL)}
    bio, metal = found[frozenset(BIO)], found[frozenset(METAL)]
    assert bio.locomotives == ("mill",)
    assert bio.members[0] == "mill"
    assert bio.classes[0] == ("product.wood-chips", 3)
    assert ("16", 3) in bio.nace
    assert metal.members[0] == "smelter"
    assert metal.classes[0] == ("product.scrap-metal", 3)
    assert metal.mini_clusters == (("Metals", 2),)
    assert bio.core_flows[0].kind == "realised_flow"
    assert bio.core_flows[0].tonnes == 20_000  # the largest flow comes first among equals
    assert 0.9 < bio.cohesion <= 1.0


def test_community_detection_is_reproducible_with_a_seed():
    problem = NetworkProblem.of(nodes(), edges())
    graph = build_graph(problem.nodes, problem.edges)
    runs = [detect_communities(graph, seed=3) for _ in range(3)]
    assert all(np.array_equal(runs[0], other) for other in runs[1:])
    # a larger random graph: same seed, same partition; the key of each network is stable
    rng = np.random.default_rng(1)
    many = [Node(str(i)) for i in range(300)]
    links = [
        Edge(str(a), str(b), EdgeKind.MEETING, directed=False)
        for a, b in rng.integers(0, 300, size=(900, 2)).tolist()
        if a != b
    ]
    big = build_graph(many, links)
    first, second = detect_communities(big, seed=11), detect_communities(big, seed=11)
    assert np.array_equal(first, second)
    a = analyse(NetworkProblem.of(many, links), seed=11)
    b = analyse(NetworkProblem.of(many, links), seed=11)
    assert [n.key for n in a.networks] == [n.key for n in b.networks]


def test_communities_are_numbered_largest_first(result):
    sizes = [n.size for n in result.networks]
    assert sizes == sorted(sizes, reverse=True)
    assert [n.number for n in result.networks] == list(range(1, len(sizes) + 1))


def test_an_edge_to_an_unknown_organisation_adds_it_out_of_scope():
    graph = build_graph([Node("a")], [Edge("a", "outsider", EdgeKind.MEETING)])
    assert [n.id for n in graph.nodes] == ["a", "outsider"]
    assert graph.nodes[1].in_scope is False


def test_out_of_scope_organisations_are_never_ranked_as_locomotives():
    hub = [Node("hub", in_scope=False)] + [Node(f"m{i}") for i in range(5)]
    links = [Edge("hub", f"m{i}", EdgeKind.REALISED_FLOW, tonnes=100) for i in range(5)]
    result = analyse(NetworkProblem.of(hub, links))
    assert "hub" not in {item.node for item in result.locomotives}


def test_an_empty_network_gives_an_empty_analysis():
    result = analyse(NetworkProblem.of([Node("a"), Node("b")], []))
    assert result.networks == ()
    assert [item.score for item in result.locomotives] == [0.0, 0.0]
    assert not any(item.suggested for item in result.locomotives)
    assert result.locomotives[0].explain() == "no ties in the network"


def test_the_document_is_json_and_names_every_part(result):
    document = json.loads(json.dumps(analysis_to_dict(result)))
    assert document["format"] == "greencluster.network"
    assert document["edge_kinds"] == {"realised_flow": 10, "meeting": 2, "mini_cluster": 1}
    assert document["locomotives"][0]["node"] == "mill"
    assert document["locomotives"][0]["explanation"].startswith("91% of the network's flow")
    assert {n["key"] for n in document["value_networks"]} == {n.key for n in result.networks}
    assert document["gaps"]
