"""Official List-of-Waste labels as a second source of evidence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.taxonomy import all_classes, classify
from greencluster.core.taxonomy.labels import label_matches
from greencluster.core.taxonomy.language import detect_language
from greencluster.core.taxonomy.normalise import normalised


def test_a_label_repeated_word_for_word_is_found_first() -> None:
    label = "Spent catalysts containing transition metals or transition metal compounds"
    (best, *_) = label_matches(normalised(label))
    assert best.class_id == "ewc.160802" and best.f1 > 0.9 and best.recall > 0.9


def test_wording_shared_by_many_subchapters_does_not_pick_one_confidently() -> None:
    result = classify("Sludges from on-site effluent treatment")
    assert result.low_confidence


def test_label_only_answers_for_the_long_tail() -> None:
    result = classify("tanning liquor containing chromium from the leather industry")
    assert result.best is not None and result.best.class_id == "ewc.040104"
    assert result.low_confidence  # only official wording matched: the user confirms


@given(st.sampled_from([c for c in all_classes() if c.kind == "waste"]))
def test_label_matches_are_sorted_unique_and_bounded(cls: object) -> None:
    label = cls.labels["en"]  # type: ignore[attr-defined]
    matches = label_matches(normalised(label))
    f1s = [m.f1 for m in matches]
    assert f1s == sorted(f1s, reverse=True)
    assert len({m.class_id for m in matches}) == len(matches) <= 20
    assert all(0.0 < m.f1 <= 1.0 + 1e-9 and 0.0 < m.recall <= 1.0 + 1e-9 for m in matches)


def test_language_detection_uses_letters_words_and_terms() -> None:
    assert detect_language("Rødt glass, ca 200 tonn") == "nb"
    assert detect_language("Õlleraba") == "et"
    assert detect_language("Straße") == "de"
    assert detect_language("12345") is None
    assert detect_language("xyz", ["fi", "fi", "en"]) == "fi"
