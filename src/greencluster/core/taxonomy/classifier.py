"""Classify free-text side-stream descriptions (six languages) into resource classes.

problem: a text such as "kuivaa koivuhaketta n. 500 i-m3 vuodessa" or "10 01 05*";
model:   the thesaurus compiled into an index of folded patterns (plus automatic stems for
         inflected word forms) and a label index over the official EWC labels as a fallback;
solve:   find every term in the text (inside compounds too), drop terms covered by a longer
         one, add up the weights per class;
result:  :class:`Classification` with ranked :class:`Suggestion` s and a calibrated confidence.

An EWC code typed by the user wins outright. The confidence of the best suggestion is a
logistic function of its score and its lead over the runner-up, fitted on the development
part of the evaluation set (see :data:`CALIBRATION`); ``low_confidence`` is set below
:data:`LOW_CONFIDENCE`, where the web form asks the user to pick.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from greencluster.core.taxonomy.classes import (
    ResourceClass,
    ancestors,
    equivalents,
    get_class,
    has_class,
)
from greencluster.core.taxonomy.ewc import find_ewc_codes, parse_ewc
from greencluster.core.taxonomy.labels import label_matches
from greencluster.core.taxonomy.language import detect_language
from greencluster.core.taxonomy.normalise import (
    is_inflection,
    normalised,
    phrase_pattern,
    stem_variants,
)
from greencluster.core.taxonomy.thesaurus import Term, thesaurus
from greencluster.core.taxonomy.typos import TypoIndex

# Logistic calibration of the best suggestion's confidence, weights of :func:`features`.
# Fitted on the "dev" split of data/taxonomy/evaluation.csv (benchmarks/bench_taxonomy.py
# prints the fit); the held-out split is only ever used to report.
CALIBRATION = (2.473, 0.601, -3.082, -0.332)
LOW_CONFIDENCE = 0.5
CODE_CONFIDENCE = 0.99  # an EWC code typed inside a longer text
LABEL_WEIGHT = 4.5  # an official label matched almost word for word outweighs one term
LABEL_MIN_RECALL = 0.75  # most of the label's informative words must be in the text
LABEL_MIN_F1 = 0.6
LABEL_TIE = 0.02
LABEL_MIN_WORDS = 3  # one- or two-word labels ("Wood", "Glass") are the thesaurus's job

_ROLE_WEIGHT = {"term": 1.0, "weak": 0.45, "context": 0.4}
_MODIFIER_WEIGHT = 0.3  # a term used as the first part of a compound ("holz" in "holzasche")
_STEM_WEIGHT = 0.9
_TYPO_WEIGHT = 0.6
LENGTH_BONUS = 0.04  # per letter: a longer term is more specific
_MIN_MODIFIER = 5  # "mask" (nb spent grain) must not count inside "maskinverksted"
_OTHER_LANGUAGE_WEIGHT = 0.9
_KIND_ORDER = {"product": 0, "carrier": 1, "waste": 2, "sub-chapter": 3, "chapter": 4}


@dataclass(frozen=True, slots=True)
class Suggestion:
    class_id: str
    ewc: str | None
    label: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Classification:
    text: str
    suggestions: tuple[Suggestion, ...]
    low_confidence: bool
    language: str | None

    @property
    def best(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None


@dataclass(frozen=True, slots=True)
class _Entry:
    pattern: str
    term: Term
    stem: bool
    phrase: bool = False  # multi-word term: every word may inflect (see phrase_pattern)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    entry: _Entry
    weight: float


_KEY = 4  # letters of the lookup key; every term has at least three letters


class _Index:
    """Thesaurus patterns keyed by their first four letters (three-letter terms apart)."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.by_prefix: dict[str, list[_Entry]] = defaultdict(list)  # first _KEY letters
        self.short: dict[str, list[_Entry]] = defaultdict(list)  # terms of three letters
        self.whole: dict[str, list[_Entry]] = defaultdict(list)  # unstemmed, for typos
        seen: set[tuple[str, str, str, bool]] = set()
        for term in terms:
            for pattern, stem in _patterns(term):
                key = (pattern, term.class_id, term.role, stem)
                if key in seen:
                    continue
                seen.add(key)
                entry = _Entry(pattern, term, stem, " " in pattern)
                if len(pattern) < _KEY:
                    self.short[pattern].append(entry)
                else:
                    self.by_prefix[pattern[:_KEY]].append(entry)
                if not stem and term.role != "context":
                    self.whole[pattern].append(entry)
        self.typos = TypoIndex(self.whole)

    def hits(self, text: str, lang: str | None) -> list[_Hit]:
        found: list[_Hit] = []
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
                        found.append(_Hit(start, phrase.end(), entry, weight))
                elif text.startswith(entry.pattern, start):
                    weight = _hit_weight(text, start, entry, lang)
                    if weight > 0:
                        found.append(_Hit(start, start + len(entry.pattern), entry, weight))
        found.extend(self._typo_hits(text, found, lang))
        return _drop_covered(_origins_weigh_less(text, found))

    def _typo_hits(self, text: str, exact: list[_Hit], lang: str | None) -> list[_Hit]:
        """Words no term explains, matched to a term one typo away (at a lower weight)."""
        found: list[_Hit] = []
        start = 0
        for word in text.split(" "):
            end = start + len(word)
            if not any(h.start < end and start < h.end for h in exact):
                best: dict[str, _Hit] = {}  # one hit per class and word
                for pattern in sorted(self.typos.lookup(word)):
                    for entry in self.whole[pattern]:
                        weight = _term_weight(entry, lang) * _TYPO_WEIGHT
                        current = best.get(entry.term.class_id)
                        if current is None or weight > current.weight:
                            best[entry.term.class_id] = _Hit(start, end, entry, weight)
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


def _origins_weigh_less(text: str, hits: list[_Hit]) -> list[_Hit]:
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
    adjusted: list[_Hit] = []
    for hit in hits:
        term = hit.entry.term
        word_end = text.find(" ", hit.end)
        rest = text[hit.end :] if word_end < 0 else text[hit.end : word_end]
        in_case = rest in _ORIGIN_CASES.get(term.lang, frozenset())
        if term.role != "context" and (hit.start > origin_at or in_case):
            hit = _Hit(hit.start, hit.end, hit.entry, hit.weight * _ORIGIN_WEIGHT)
        adjusted.append(hit)
    return adjusted


def _patterns(term: Term) -> list[tuple[str, bool]]:
    """The term itself and the stems its inflected forms start with."""
    return [(term.pattern, False)] + [(s, True) for s in stem_variants(term.pattern, term.lang)]


def _hit_weight(text: str, start: int, entry: _Entry, lang: str | None) -> float:
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


def _term_weight(entry: _Entry, lang: str | None) -> float:
    """Longer terms are more specific; weak and context words count less."""
    term = entry.term
    weight = (1.0 + LENGTH_BONUS * min(len(entry.pattern), 20)) * _ROLE_WEIGHT[term.role]
    if lang is not None and term.lang not in (lang, "en"):
        weight *= _OTHER_LANGUAGE_WEIGHT
    return weight


def _drop_covered(hits: list[_Hit]) -> list[_Hit]:
    """Keep a hit unless a longer hit covers its whole span ("lentotuhka" hides "tuhka")."""
    hits.sort(key=lambda h: (h.start - h.end, h.start))
    kept: list[_Hit] = []
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


def _with_labels(scores: dict[str, float], folded: str) -> dict[str, float]:
    """Add official-label evidence; fall back to it (capped confidence) when nothing else."""
    if not scores:
        return {m.class_id: LABEL_WEIGHT * m.f1 for m in label_matches(folded) if m.f1 > 0}
    matches = label_matches(folded, minimum_words=LABEL_MIN_WORDS)
    merged = dict(scores)
    strong = [
        m
        for m in matches
        if m.f1 >= LABEL_MIN_F1 and m.recall >= LABEL_MIN_RECALL and m.words >= LABEL_MIN_WORDS
    ]
    for match in strong:
        # The same wording ("sludges from on-site effluent treatment") recurs in many
        # sub-chapters; evidence shared by several classes is split between them.
        twins = sum(1 for m in matches if m.f1 >= match.f1 - LABEL_TIE)
        merged[match.class_id] = merged.get(match.class_id, 0.0) + LABEL_WEIGHT * match.f1 / twins
    return merged


def _scores(text: str, lang: str | None) -> tuple[dict[str, float], list[_Hit]]:
    hits = _index().hits(text, lang)
    named: dict[str, float] = defaultdict(float)
    context: dict[str, float] = defaultdict(float)
    counted: set[tuple[str, str]] = set()
    weak_only = True
    for hit in hits:
        key = (hit.entry.term.class_id, hit.entry.pattern)
        if key in counted:
            continue
        counted.add(key)
        role = hit.entry.term.role
        target = context if role == "context" else named
        target[hit.entry.term.class_id] += hit.weight
        weak_only = weak_only and role != "term"
    generic = max(named.values(), default=0.0) if weak_only else 0.0
    refined = False
    for class_id, extra in context.items():
        own = _refinable(class_id, named)
        if own or generic:
            named[class_id] = (own or generic) + extra
            refined = refined or not own
    if refined:
        # "sludge from the dairy": the generic words were read as the refined class; the
        # generic reading ("sludge" = industrial sludge) is no rival to it.
        named = {c: v for c, v in named.items() if c in context}
    return dict(named), hits


def _refinable(class_id: str, named: dict[str, float]) -> float:
    """Score of what a context word may refine into ``class_id``.

    Context refines the class itself, a named product into one of its EWC entries
    ("Flugasche" + "Biomassekessel" -> fly ash from peat and untreated wood) or a named group
    into a member ("ash" + "biomass boiler"). When only generic words name anything ("sludge
    from the dairy"), the caller lets context refine those as well.
    """
    related_ids = (class_id, *equivalents(class_id), *ancestors(class_id)[1:])
    return max((named.get(other, 0.0) for other in related_ids), default=0.0)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def features(found: Evidence) -> tuple[float, float, float, float]:
    """What the confidence is a logistic function of: lead, score, 1, label-only flag."""
    return (found.lead, found.score, 1.0, 1.0 if found.fallback else 0.0)


def calibrated_confidence(found: Evidence) -> float:
    return _sigmoid(sum(w * x for w, x in zip(CALIBRATION, features(found), strict=True)))


def _suggestion(cls: ResourceClass, confidence: float, lang: str | None) -> Suggestion:
    return Suggestion(cls.id, cls.ewc, cls.label(lang or "en"), round(confidence, 4))


def _rank(scores: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(
        scores.items(), key=lambda kv: (-kv[1], _KIND_ORDER[get_class(kv[0]).kind], kv[0])
    )


def related(a: str, b: str) -> bool:
    """Do two classes name the same material (equivalents, or one contains the other)?"""
    return b in equivalents(a) or a in equivalents(b) or a in ancestors(b) or b in ancestors(a)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the confidence is computed from: the best class, its score and lead."""

    best: str | None
    score: float
    lead: float  # over the best class that is not the same material
    fallback: bool  # only official labels matched


def _evidence(ranked: list[tuple[str, float]], fallback: bool) -> Evidence:
    if not ranked:
        return Evidence(None, 0.0, 0.0, fallback)
    best_id, best = ranked[0]
    rival = next((score for cid, score in ranked[1:] if not related(best_id, cid)), 0.0)
    return Evidence(best_id, best, best - rival, fallback)


def _suggestions(
    ranked: list[tuple[str, float]], evidence: Evidence, top: int, lang: str | None
) -> list[Suggestion]:
    if evidence.best is None:
        return []
    first = calibrated_confidence(evidence)
    if evidence.fallback:
        # Only official wording matched: never surer than the match itself (its F1, squared),
        # so a description that shares one rare word with a label stays a question.
        first = min(first, (evidence.score / LABEL_WEIGHT) ** 2)
    shown = ranked[:top]
    rest_mass = sum(score for _, score in shown[1:])
    result = [_suggestion(get_class(evidence.best), first, lang)]
    for class_id, score in shown[1:]:
        # The runners-up share what the best leaves, never more than the best itself.
        share = min(first, (1.0 - first) * score / rest_mass)
        result.append(_suggestion(get_class(class_id), share, lang))
    return result


def _coded(text: str, lang: str | None) -> Classification | None:
    code = parse_ewc(text)
    confidence = 1.0
    if code is None:
        codes = [c for c in find_ewc_codes(text) if has_class(f"ewc.{c}")]
        if not codes:
            return None
        code, confidence = codes[0], CODE_CONFIDENCE
    if not has_class(f"ewc.{code}"):
        return None
    cls = get_class(f"ewc.{code}")
    return Classification(text, (_suggestion(cls, confidence, lang),), False, lang)


def _ranked(text: str, lang: str | None) -> tuple[list[tuple[str, float]], bool, str | None]:
    folded = normalised(text)
    scores, hits = _scores(folded, lang)
    language = lang or detect_language(text, [h.entry.term.lang for h in hits], folded=folded)
    fallback = not scores
    return _rank(_with_labels(scores, folded)), fallback, language


def evidence(text: str, *, lang: str | None = None) -> Evidence:
    """The raw evidence behind a classification (for calibration and diagnostics)."""
    ranked, fallback, _ = _ranked(text, lang)
    return _evidence(ranked, fallback)


def classify(text: str, *, lang: str | None = None, top: int = 5) -> Classification:
    """Rank the classes a description most likely means; see the module docstring."""
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    coded = _coded(text, lang)
    if coded is not None:
        return coded
    ranked, fallback, language = _ranked(text, lang)
    suggestions = _suggestions(ranked, _evidence(ranked, fallback), top, language)
    low = not suggestions or suggestions[0].confidence < LOW_CONFIDENCE
    return Classification(text, tuple(suggestions), low, language)


@lru_cache(maxsize=32_768)
def _classify_cached(text: str, lang: str | None, top: int) -> Classification:
    return classify(text, lang=lang, top=top)


def classify_many(
    texts: Sequence[str], *, lang: str | None = None, top: int = 5
) -> list[Classification]:
    """Classify many descriptions; repeated texts are classified once (registers repeat a lot)."""
    return [_classify_cached(text, lang, top) for text in texts]
