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

from greencluster.core.taxonomy.classes import all_classes
from greencluster.core.taxonomy.normalise import tokens

_STEM_LETTERS = 6
_MIN_WORD = 3


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


def stems(text: str) -> frozenset[str]:
    return frozenset(tok[:_STEM_LETTERS] for tok in tokens(text) if len(tok) >= _MIN_WORD)


@dataclass(frozen=True, slots=True)
class _Table:
    labels: tuple[_Label, ...]
    postings: Mapping[str, tuple[int, ...]]
    idf: Mapping[str, float]


@cache
def _table() -> _Table:
    raw: list[tuple[str, frozenset[str]]] = []
    for cls in all_classes():
        if cls.kind not in ("waste", "sub-chapter"):
            continue
        for label in cls.labels.values():
            words = stems(label)
            if words:
                raw.append((cls.id, words))
    frequency: dict[str, int] = defaultdict(int)
    for _, words in raw:
        for word in words:
            frequency[word] += 1
    idf = {word: math.log(len(raw) / count) for word, count in frequency.items()}
    labels = tuple(_Label(class_id, words, sum(idf[w] for w in words)) for class_id, words in raw)
    postings: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(labels):
        for word in entry.stems:
            postings[word].append(index)
    return _Table(labels, {k: tuple(v) for k, v in postings.items()}, idf)


def label_matches(text: str) -> list[LabelMatch]:
    """Classes whose official label shares informative words with ``text``, best first."""
    table = _table()
    words = {w for w in stems(text) if w in table.idf}
    text_weight = sum(table.idf[w] for w in words)
    if text_weight <= 0:
        return []
    overlap: dict[int, float] = defaultdict(float)
    for word in words:
        for index in table.postings[word]:
            overlap[index] += table.idf[word]
    best: dict[str, LabelMatch] = {}
    for index, shared in overlap.items():
        label = table.labels[index]
        recall = shared / label.weight
        precision = shared / text_weight
        f1 = 2 * recall * precision / (recall + precision)
        current = best.get(label.class_id)
        if current is None or f1 > current.f1:
            best[label.class_id] = LabelMatch(label.class_id, f1, recall, len(label.stems))
    return sorted(best.values(), key=lambda m: (-m.f1, m.class_id))
