"""Reciprocal partner suggestions and the text similarity behind them."""

from __future__ import annotations

import numpy as np

from greencluster.core.partnering import PartnerProfile, resource_classes, suggest_partners
from greencluster.core.partnering.suggest import reciprocal
from greencluster.core.partnering.text import similarity


def test_similarity_meets_inflected_and_compound_words():
    sims = similarity(["koivuhakkeen toimitus"], ["koivuhake kylille", "koulutuspalvelut"])
    assert sims[0, 0] > 0.1 > sims[0, 1]
    assert sims.shape == (1, 2)
    assert similarity(["hake"], ["metsähake"])[0, 0] > 0.1


def test_similarity_is_a_cosine_in_unit_range_and_zero_for_empty_text():
    sims = similarity(["wood chips", ""], ["wood chips", "ash"])
    assert np.isclose(sims[0, 0], 1.0)
    assert (sims >= 0).all() and (sims <= 1).all()
    assert sims[1].sum() == 0


def test_resource_classes_read_each_line_in_any_language():
    assert resource_classes("kuivaa koivuhaketta\nsahanpuru") == {
        "product.wood-chips",
        "product.sawdust",
    }
    assert resource_classes("consulting and good coffee") == frozenset()


def profile(pid, org, offers="", seeks="", coop=(), offered=(), sought=()):
    return PartnerProfile(
        pid, org, offers, seeks, frozenset(coop), frozenset(offered), frozenset(sought)
    )


def test_suggestions_need_both_sides_to_want_the_meeting():
    chips = profile(
        "chips", "A", "dry wood chips", "boiler maintenance", offered={"product.wood-chips"}
    )
    boiler = profile(
        "boiler", "B", "boiler maintenance", "wood chips", sought={"product.wood-chips"}
    )
    fan = profile("fan", "C", "", "wood chips", sought={"product.wood-chips"})  # offers nothing
    found = suggest_partners([chips, boiler, fan], limit=5)
    assert [s.partner for s in found["chips"]] == ["boiler"]
    assert found["fan"] == []  # chips wants nothing fan offers
    best = found["chips"][0]
    assert best.wanted.resources == (("product.wood-chips", "product.wood-chips"),)
    assert best.score == reciprocal(best.wants.value, best.wanted.value)


def test_exclusions_and_own_organisation_are_never_suggested():
    a = profile("a", "X", "ash", "lime")
    b = profile("b", "Y", "lime", "ash")
    c = profile("c", "X", "ash", "lime")
    found = suggest_partners([a, b, c], exclude={frozenset({"a", "b"})})
    assert found["a"] == []
    assert [s.partner for s in found["b"]] == ["c"]


def test_common_cooperation_type_raises_the_score():
    a = profile("a", "X", "ash", "lime", coop={"research"})
    b = profile("b", "Y", "lime", "ash", coop={"research"})
    c = profile("c", "Z", "lime", "ash", coop={"licence"})
    found = suggest_partners([a, b, c])
    assert [s.partner for s in found["a"]] == ["b", "c"]
    assert found["a"][0].wants.cooperation == ("research",)


def test_reciprocal_is_zero_when_one_side_does_not_want_it():
    assert reciprocal(0.0, 0.9) == 0.0
    assert reciprocal(0.5, 0.5) == 0.5
