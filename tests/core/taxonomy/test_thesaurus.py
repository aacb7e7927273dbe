"""The shipped thesaurus is valid and covers every language."""

from __future__ import annotations

import pytest

from greencluster.core.taxonomy import LANGUAGES, get_class
from greencluster.core.taxonomy.thesaurus import ThesaurusError, build_terms, thesaurus

CONTRACT_CLASSES = [
    "energy.heat", "energy.steam", "energy.fuel-gas", "energy.electricity", "water.cooling",
    "water.process", "water.wastewater", "gas.co2", "product.wood-chips", "product.sawdust",
    "product.bark", "product.pellets", "product.recycled-wood", "product.peat", "product.gypsum",
    "product.fly-ash", "product.bottom-ash", "product.slag", "product.spent-grain",
    "product.yeast", "product.animal-feed", "product.compost", "product.digestate",
    "product.biogas", "product.cement-raw-material", "product.aggregate",
    "product.solid-biofuel",
]  # fmt: skip


def test_shipped_thesaurus_is_valid_and_sizeable() -> None:
    terms = thesaurus()
    assert len(terms) > 2000
    assert {t.lang for t in terms} == set(LANGUAGES)
    for term in terms:
        get_class(term.class_id)


@pytest.mark.parametrize("class_id", CONTRACT_CLASSES)
def test_every_contract_class_has_words_in_all_six_languages(class_id: str) -> None:
    langs = {t.lang for t in thesaurus() if t.class_id == class_id and t.role != "context"}
    assert langs == set(LANGUAGES)


def test_bad_lines_are_reported_with_their_line_numbers() -> None:
    rows = [
        {"term": "flis", "lang": "sv", "class_id": "product.wood-chips", "role": "term"},
        {"term": "ash", "lang": "xx", "class_id": "product.fly-ash", "role": "term"},
        {"term": "ash", "lang": "en", "class_id": "product.nothing", "role": "term"},
        {"term": "ab", "lang": "en", "class_id": "product.fly-ash", "role": "term"},
        {"term": "ash", "lang": "en", "class_id": "product.fly-ash", "role": "maybe"},
    ]
    with pytest.raises(ThesaurusError) as caught:
        build_terms(rows)
    message = str(caught.value)
    for expected in ("line 3", "line 4", "line 5", "line 6"):
        assert expected in message
    assert "line 2" not in message


def test_terms_are_folded_for_matching() -> None:
    (term,) = build_terms(
        [{"term": "Sågspån", "lang": "sv", "class_id": "product.sawdust", "role": ""}]
    )
    assert term.pattern == "sagspan" and term.role == "term"
