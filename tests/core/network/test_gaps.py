"""Gaps: unmet needs, untaken offers, locomotives' outside inputs, missing NACE activities."""

from __future__ import annotations

import pytest

from greencluster.core.matching.problem import Listing
from greencluster.core.network import Edge, EdgeKind
from greencluster.core.network.analysis import analyse
from greencluster.core.network.problem import NetworkProblem, Node
from tests.core.network.reference import edges, nodes


def listing(id_, org, role, class_id, lat=61.5, lon=23.76, **more):
    return Listing(id_, org, role, class_id, class_id, lat, lon, **more)


OUTSIDERS = [
    Node(
        "forest",
        name="Forest Oy",
        nace_codes=("02.20",),
        lat=61.9,
        lon=23.4,
        region="Häme",
        in_scope=False,
    ),
    Node(
        "heatco",
        name="Heat Co",
        nace_codes=("35.30",),
        lat=61.3,
        lon=23.7,
        region="Häme",
        in_scope=False,
    ),
    Node("faraway-heat", nace_codes=("35.11",), lat=65.0, lon=25.5, region="Oulu", in_scope=False),
]


@pytest.fixture(scope="module")
def gaps():
    listings = [
        # the mill needs more chips; no member offers any, an outsider does
        listing(
            "need-chips", "mill", "need", "product.wood-chips", quantity_per_a=8000.0, basis="t"
        ),
        listing("forest-chips", "forest", "offer", "product.wood-chips", lat=61.9, lon=23.4),
        # the cement works offers gypsum nobody in the cluster takes
        listing("gypsum", "cement", "offer", "product.gypsum", quantity_per_a=500.0, basis="t"),
        # the farm needs fertiliser and the mill's ash meets it: no gap
        listing("ash", "mill", "offer", "ewc.100101"),
        listing("need-fertiliser", "farm", "need", "product.fertiliser", lat=61.55, lon=23.95),
    ]
    problem_edges = [
        *edges(),
        Edge(
            "forest", "mill", EdgeKind.REALISED_FLOW, tonnes=5000, class_code="product.wood-chips"
        ),
    ]
    result = analyse(NetworkProblem.of([*nodes(), *OUTSIDERS], problem_edges, listings))
    return result.gaps


def by_kind(gaps, kind, **match):
    return [g for g in gaps if g.kind == kind and all(getattr(g, k) == v for k, v in match.items())]


def test_a_locomotives_unmet_need_comes_first_with_the_outsider_offering_it(gaps):
    (need,) = by_kind(gaps, "supplier", class_id="product.wood-chips")
    assert need.organisations == ("mill",)
    assert need.locomotives == ("mill",)
    assert need.listings == ("need-chips",)
    assert need.tonnes_per_a == 8000
    assert need.candidates[0].node == "forest"
    assert need.candidates[0].reason == "listing"
    assert "02" in need.activities  # forestry typically produces chips (EWC 02 01 07)
    assert gaps.index(need) < min(gaps.index(g) for g in gaps if g.kind in ("taker", "activity"))


def test_an_offer_nobody_takes_is_a_gap_a_met_need_is_not(gaps):
    (taker,) = by_kind(gaps, "taker")
    assert taker.class_id == "product.gypsum"
    assert taker.organisations == ("cement",)
    assert "23.62" in taker.activities
    assert not by_kind(gaps, "supplier", class_id="product.fertiliser")
    assert not by_kind(gaps, "taker", class_id="ewc.100101")


def test_the_locomotives_input_from_outside_the_scope_is_listed(gaps):
    (outside,) = by_kind(gaps, "outside_input")
    assert outside.locomotives == ("mill",)
    assert outside.class_id == "product.wood-chips"
    assert outside.tonnes_per_a == 5000
    assert outside.candidates[0].node == "forest"
    assert outside.candidates[0].reason == "supplies"


def test_missing_activities_name_the_nearest_outside_organisation_doing_it(gaps):
    heat = [g for g in by_kind(gaps, "activity") if g.activities == ("35.3",)]
    assert heat, "the sawmills' chips typically go to heat plants (NACE 35.3): none in the chain"
    (target,) = heat
    assert {"saw1", "saw2", "saw3"} <= set(target.organisations)
    assert target.candidates[0].node == "heatco"
    assert target.candidates[0].reason == "activity"
    assert 0 < target.candidates[0].distance_km < 50
    power = [g for g in by_kind(gaps, "activity") if g.activities == ("35.1",)]
    assert [c.node for c in power[0].candidates] == ["faraway-heat"]


def test_gaps_are_sorted_by_priority(gaps):
    priorities = [g.priority for g in gaps]
    assert priorities == sorted(priorities, reverse=True)
