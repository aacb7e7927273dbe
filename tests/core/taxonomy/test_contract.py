"""The taxonomy API that the matching engine relies on."""

from __future__ import annotations

import pytest

from greencluster.core.taxonomy import (
    Classification,
    all_classes,
    classify,
    classify_many,
    get_class,
    needs_accepting,
    parse_ewc,
    uses_for,
)


def test_full_list_of_waste_with_chapters_and_subchapters() -> None:
    kinds = [c.kind for c in all_classes()]
    assert kinds.count("waste") == 842
    assert kinds.count("sub-chapter") == 111
    assert kinds.count("chapter") == 20


def test_ewc_entry_has_parent_hazard_flag_and_labels() -> None:
    entry = get_class("ewc.100105")
    assert entry.ewc == "100105"
    assert entry.parent == "ewc.1001"
    assert get_class("ewc.1001").parent == "ewc.10"
    assert not entry.hazardous
    assert get_class("ewc.100104").hazardous
    assert "desulphurisation" in entry.label("en")
    assert "Rauchgasentschwefelung" in entry.label("de")
    assert entry.label("nb") == entry.label("en")


def test_unknown_class_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match=r"unknown resource class 'ewc\.999999'"):
        get_class("ewc.999999")


@pytest.mark.parametrize(
    "carrier",
    [
        "energy.heat",
        "energy.steam",
        "energy.fuel-gas",
        "energy.electricity",
        "water.cooling",
        "water.process",
        "water.wastewater",
        "gas.co2",
    ],
)
def test_carriers_exist_without_ewc_code(carrier: str) -> None:
    cls = get_class(carrier)
    assert cls.kind == "carrier" and cls.ewc is None
    assert get_class(cls.parent or "").kind == "carrier"


def test_products_are_products() -> None:
    assert get_class("product.gypsum").kind == "product"
    products = [c for c in all_classes() if c.id.startswith("product.")]
    assert len(products) > 20 and all(c.kind == "product" for c in products)


def test_products_name_their_ewc_equivalents() -> None:
    assert get_class("product.sawdust").ewc_equivalents == ("030105",)
    assert set(get_class("product.fly-ash").ewc_equivalents) >= {"100102", "100103", "100117"}
    for cls in all_classes():
        for code in cls.ewc_equivalents:
            assert get_class(f"ewc.{code}").kind == "waste"


@pytest.mark.parametrize("text", ["10 01 05", "100105", "10 01 05*", "10.01.05", "EWC 10-01-05"])
def test_parse_ewc_accepts_the_ways_users_type_codes(text: str) -> None:
    assert parse_ewc(text) == "100105"


@pytest.mark.parametrize("text", ["fly ash", "2000 t/a", "1001", "99 01 01", ""])
def test_parse_ewc_rejects_other_text(text: str) -> None:
    assert parse_ewc(text) is None


def test_typed_code_is_recognised_directly_with_full_confidence() -> None:
    result = classify("10 01 05*")
    assert isinstance(result, Classification)
    assert result.best is not None and result.best.class_id == "ewc.100105"
    assert result.best.confidence == 1.0 and not result.low_confidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kuivaa koivuhaketta n. 500 i-m3 vuodessa", "product.wood-chips"),
        ("Holzhackschnitzel", "product.wood-chips"),
        ("sahanpurua", "product.sawdust"),
        ("sågspån", "product.sawdust"),
        ("lentotuhkaa", "product.fly-ash"),
        ("flyveaske", "product.fly-ash"),
        ("lendtuhk", "product.fly-ash"),
        ("Flugasche aus Biomassekessel, ca. 2000 t/a", "ewc.100103"),
        ("we need wood fuel for our boiler", "product.solid-biofuel"),
    ],
)
def test_classifies_the_examples_of_the_issue(text: str, expected: str) -> None:
    best = classify(text).best
    assert best is not None and best.class_id == expected


def test_nonsense_is_low_confidence() -> None:
    assert classify("lorem ipsum dolor").low_confidence


def test_classify_many_matches_classify() -> None:
    texts = ["flygaska", "Abwärme 60 °C", "flygaska"]
    assert classify_many(texts) == [classify(t) for t in texts]


def test_fly_ash_can_feed_cement_and_the_same_class_matches_itself() -> None:
    use = uses_for("product.fly-ash", "product.cement-raw-material")
    assert use is not None and use.transport == "road" and use.source
    assert uses_for("ewc.100103", "product.cement-raw-material") is not None
    same = uses_for("ewc.170504", "ewc.170504")
    assert same is not None and same.use == "same material"
    assert uses_for("gas.co2", "product.animal-feed") is None


def test_pipe_borne_heat_is_short_and_bulk_goes_far() -> None:
    heat = uses_for("energy.heat", "energy.heat")
    wood = uses_for("product.sawdust", "product.solid-biofuel")
    assert heat is not None and wood is not None
    assert heat.transport == "pipe" and heat.max_distance_km <= 10
    assert wood.max_distance_km > 10 * heat.max_distance_km


def test_needs_accepting_agrees_with_uses_for() -> None:
    for offer in ("ewc.030105", "product.fly-ash", "energy.steam", "ewc.190805"):
        needs = needs_accepting(offer)
        assert offer in needs
        assert all(uses_for(offer, need) is not None for need in needs)
