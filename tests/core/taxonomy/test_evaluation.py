"""Accuracy on the labelled evaluation set (the figures `make bench` reports in full)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from greencluster.core.taxonomy import LANGUAGES, classify, get_class, subchapter_of
from greencluster.core.taxonomy.calibration import (
    Sample,
    evaluation_set,
    label_queries,
    refit,
)
from greencluster.core.taxonomy.classifier import CALIBRATION


def _accuracy(samples: list[Sample]) -> tuple[float, float]:
    right = same_subchapter = 0
    for sample in samples:
        best = classify(sample.text).best
        got = best.class_id if best else None
        right += got == sample.class_id
        same_subchapter += got is not None and subchapter_of(got) == subchapter_of(sample.class_id)
    return right / len(samples), same_subchapter / len(samples)


def test_evaluation_set_is_large_multilingual_and_valid() -> None:
    samples = evaluation_set()
    assert len(samples) >= 300
    per_language = Counter(s.lang for s in samples)
    assert set(per_language) == set(LANGUAGES)
    assert min(per_language.values()) >= 50
    assert {s.split for s in samples} == {"dev", "heldout"}
    assert {s.batch for s in samples if s.split == "heldout"} == {1, 2, 3, 4, 5}
    for sample in samples:
        get_class(sample.class_id)
    assert len({s.text for s in samples}) == len(samples)


def test_held_out_accuracy() -> None:
    """Batches 1-2 reach the 90 % aim; with the batches on unseen wording (3-5) it is lower.

    The full figures, per language and batch, are in docs/benchmarks.md.
    """
    heldout = [s for s in evaluation_set() if s.split == "heldout"]
    early = [s for s in heldout if s.batch <= 2]
    for lang in LANGUAGES:
        classes, subchapters = _accuracy([s for s in early if s.lang == lang])
        assert classes >= 0.85 and subchapters >= 0.85, lang
    classes, subchapters = _accuracy(early)
    assert classes >= 0.9 and subchapters >= 0.9
    classes, subchapters = _accuracy(heldout)
    assert classes >= 0.8 and subchapters >= 0.8


def test_low_confidence_flags_answers_that_are_more_often_wrong() -> None:
    confident: list[bool] = []
    doubtful: list[bool] = []
    for sample in label_queries(("en",)):
        result = classify(sample.text)
        right = result.best is not None and result.best.class_id == sample.class_id
        (doubtful if result.low_confidence else confident).append(right)
    assert confident and doubtful
    assert sum(confident) / len(confident) > sum(doubtful) / len(doubtful) + 0.15


def test_shipped_calibration_matches_a_refit() -> None:
    """Changing the thesaurus or the scoring means refitting (see docs/taxonomy.md)."""
    fitted = refit()

    def confidence(weights: tuple[float, ...], lead: float, score: float, label: float) -> float:
        z = weights[0] * lead + weights[1] * score + weights[2] + weights[3] * label
        return 1.0 / (1.0 + math.exp(-z))

    for lead in (0.0, 0.5, 1.0, 2.0, 3.0):
        for score in (lead, lead + 1.0, lead + 3.0):
            for label in (0.0, 1.0):
                shipped = confidence(CALIBRATION, lead, score, label)
                assert confidence(fitted, lead, score, label) == pytest.approx(shipped, abs=0.08)
