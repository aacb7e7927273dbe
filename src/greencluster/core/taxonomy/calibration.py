"""Fitting and checking the classifier's confidence.

The confidence of the best suggestion is ``sigmoid(a * lead + b * score + c + d * label_only)``
where ``score`` is the best class's evidence, ``lead`` its margin over the best class naming a
different material and ``label_only`` says that only official labels matched. The weights are
fitted by logistic regression (Newton's method) on labelled
descriptions: the development split of ``data/taxonomy/evaluation.csv`` plus the official
English and German List-of-Waste labels used as queries, which supply the hard cases the
curated set lacks. ``benchmarks/bench_taxonomy.py`` refits and reports calibration on the
held-out split.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from greencluster.core.taxonomy.classes import all_classes, data_rows, subchapter_of
from greencluster.core.taxonomy.classifier import classify, evidence, features


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    lang: str
    class_id: str
    split: str  # "dev" (used while building the thesaurus) or "heldout" (never)
    batch: int = 1  # order of writing, 1-5 (docs/taxonomy.md, "Evaluation set")


def evaluation_set() -> list[Sample]:
    """The shipped labelled descriptions (columns text, lang, class_id, split, batch)."""
    return [
        Sample(r["text"], r["lang"], r["class_id"], r["split"], int(r["batch"]))
        for r in data_rows("evaluation.csv")
    ]


def label_queries(langs: Sequence[str] = ("en", "de")) -> list[Sample]:
    """Official labels of every EWC entry as queries whose answer is the entry itself."""
    return [
        Sample(cls.labels[lang], lang, cls.id, "labels")
        for cls in all_classes()
        if cls.kind == "waste"
        for lang in langs
        if lang in cls.labels
    ]


def best_class(text: str) -> str | None:
    """The classifier's best class id for ``text`` (None: no suggestion)."""
    best = classify(text).best
    return best.class_id if best else None


def accuracy(
    samples: Sequence[Sample], predict: Callable[[str], str | None] = best_class
) -> tuple[float, float]:
    """Shares of ``samples`` whose predicted class is right, and whose prediction is at least
    in the right EWC sub-chapter (:func:`classes.subchapter_of`)."""
    right = same_subchapter = 0
    for sample in samples:
        got = predict(sample.text)
        right += got == sample.class_id
        same_subchapter += got is not None and subchapter_of(got) == subchapter_of(sample.class_id)
    return right / len(samples), same_subchapter / len(samples)


def fit_calibration(samples: Sequence[Sample], iterations: int = 50) -> tuple[float, ...]:
    """Logistic-regression weights of :func:`classifier.features` for 'the best is right'.

    A small ridge term keeps the fit finite when the data separate perfectly.
    """
    rows: list[list[float]] = []
    right: list[float] = []
    for sample in samples:
        found = evidence(sample.text)
        if found.best is None:
            continue
        rows.append(list(features(found)))
        right.append(1.0 if found.best == sample.class_id else 0.0)
    x = np.asarray(rows)
    y = np.asarray(right)
    w = np.zeros(x.shape[1])
    ridge = 1e-3 * np.eye(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (y - p) - ridge @ w
        hessian = (x.T * (p * (1 - p))) @ x + ridge
        step = np.linalg.solve(hessian, gradient)
        w = w + step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return tuple(round(float(v), 3) for v in w)


def refit() -> tuple[float, ...]:
    """The weights :data:`classifier.CALIBRATION` should hold for the shipped data."""
    development = [s for s in evaluation_set() if s.split == "dev"]
    return fit_calibration(development + label_queries())


if __name__ == "__main__":  # python -m greencluster.core.taxonomy.calibration
    print(refit())
