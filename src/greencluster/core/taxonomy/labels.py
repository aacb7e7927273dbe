"""Matching descriptions against the official List-of-Waste labels.

Members often copy the official wording from a permit or waste register ("Sludges from on-site
effluent treatment other than those mentioned in 07 05 11", "Schlämme aus der betriebseigenen
Abwasserbehandlung"). The thesaurus cannot hold all 842 entries in six languages, so the labels
themselves (en, de, and fi/sv where Luke gives them) are indexed too: words are folded and cut
to their first six letters (a crude stem that survives most inflection), weighted by inverse
document frequency, and a label matches a text by the idf-weighted F1 of their shared words.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from greencluster.core.taxonomy.classes import all_classes
from greencluster.core.taxonomy.normalise import normalised

_STEM_LETTERS = 6
_MIN_WORD = 3
_MIN_IDF = 1.0  # words in more than a third of the labels ("waste", "other than") are skipped
_SHOWN = 20


@dataclass(frozen=True, slots=True)
class LabelMatch:
    class_id: str
    f1: float
    recall: float  # share of the label's weight found in the text
    words: int  # informative words in the label


@dataclass(frozen=True, slots=True)
class _Label:
    class_id: str
    stems: frozenset[str]
    weight: float


def stems(folded: str) -> frozenset[str]:
    """Six-letter stems of the words of a folded text (see :func:`normalise.normalised`)."""
    return frozenset(tok[:_STEM_LETTERS] for tok in folded.split() if len(tok) >= _MIN_WORD)


@dataclass(frozen=True, slots=True)
class _Table:
    labels: tuple[_Label, ...]
    postings: Mapping[str, npt.NDArray[np.int64]]
    idf: Mapping[str, float]
    weights: npt.NDArray[np.float64]  # per label: sum of its words' idf
    sizes: npt.NDArray[np.int64]  # per label: informative words
    mean_idf: float


@cache
def _table() -> _Table:
    raw: list[tuple[str, frozenset[str]]] = []
    for cls in all_classes():
        if cls.kind not in ("waste", "sub-chapter"):
            continue
        for label in cls.labels.values():
            words = stems(normalised(label))
            if words:
                raw.append((cls.id, words))
    frequency: dict[str, int] = defaultdict(int)
    for _, words in raw:
        for word in words:
            frequency[word] += 1
    idf = {word: math.log(len(raw) / count) for word, count in frequency.items()}
    idf = {word: weight for word, weight in idf.items() if weight >= _MIN_IDF}
    labels = tuple(
        _Label(class_id, informative, sum(idf[w] for w in informative))
        for class_id, words in raw
        if (informative := frozenset(w for w in words if w in idf))
    )
    postings: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(labels):
        for word in entry.stems:
            postings[word].append(index)
    return _Table(
        labels,
        {k: np.asarray(v, dtype=np.int64) for k, v in postings.items()},
        idf,
        np.asarray([label.weight for label in labels]),
        np.asarray([len(label.stems) for label in labels], dtype=np.int64),
        sum(idf.values()) / len(idf),
    )


def label_matches(folded: str, *, minimum_words: int = 1) -> list[LabelMatch]:
    """Classes whose official label shares informative words with a folded text, best first.

    With ``minimum_words`` the search is skipped (empty answer) when the text has fewer
    informative words than that: a strong label match needs several.
    """
    table = _table()
    all_words = stems(folded)
    words = [w for w in all_words if w in table.idf]
    if len(words) < minimum_words:
        return []
    # Words no label uses still belong to the text: "PET trays, post-industrial" shares one
    # word with "Industrieruß" but is not about it. They weigh as an average label word.
    unknown = len(all_words) - len(words)
    text_weight = sum(table.idf[w] for w in words) + unknown * table.mean_idf
    overlap = np.zeros(len(table.labels))
    for word in words:
        overlap[table.postings[word]] += table.idf[word]
    hit = np.flatnonzero(overlap)
    recall = overlap[hit] / table.weights[hit]
    precision = overlap[hit] / text_weight
    f1 = 2 * recall * precision / (recall + precision)
    order = np.argsort(-f1, kind="stable")
    best: dict[str, LabelMatch] = {}
    for k in order:
        label = table.labels[int(hit[k])]
        if label.class_id not in best:
            best[label.class_id] = LabelMatch(
                label.class_id, float(f1[k]), float(recall[k]), int(table.sizes[hit[k]])
            )
            if len(best) == _SHOWN:
                break
    return sorted(best.values(), key=lambda m: (-m.f1, m.class_id))
