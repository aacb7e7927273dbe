"""Classifying descriptions as members write them, in six languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greencluster.core.taxonomy import LOW_CONFIDENCE, classify, classify_many


def best_id(text: str) -> str | None:
    best = classify(text).best
    return best.class_id if best else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("puuhaketta", "product.wood-chips"),
        ("hakkeen toimitus", "product.wood-chips"),
        ("sahanpurua", "product.sawdust"),
        ("lentotuhkaa", "product.fly-ash"),
        ("Holzhackschnitzel", "product.wood-chips"),
        ("sågspån", "product.sawdust"),
        ("sagspan", "product.sawdust"),
        ("flygaskan", "product.fly-ash"),
        ("flyveaske", "product.fly-ash"),
        ("treflis", "product.wood-chips"),
        ("saepuru", "product.sawdust"),
        ("lendtuhk", "product.fly-ash"),
        ("lietteen kuljetus", "ewc.190812"),
        ("jäähdytysveden lämpötila 30 C", "water.cooling"),
        ("kuumaa vettä 90 C", "energy.heat"),  # every word of a phrase inflects
        ("jätteenpolton pohjatuhkaa", "ewc.190112"),
        ("fly ashes", "product.fly-ash"),
    ],
)
def test_inflections_and_compounds(text: str, expected: str) -> None:
    assert best_id(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Flugasche aus Biomassekessel, ca. 2000 t/a", "ewc.100103"),
        ("Coal fly ash from the power station", "ewc.100102"),
        ("Fly ash from the municipal waste incinerator", "ewc.190114"),
        ("Bottom ash from waste incineration after metal separation", "ewc.190112"),
        ("Bottom ash from a wood-fired boiler", "product.bottom-ash"),
        ("fly ash", "product.fly-ash"),
    ],
)
def test_origin_refines_ash_into_its_ewc_entry(text: str, expected: str) -> None:
    assert best_id(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we need wood fuel for our boiler", "product.solid-biofuel"),
        ("we need fly ash", "product.fly-ash"),
        ("Kasvihuone tarvitsee hiilidioksidia", "gas.co2"),
        ("Schweinemast sucht Futtermittel", "product.animal-feed"),
    ],
)
def test_needs_are_classified_into_the_same_space(text: str, expected: str) -> None:
    assert best_id(text) == expected


def test_official_label_wording_is_understood() -> None:
    text = "Sludges from treatment of urban waste water"
    assert best_id(text) == "ewc.190805"
    assert best_id("Schlämme aus der Behandlung von kommunalem Abwasser") == "ewc.190805"


def test_vague_or_unknown_text_is_low_confidence() -> None:
    for text in ("stuff", "lorem ipsum dolor sit amet", "misc material, 5 t"):
        assert classify(text).low_confidence


def test_clear_text_is_confident() -> None:
    result = classify("Sahanpurua 3000 m3 vuodessa")
    assert result.best is not None and result.best.confidence >= LOW_CONFIDENCE
    assert not result.low_confidence


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sahanpurua noin 3000 m3 vuodessa", "fi"),
        ("Sågspån från furu, ca 2 500 m3 per år", "sv"),
        ("Sagflis fra furu, ca 2 000 m3 per år", "nb"),
        ("Saepuru, kuiv, umbes 2000 m3 aastas", "et"),
        ("Sägespäne Fichte, ca. 1500 m3 jährlich", "de"),
        ("Sawdust from pine, about 3000 t a year", "en"),
    ],
)
def test_language_is_detected(text: str, lang: str) -> None:
    assert classify(text).language == lang


def test_given_language_is_kept_and_labels_follow_it() -> None:
    result = classify("flygaska", lang="sv")
    assert result.language == "sv"
    assert result.best is not None and result.best.label == "Flygaska"


def test_top_limits_suggestions_and_rejects_nonsense() -> None:
    assert len(classify("ash from the boiler, slag and sludge", top=2).suggestions) <= 2
    with pytest.raises(ValueError, match="top"):
        classify("ash", top=0)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_a_well_formed_answer(text: str) -> None:
    result = classify(text, top=3)
    assert len(result.suggestions) <= 3
    confidences = [s.confidence for s in result.suggestions]
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert confidences == sorted(confidences, reverse=True)
    assert result.low_confidence == (not confidences or confidences[0] < LOW_CONFIDENCE)


def test_classify_many_keeps_order_and_repeats() -> None:
    texts = ["Biertreber", "Abwärme 60 °C", "Biertreber", "10 01 05"]
    results = classify_many(texts)
    assert [r.text for r in results] == texts
    assert [r.best.class_id for r in results if r.best] == [
        "product.spent-grain",
        "energy.heat",
        "product.spent-grain",
        "ewc.100105",
    ]
