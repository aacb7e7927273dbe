"""Finding thesaurus terms in a folded description: compounds, inflections, typos, origins.

The thesaurus is compiled into an index keyed by the first four letters of each pattern (terms
of three letters apart, which only count at a word start). Every position of the text is a
possible start, because compounds put the term inside a word ("koivu*hake*tta"); what follows
a term must be an inflection ending or the rest of a compound (then the term only modifies).
Multi-word terms inflect word by word; a word no term explains may match a term one typo away;
words in an origin phrase ("... *from the wastewater works*") count less.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from greencluster.core.taxonomy.normalise import is_inflection, phrase_pattern, stem_variants
from greencluster.core.taxonomy.thesaurus import Term, thesaurus
from greencluster.core.taxonomy.typos import TypoIndex

_ROLE_WEIGHT = {"term": 1.0, "weak": 0.45, "context": 0.4}
_MODIFIER_WEIGHT = 0.3  # a term used as the first part of a compound ("holz" in "holzasche")
_STEM_WEIGHT = 0.9
_TYPO_WEIGHT = 0.6
LENGTH_BONUS = 0.04  # per letter: a longer term is more specific
_MIN_MODIFIER = 5  # "mask" (nb spent grain) must not count inside "maskinverksted"
_OTHER_LANGUAGE_WEIGHT = 0.9


@dataclass(frozen=True, slots=True)
class Entry:
    pattern: str
    term: Term
    stem: bool
    phrase: bool = False  # multi-word term: every word may inflect (see phrase_pattern)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    entry: Entry
    weight: float


_KEY = 4  # letters of the lookup key; every term has at least three letters


class _Index:
    """Thesaurus patterns keyed by their first four letters (three-letter terms apart)."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.by_prefix: dict[str, list[Entry]] = defaultdict(list)  # first _KEY letters
        self.short: dict[str, list[Entry]] = defaultdict(list)  # terms of three letters
        self.whole: dict[str, list[Entry]] = defaultdict(list)  # unstemmed, for typos
        seen: set[tuple[str, str, str, bool]] = set()
        for term in terms:
            for pattern, stem in _patterns(term):
                key = (pattern, term.class_id, term.role, stem)
                if key in seen:
                    continue
                seen.add(key)
                entry = Entry(pattern, term, stem, " " in pattern)
                if len(pattern) < _KEY:
                    self.short[pattern].append(entry)
                else:
                    self.by_prefix[pattern[:_KEY]].append(entry)
                if not stem and term.role != "context":
                    self.whole[pattern].append(entry)
        self.typos = TypoIndex(self.whole)

    def hits(self, text: str, lang: str | None) -> list[Hit]:
        found: list[Hit] = []
        for start in range(len(text) - 2):
            if text[start] == " ":
                continue
            key = text[start : start + _KEY]
            candidates = self.by_prefix.get(key, ())
            if start == 0 or text[start - 1] == " ":
                # Terms shorter than the key only count at a word start (see _hit_weight).
                candidates = [*candidates, *self.short.get(key[:3], ())]
            for entry in candidates:
                if entry.phrase:
                    phrase = phrase_pattern(entry.pattern, entry.term.lang).match(text, start)
                    if phrase is not None and (start == 0 or text[start - 1] == " "):
                        weight = _term_weight(entry, lang)
                        found.append(Hit(start, phrase.end(), entry, weight))
                elif text.startswith(entry.pattern, start):
                    weight = _hit_weight(text, start, entry, lang)
                    if weight > 0:
                        found.append(Hit(start, start + len(entry.pattern), entry, weight))
        found.extend(self._typo_hits(text, found, lang))
        return _drop_covered(_origins_weigh_less(text, found))

    def _typo_hits(self, text: str, exact: list[Hit], lang: str | None) -> list[Hit]:
        """Words no term explains, matched to a term one typo away (at a lower weight)."""
        found: list[Hit] = []
        start = 0
        for word in text.split(" "):
            end = start + len(word)
            if not any(h.start < end and start < h.end for h in exact):
                best: dict[str, Hit] = {}  # one hit per class and word
                for pattern in sorted(self.typos.lookup(word)):
                    for entry in self.whole[pattern]:
                        weight = _term_weight(entry, lang) * _TYPO_WEIGHT
                        current = best.get(entry.term.class_id)
                        if current is None or weight > current.weight:
                            best[entry.term.class_id] = Hit(start, end, entry, weight)
                found.extend(best.values())
            start = end + 1
        return found


# Words that start an origin phrase ("Biosolids from the town wastewater works"), and the
# Finnish and Estonian "from" cases (elative, ablative: "jätevedenpuhdistamolta", "tehasest").
_ORIGIN_WORDS = frozenset(["from", "aus", "von", "fran", "fra", "ex"])
_ORIGIN_CASES = {
    "fi": frozenset(["sta", "lta", "ista", "ilta"]),
    "et": frozenset(["st", "lt", "ist", "ilt"]),
}
_ORIGIN_WEIGHT = 0.6


def _origins_weigh_less(text: str, hits: list[Hit]) -> list[Hit]:
    """What a stream comes from describes it less than what it is: the origin counts less.

    Context words are origins by design and keep their weight.
    """
    words = text.split(" ")
    origin_at = len(text) + 1
    position = 0
    for word in words:
        if word in _ORIGIN_WORDS:
            origin_at = position
            break
        position += len(word) + 1
    adjusted: list[Hit] = []
    for hit in hits:
        term = hit.entry.term
        word_end = text.find(" ", hit.end)
        rest = text[hit.end :] if word_end < 0 else text[hit.end : word_end]
        in_case = rest in _ORIGIN_CASES.get(term.lang, frozenset())
        if term.role != "context" and (hit.start > origin_at or in_case):
            hit = Hit(hit.start, hit.end, hit.entry, hit.weight * _ORIGIN_WEIGHT)
        adjusted.append(hit)
    return adjusted


def _patterns(term: Term) -> list[tuple[str, bool]]:
    """The term itself and the stems its inflected forms start with."""
    return [(term.pattern, False)] + [(s, True) for s in stem_variants(term.pattern, term.lang)]


def _hit_weight(text: str, start: int, entry: Entry, lang: str | None) -> float:
    term = entry.term
    end = start + len(entry.pattern)
    word_end = text.find(" ", end)
    rest = text[end:] if word_end < 0 else text[end:word_end]
    at_word_start = start == 0 or text[start - 1] == " "
    inside_minimum = _MIN_MODIFIER if entry.stem else 4  # "vere" (veri) not in "levere"
    if not at_word_start and (term.lang == "en" or len(entry.pattern) < inside_minimum):
        return 0.0
    if is_inflection(rest, term.lang):
        position = 1.0
    elif entry.stem or len(rest) < 3 or len(entry.pattern) < _MIN_MODIFIER:
        return 0.0  # short words inside longer ones are too often something else
    else:
        position = _MODIFIER_WEIGHT
    weight = _term_weight(entry, lang) * position
    return weight * _STEM_WEIGHT if entry.stem else weight


def _term_weight(entry: Entry, lang: str | None) -> float:
    """Longer terms are more specific; weak and context words count less."""
    term = entry.term
    weight = (1.0 + LENGTH_BONUS * min(len(entry.pattern), 20)) * _ROLE_WEIGHT[term.role]
    if lang is not None and term.lang not in (lang, "en"):
        weight *= _OTHER_LANGUAGE_WEIGHT
    return weight


def _drop_covered(hits: list[Hit]) -> list[Hit]:
    """Keep a hit unless a longer hit covers its whole span ("lentotuhka" hides "tuhka")."""
    hits.sort(key=lambda h: (h.start - h.end, h.start))
    kept: list[Hit] = []
    for hit in hits:
        length = hit.end - hit.start
        if any(
            k.start <= hit.start and hit.end <= k.end and k.end - k.start > length for k in kept
        ):
            continue
        kept.append(hit)
    return kept


@cache
def _index() -> _Index:
    return _Index(thesaurus())


def find_hits(text: str, lang: str | None) -> list[Hit]:
    """Every term found in a folded text (see the module docstring), longest first."""
    return _index().hits(text, lang)
