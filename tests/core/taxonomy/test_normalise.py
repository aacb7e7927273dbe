"""Folding, inflection endings and stems: the ground the classifier stands on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.taxonomy.normalise import (
    fold,
    is_inflection,
    normalised,
    phrase_pattern,
    stem_variants,
    tokens,
)


def test_fold_removes_diacritics_of_all_six_languages() -> None:
    assert fold("Sågspån") == "sagspan"
    assert fold("Lämpö, höyry") == "lampo hoyry"
    assert fold("Süsihappegaas, õlleraba") == "susihappegaas olleraba"
    assert fold("Flyveaske fra kjøleanlegg") == "flyveaske fra kjoleanlegg"
    assert fold("Überschusswärme, Straße") == "uberschusswarme strasse"
    assert fold("ærlig") == "aerlig"


def test_tokens_drop_numbers_but_keep_co2() -> None:
    assert tokens("Biogenic CO2, 5 000 t/a (2026)") == ["biogenic", "co2", "t", "a"]


@given(st.text())
def test_fold_is_ascii_lowercase_and_idempotent(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert fold(folded) == folded
    assert normalised(normalised(text)) == normalised(text)


def test_inflection_endings_are_per_language() -> None:
    assert is_inflection("tta", "fi")  # puuhake-tta
    assert is_inflection("n", "sv")  # flygaska-n
    assert is_inflection("", "de")
    assert not is_inflection("ma", "fi")  # kuor-ma is another word
    assert not is_inflection("ssa", "de")


def test_finnish_stems_cover_gradation() -> None:
    assert "liette" in stem_variants("liete", "fi")  # lietteen
    assert "hakke" in stem_variants("hake", "fi")  # hakkeen
    assert "jaahdytysvede" in stem_variants("jaahdytysvesi", "fi")  # jäähdytysveden
    assert "kuore" in stem_variants("kuori", "fi")  # kuoren
    assert stem_variants("fly ash", "en") == []
    assert stem_variants("sawdust", "en") == []


def test_phrases_inflect_word_by_word_and_stop_at_word_ends() -> None:
    hot_water = phrase_pattern("kuuma vesi", "fi")
    assert hot_water.match("kuumaa vetta")
    assert hot_water.match("kuuman veden")
    assert not hot_water.match("kuuma vesijohto")
    assert phrase_pattern("fly ash", "en").match("fly ashes")
